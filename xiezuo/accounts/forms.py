from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm


class LoginForm(AuthenticationForm):
    """The login form. Failed attempts are counted and locked out by django-axes
    (``xiezuo/accounts/lockout.py``)."""
