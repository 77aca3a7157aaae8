from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """The login form. Failed attempts are counted and locked out by django-axes
    (``xiezuo/accounts/lockout.py``); the demo's shared password signs nobody in outside
    demo mode."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "demo_password": _("演示环境的公用密码不能在正式环境中登录，请联系管理员重置密码。"),
    }

    def clean(self) -> dict[str, Any]:
        from xiezuo.accounts.demo import DEMO_PASSWORD

        if not settings.DEMO and self.cleaned_data.get("password") == DEMO_PASSWORD:
            raise forms.ValidationError(self.error_messages["demo_password"],
                                        code="demo_password")
        return super().clean()
