from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.transfer.models import Mode


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件"),
                           help_text=_("请使用本页的导入模板，或本系统导出的 Excel / CSV 文件"))
    mode = forms.ChoiceField(label=_("导入方式"), choices=Mode.choices, initial=Mode.UPSERT,
                             help_text=_("已有记录按关键字段识别；内容相同的行不会重复写入"))
