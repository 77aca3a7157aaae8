"""The base form of every ledger: region by name or code, pairing matched automatically,
scope checked. Importers feed rows through the same forms."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.db import models
from django.forms.models import ModelFormMetaclass, model_to_dict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from xiezuo.core.forms import FixedTypedChoiceField
from xiezuo.core.personal import mask, may_see_personal_data
from xiezuo.core.scoping import Action, Scope
from xiezuo.ledgers import records
from xiezuo.ledgers.models import period_day
from xiezuo.pairings.models import Pairing
from xiezuo.regions.forms import RegionField

#: the years a ledger record may be of: the programme began in 1996
FIRST_YEAR, LAST_YEAR = 1990, 2100


class RecordChoiceField(forms.ModelChoiceField):
    """A related record from ``queryset``. While a batch's records are active
    (``ledgers/records.py``), a record the batch found in this very field's queryset is taken
    as it is, without asking the database again; anything else is looked up as usual."""

    #: the form field's name, by which the batch's records are known (set by the form)
    field_name = ""

    def to_python(self, value: Any) -> Any:
        batch = records.active()
        if batch is not None and batch.offered(self.field_name, value):
            return value
        return super().to_python(value)


def record_formfield(db_field: models.Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    """The form field of a model field: a foreign key becomes a :class:`RecordChoiceField`,
    a field with choices shares its fixed choices between forms."""
    if isinstance(db_field, models.ForeignKey) and "form_class" not in kwargs:
        kwargs["form_class"] = RecordChoiceField
    elif db_field.choices and "choices_form_class" not in kwargs:
        kwargs["choices_form_class"] = FixedTypedChoiceField
    return db_field.formfield(**kwargs)


_UNIQUE: dict[type[models.Model], bool] = {}


def _has_unique(model: type[models.Model]) -> bool:
    """Whether ``model`` declares anything unique besides its primary key."""
    if model not in _UNIQUE:
        meta = model._meta
        dated = ("unique_for_date", "unique_for_month", "unique_for_year")
        _UNIQUE[model] = bool(
            any(f.unique and not f.primary_key for f in meta.fields)
            or meta.unique_together or meta.total_unique_constraints
            or any(getattr(f, name, None) for f in meta.fields for name in dated))
    return _UNIQUE[model]


class LedgerFormMetaclass(ModelFormMetaclass):
    """Every ledger form's foreign keys are :class:`RecordChoiceField` (its ``Meta`` may still
    name its own ``formfield_callback``)."""

    def __new__(mcs, name: str, bases: tuple[type, ...], attrs: dict[str, Any]) -> Any:
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(record_formfield)
        return super().__new__(mcs, name, bases, attrs)


def encode(data: dict[str, Any], name: str, field: forms.Field, value: Any) -> None:
    """Put ``value`` (a Python value: an amount in yuan, a day, a record) into ``data`` the
    way the form's widget would send it, so that a value read elsewhere (a cell of a sheet, a
    JSON body) goes through the form's own cleaning."""
    widget = field.widget
    if isinstance(widget, forms.MultiWidget):
        parts: list[Any]
        if isinstance(value, Decimal | int) and not isinstance(value, bool) \
                and len(widget.widgets) == 2:
            parts = [format(Decimal(value), "f"), "yuan"]  # money, exact
        else:
            parts = widget.decompress(value) or []
        names = getattr(widget, "widgets_names", [f"_{i}" for i in range(len(parts))])
        for suffix, part in zip(names, parts, strict=False):
            data[name + suffix] = "" if part is None else part
        return
    if isinstance(widget, forms.CheckboxInput):
        data[name] = bool(value)
        return
    data[name] = "" if value is None else value


class LedgerForm(forms.ModelForm, metaclass=LedgerFormMetaclass):
    #: the version of the record the form was opened on: a save made from an older one
    #: is refused (``ledgers.actions.Stale``)
    seen_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    region = RegionField(label=_("所在地区"))
    pairing = RecordChoiceField(
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
        for name, field in self.fields.items():
            if isinstance(field, RecordChoiceField):
                field.field_name = name
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
        if self.instance.pk:
            self.fields["seen_version"].initial = getattr(self.instance, "version", None)

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

    def rebind(self, data: dict[str, Any], instance: models.Model) -> LedgerForm:
        """Bind this form to the next row of a batch: ``data`` and a new, unsaved
        ``instance`` (a copy of the record the constructor prepared). An import validates a
        file's new rows one after another with one form, its fields and the user's set-up
        made once, instead of making the whole form again for every row; the validation is
        the form's own, every rule included (``test_rebind.py`` holds both ways equal on
        random rows of every ledger). The previous row's errors and cleaned data are gone:
        read what you need from the form before binding it again."""
        self.data, self.files, self.is_bound = data, MultiValueDict(), True
        self.instance = instance
        self._errors = None  # as a newly bound form: validated on the next is_valid()
        self._validate_unique = False
        self.__dict__.pop("cleaned_data", None)
        self.__dict__.pop("changed_data", None)
        return self

    def validate_unique(self) -> None:
        """As Django's; a ledger with nothing unique but the record's own number (most of
        them) has nothing to check, and the fields to leave out are not worked out."""
        if _has_unique(self._meta.model):
            super().validate_unique()

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


def stored_data(form: forms.ModelForm, obj: Any) -> dict[str, Any]:
    """The form's data of a stored record, as its edit page would send it back."""
    initial = model_to_dict(obj, fields=list(form.fields))
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        if name not in initial:
            continue
        value = initial[name]
        if value is not None and isinstance(field, forms.ModelChoiceField | RegionField):
            value = getattr(obj, name)
        encode(data, name, field, value)
    return data
