from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from xiezuo.accounts.models import Office


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


class UserFilterForm(forms.Form):
    """The people list's filters."""

    q = forms.CharField(label=_("用户名或姓名"), required=False, max_length=50)
    office = forms.ModelChoiceField(label=_("单位"), queryset=Office.objects.none(), required=False,
                                    empty_label=_("全部单位"))
    role = forms.ChoiceField(label=_("角色"), required=False)
    active = forms.ChoiceField(label=_("状态"), required=False, choices=(
        ("", _("全部")), ("1", _("启用")), ("0", _("已停用"))))

    def __init__(self, data: Any, offices: Any, roles: list[tuple[str, str]]) -> None:
        super().__init__(data)
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        self.fields["role"].choices = [("", _("全部角色")), *roles]  # type: ignore[attr-defined]


class UserForm(forms.Form):
    """An account as an office administrator sees it: offices and roles limited to what the
    administrator may give (``accounts.actions``)."""

    username = forms.CharField(label=_("用户名"), max_length=150,
                               help_text=_("登录用，字母、数字和 @/./+/-/_，创建后不能修改。"))
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    office = forms.ModelChoiceField(label=_("所属单位"), queryset=Office.objects.none())
    role = forms.ChoiceField(label=_("角色"))
    may_see_personal_data = forms.BooleanField(
        label=_("可查看个人敏感信息"), required=False,
        help_text=_("可查看完整身份证号和手机号；只有本身有此权限的管理员才能授予。"))
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True,
                                   help_text=_("停用后该账号不能登录，记录保留。"))
    reason = forms.CharField(label=_("变更原因"), required=False, max_length=200,
                             help_text=_("写入操作日志。"))

    def __init__(self, data: Any, offices: Any, roles: list[tuple[str, str]],
                 instance: Any = None, may_grant_personal: bool = True) -> None:
        initial = None
        if instance is not None:
            initial = {"username": instance.username, "full_name": instance.full_name,
                       "email": instance.email, "office": instance.office_id,
                       "role": instance.role,
                       "may_see_personal_data": instance.may_see_personal_data,
                       "is_active": instance.is_active}
        super().__init__(data, initial=initial)
        self.instance = instance
        self.fields["office"].queryset = offices  # type: ignore[attr-defined]
        self.fields["role"].choices = roles  # type: ignore[attr-defined]
        if instance is None:
            del self.fields["is_active"], self.fields["reason"]
        else:
            self.fields["username"].disabled = True
        if not may_grant_personal and not (instance and instance.may_see_personal_data):
            self.fields["may_see_personal_data"].disabled = True

    def clean_username(self) -> str:
        from django.contrib.auth.validators import UnicodeUsernameValidator

        from xiezuo.accounts.models import User

        name = str(self.cleaned_data["username"]).strip()
        if self.instance is not None:
            return str(self.instance.username)
        UnicodeUsernameValidator()(name)
        if User.objects.filter(username__iexact=name).exists():
            raise forms.ValidationError(_("用户名“%(u)s”已被使用。") % {"u": name})
        return name
