from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from xiezuo.regions.models import Region
from xiezuo.transfer.models import Mode


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Excel 文件"),
                           help_text=_("请使用本页的导入模板，或本系统导出的 Excel / CSV 文件"))
    mode = forms.ChoiceField(label=_("导入方式"), choices=Mode.choices, initial=Mode.UPSERT,
                             help_text=_("已有记录按关键字段识别；内容相同的行不会重复写入"))


class RegionImportForm(forms.ModelForm):
    """One division of the registry as an import row: code, name, level, parent and successor
    by code, validity. The rules the registry keeps: a 6, 9 or 12-digit code whose shape
    gives the level, the parent the nearest division above it by the code, dates in order,
    a successor that exists and leads back to no one it succeeded."""

    parent_code = forms.CharField(
        label=_("上级区划代码"), required=False, max_length=12,
        help_text=_("留空时按代码取上级；省级区划留空"))
    successor_code = forms.CharField(
        label=_("继承区划代码"), required=False, max_length=12,
        help_text=_("撤销、合并或更名后接替本区划的区划代码"))

    class Meta:
        model = Region
        fields = ("code", "name", "level", "parent_code", "valid_from", "valid_to",
                  "successor_code")

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            self.initial["parent_code"] = self.instance.parent.code if self.instance.parent \
                else ""
            self.initial["successor_code"] = self.instance.successor.code \
                if self.instance.successor else ""

    def clean_code(self) -> str:
        from xiezuo.regions import names

        try:
            return names.normalise_code(self.cleaned_data["code"])
        except ValueError as exc:
            raise forms.ValidationError(_("区划代码应为6位、9位或12位数字（省级如 620000，"
                                          "县级如 622901）。"), code="code") from exc

    def clean(self) -> dict[str, Any]:
        from xiezuo.regions import names
        from xiezuo.regions.models import LEVEL_DEPTH

        cleaned: dict[str, Any] = super().clean() or {}
        code, level = cleaned.get("code"), cleaned.get("level")
        if code and level:
            expected = level_of_code(code)
            if expected != level:
                self.add_error("level", _("代码 %(c)s 是%(e)s区划的代码，与所填级别不符。") % {
                    "c": code, "e": dict(Region._meta.get_field("level").choices or [])[expected]})
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("失效日期不能早于生效日期。"))
        if code:
            self.instance.parent = self._parent(code, cleaned.get("parent_code") or "", level)
            self.instance.successor = self._successor(code, cleaned.get("successor_code") or "")
            if level and "level" not in self.errors and self.instance.parent is not None and \
                    LEVEL_DEPTH[self.instance.parent.level] >= LEVEL_DEPTH[level]:
                self.add_error("parent_code", _("上级区划的级别必须高于本区划。"))
            if code and level and level != "province" and self.instance.parent is None \
                    and "parent_code" not in self.errors:
                keys = names.ancestor_keys(code)
                self.add_error("parent_code", _(
                    "找不到上级区划（代码以 %(k)s 开头）：请先导入上级区划。") % {
                    "k": keys[-2] if len(keys) > 1 else ""})
        return cleaned

    def _find(self, code: str) -> Any:
        return Region.objects.filter(code=code).order_by(
            models.F("valid_to").desc(nulls_first=True)).first()

    def _parent(self, code: str, given: str, level: str | None) -> Any:
        from xiezuo.regions import names

        keys = names.ancestor_keys(code)
        if len(keys) < 2:
            if given:
                self.add_error("parent_code", _("省级区划没有上级区划。"))
            return None
        wanted = keys[-2]
        if given:
            try:
                given = names.normalise_code(given)
            except ValueError:
                self.add_error("parent_code", _("「%(c)s」不是有效的区划代码。") % {"c": given})
                return None
            if names.scope_key(given) != wanted:
                self.add_error("parent_code", _(
                    "上级区划应是代码 %(c)s 的直接上级（代码以 %(k)s 开头），而不是 %(g)s。") % {
                    "c": code, "k": wanted, "g": given})
                return None
        parent = self._find(given) if given else next(
            (r for r in self._by_key(wanted)), None)
        if given and parent is None:
            self.add_error("parent_code", _("找不到上级区划 %(c)s：请先导入上级区划。") % {
                "c": given})
        return parent

    def _by_key(self, key: str) -> Any:
        return Region.objects.filter(scope_key=key).order_by(
            models.F("valid_to").desc(nulls_first=True))

    def _successor(self, code: str, given: str) -> Any:
        from xiezuo.regions import names

        if not given:
            return None
        try:
            given = names.normalise_code(given)
        except ValueError:
            self.add_error("successor_code", _("「%(c)s」不是有效的区划代码。") % {"c": given})
            return None
        if given == code:
            self.add_error("successor_code", _("继承区划不能是本区划。"))
            return None
        successor = self._find(given)
        if successor is None:
            self.add_error("successor_code", _("找不到继承区划 %(c)s。") % {"c": given})
            return None
        node, seen = successor, set()
        while node is not None and node.pk not in seen:  # no circle of successors
            if node.code == code:
                self.add_error("successor_code", _("继承关系不能循环：%(c)s 最终又由本区划继承。")
                               % {"c": given})
                return None
            seen.add(node.pk)
            node = node.successor
        return successor


def level_of_code(code: str) -> str:
    """The level a division code's shape gives: 620000 province, 622900 prefecture,
    622901 county, 9 digits township, 12 village."""
    if len(code) == 12:
        return "village"
    if len(code) == 9:
        return "township"
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        return "prefecture"
    return "county"
