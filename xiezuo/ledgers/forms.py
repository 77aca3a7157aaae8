"""The base form of every ledger: region by name or code, pairing matched automatically,
scope checked. Importers feed rows through the same forms."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _

from xiezuo.core.personal import mask, may_see_personal_data
from xiezuo.core.scoping import Action, Scope
from xiezuo.ledgers.models import period_day
from xiezuo.pairings.models import Pairing
from xiezuo.regions.forms import RegionField

#: the years a ledger record may be of: the programme began in 1996
FIRST_YEAR, LAST_YEAR = 1990, 2100


class LedgerForm(forms.ModelForm):
    region = RegionField(label=_("所在地区"))
    pairing = forms.ModelChoiceField(
        label=_("结对关系"), queryset=Pairing.objects.none(), required=False,
        help_text=_("留空时按地区和日期自动匹配当时有效的结对"),
    )
    #: region levels this ledger accepts (None: any)
    region_levels: ClassVar[list[str] | None] = None

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        pairing_field = self.fields["pairing"]
        assert isinstance(pairing_field, forms.ModelChoiceField)
        pairing_field.queryset = Pairing.objects.visible_to(user).with_regions()
        region_field = self.fields["region"]
        assert isinstance(region_field, RegionField)
        region_field.levels = self.region_levels
        # Fields whose model field has a default (amounts, counts) may be left empty.
        self._defaults: dict[str, Any] = {}
        for name, field in self.fields.items():
            model_field = self._meta.model._meta.get_field(name) if name in {
                f.name for f in self._meta.model._meta.fields} else None
            if model_field is not None and model_field.has_default() and not isinstance(
                    field, forms.BooleanField):
                field.required = False
                self._defaults[name] = model_field.get_default()
            if isinstance(field.widget, forms.DateInput):
                field.widget.input_type = "date"
                field.widget.format = "%Y-%m-%d"
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs.setdefault("rows", 3)
        self.mask_personal_fields()

    def mask_personal_fields(self) -> None:
        """A user who may not see personal data gets the stored ID number or phone masked
        in the form; sending the masked text back keeps what is stored."""
        if may_see_personal_data(self.user) or not self.instance.pk:
            return
        for name in getattr(self._meta.model, "audit_masked", ()):
            stored = getattr(self.instance, name, None)
            if name not in self.fields or not stored:
                continue
            masked = mask(stored)
            self.initial[name] = masked
            self.fields[name].help_text = _("已脱敏显示；不修改则保留原号码，修改请填写完整号码。")
            key = self.add_prefix(name)
            if self.is_bound and self.data.get(key) == masked:
                data: Any = self.data.copy()  # type: ignore[attr-defined]
                data[key] = stored
                self.data = data

    def record_date(self) -> dt.date | None:
        period_field = getattr(self._meta.model, "period_field", "year")
        return period_day(self.cleaned_data.get(period_field))

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        for name, default in self._defaults.items():
            if name in cleaned and cleaned[name] in (None, ""):
                cleaned[name] = default
        year = cleaned.get("year")
        if isinstance(year, int) and not FIRST_YEAR <= year <= LAST_YEAR:
            self.add_error("year", _(
                "「%(y)s」不是有效的年度：请填写 %(a)s 至 %(b)s 之间的四位年份。") % {
                "y": year, "a": FIRST_YEAR, "b": LAST_YEAR})
        region, pairing = cleaned.get("region"), cleaned.get("pairing")
        day = self.record_date()
        if region is not None and pairing is None and day is not None:
            found = self.matching_pairings(region, day)
            if not found:
                self.add_error("region", _("%(r)s 在 %(d)s 没有有效的结对关系，无法登记。") % {
                    "r": region.name, "d": day.year})
            else:
                cleaned["pairing"] = found[0]
        return cleaned

    def matching_pairings(self, region: Any, day: dt.date) -> list[Pairing]:
        """The pairings the region's records belong to on ``day``, most specific first.

        For a year, any pairing active some time in that year counts.
        """
        qs: Any = Pairing.objects.visible_to(self.user)
        period_field = getattr(self._meta.model, "period_field", "year")
        if period_field == "year":
            qs = qs.active_in_year(day.year).select_related("donor", "recipient")
            for side in ("recipient", "donor"):
                found = list(qs.filter(**{f"{side}__scope_key__in": region.ancestor_keys})
                             .order_by(f"-{side}__depth", "-start_date"))
                if found:
                    return found
            return []
        # Work done on the donor's side (a joint meeting held there, a cadre from the west
        # working in the east) belongs to the pairing whose donor covers the region.
        return list(qs.covering(region, day)) or list(qs.covering(region, day, side="donor"))

    def _post_clean(self) -> None:
        super()._post_clean()  # type: ignore[misc]
        if self.errors or self.user is None:
            return
        if not Scope.of(self.user).covers(self.instance, Action.CHANGE):
            self.add_error(None, _("只能登记或修改本单位数据范围内的记录。"))
