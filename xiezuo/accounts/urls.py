from django.contrib.auth import views as auth_views
from django.urls import path

from xiezuo.accounts import otp, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("money-unit/", views.money_unit, name="money_unit"),
    path("otp/", otp.verify, name="otp"),
    path("otp/setup/", otp.setup, name="otp_setup"),
    path("lockouts/", views.lockouts, name="lockouts"),
    path("lockouts/unlock/", views.unlock, name="unlock"),
    path("users/", views.users, name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/password/", views.user_password, name="user_password"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
]
