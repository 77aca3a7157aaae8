"""/tokens/: a user's own API tokens (a page like any other, outside /api/)."""

from django.urls import path

from xiezuo.api import views

app_name = "tokens"
urlpatterns = [
    path("", views.tokens, name="list"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
]
