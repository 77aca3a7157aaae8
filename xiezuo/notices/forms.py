from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.accounts.models import Office


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each checked like every attachment (type, size, content)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        from xiezuo.core.attachments import check_upload

        uploads = [u for u in (data if isinstance(data, list | tuple) else [data]) if u]
        for upload in uploads:
            super().clean(upload, initial)
            try:
                check_upload(upload)
            except ValueError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return uploads


class NoticeForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 8}))
    deadline = forms.DateField(label=_("办理期限"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}),
                               help_text=_("需要下级单位办理或回复时填写"))
    offices = forms.ModelMultipleChoiceField(
        label=_("接收单位"), queryset=Office.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("不选则发给全部下级单位"))
    attachments = MultipleFileField(label=_("附件"), required=False)

    def __init__(self, data: Any, files: Any, offices: Any) -> None:
        super().__init__(data, files)
        self.fields["offices"].queryset = offices  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        if not self.fields["offices"].queryset.exists():  # type: ignore[attr-defined]
            raise forms.ValidationError(_("本单位没有下级单位可以接收通知。"))
        return cleaned
