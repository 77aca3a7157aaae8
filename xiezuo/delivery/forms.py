"""The notification preferences form: channels per kind, and the robot's webhook."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from xiezuo.delivery import channels
from xiezuo.delivery.models import Channel, Kind, Preference


class PreferenceForm(forms.Form):
    webhook_url = forms.URLField(
        label=_("群机器人 Webhook 地址"), required=False, max_length=500,
        assume_scheme="https",
        help_text=_("企业微信或钉钉群机器人的 Webhook 地址（https:// 开头，含 key 或 "
                    "access_token）。"))

    def __init__(self, *args: Any, preference: Preference | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[f"kind_{kind.value}"] = forms.MultipleChoiceField(
                label=kind.label, choices=Channel.choices, required=False,
                widget=forms.CheckboxSelectMultiple)
        if preference is not None and not self.is_bound:
            self.initial["webhook_url"] = preference.webhook_url
            for kind in Kind:
                self.initial[f"kind_{kind.value}"] = preference.wants(kind)

    def clean_webhook_url(self) -> str:
        url = str(self.cleaned_data.get("webhook_url") or "").strip()
        if url and urlsplit(url).scheme != "https":
            raise forms.ValidationError(_("Webhook 地址须以 https:// 开头。"))
        if url and not channels.host_allowed(url):
            raise forms.ValidationError(
                _("只能填写企业微信或钉钉群机器人的地址（允许的主机：%(h)s）。") % {
                    "h": "、".join(settings.XIEZUO_WEBHOOK_HOSTS)})
        return url

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        wants_webhook = any(Channel.WEBHOOK in (data.get(f"kind_{k.value}") or [])
                            for k in Kind)
        if wants_webhook and not data.get("webhook_url") and "webhook_url" not in self.errors:
            self.add_error("webhook_url", _("选择了群机器人渠道，请填写 Webhook 地址。"))
        return data

    def channels(self) -> dict[str, list[str]]:
        return {k.value: sorted(self.cleaned_data.get(f"kind_{k.value}") or [])
                for k in Kind if self.cleaned_data.get(f"kind_{k.value}")}
