"""A ledger's web form, compiled for an import that binds it to row after row.

Django's ``ModelForm`` works out on every validation what depends only on the form and the
model: which bound field reads which key of the data, which fields have a ``clean_<name>``
hook, which model fields the form may set on its record, which fields are left out of
model validation for good, whether a uniqueness check could ever find anything. For a
100,000-row import that is a fifth of the time. :func:`compile_form` works it out once and
gives the form a class that answers from those plans; every value is still cleaned by the
field's own ``clean()``, the form's ``clean()`` and ``_post_clean()`` overrides still run
(they sit above the compiled steps in the class's order), the record is still validated
by the model's ``full_clean()`` — the same steps, in the same order, with the same
exclusions and messages (``xiezuo/transfer/tests/test_equivalence.py`` and
``test_compiled.py`` prove it against the plain form).

A form the plans cannot describe exactly (file fields, disabled fields, inline foreign
keys, a form that empties itself) keeps Django's own steps: :func:`compile_form` leaves it
as it is.

The rows of a file repeat their values (a handful of movement types, a year, a few hundred
dates and places), and cleaning a value is, for most fields, a function of that value alone.
For those fields (Django's own plain fields with Django's own validators, and fields that
declare ``pure_clean``) a :class:`CleanMemo` keeps what a value cleaned to and hands it back
the next time. Only values that cleaned without error are kept, only immutable ones (text,
numbers, dates), and only so many per field: a column of distinct values (document
numbers) stops being remembered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import DatabaseDefault
from django.forms.models import BaseModelForm, InlineForeignKeyField

_PLAIN_READ = forms.Widget.value_from_datadict
#: Django's form fields whose ``clean()`` depends on the value alone (no queryset, no file)
_PURE_FORM_FIELDS = (forms.CharField, forms.IntegerField, forms.DecimalField,
                     forms.FloatField, forms.DateField, forms.ChoiceField,
                     forms.TypedChoiceField, forms.BooleanField, forms.NullBooleanField,
                     forms.SlugField)
_IMMUTABLE = (str, int, bool, Decimal, float, dt.date, type(None))


class CleanMemo:
    """What each value of one field cleaned to, for a field whose cleaning depends on the
    value alone."""

    CAP = 4096  # values kept per field: past it a column is more unique than repeated

    def __init__(self) -> None:
        self.values: dict[Any, Any] = {}

    def clean(self, clean: Callable[..., Any], raw: Any, *args: Any) -> Any:
        key = _key(raw)
        if key is None:
            return clean(raw, *args)
        try:
            return self.values[key]
        except KeyError:
            pass
        value = clean(raw, *args)  # an error is raised afresh every time, not kept
        if len(self.values) < self.CAP and type(value) in _IMMUTABLE:
            self.values[key] = value
        return value


def _key(raw: Any) -> Any:
    """A key telling apart every raw value a field could clean differently: the type with
    the value (1 and True and 1.0 differ), Decimals by their digits (1.0 is not 1.00)."""
    kind = type(raw)
    if kind is str or kind is int or kind is bool or kind is dt.date or raw is None:
        return kind, raw
    if kind is Decimal or kind is float:
        return kind, str(raw)
    if kind is list or kind is tuple:
        parts = tuple(_key(x) for x in raw)
        return None if None in parts else (kind, parts)
    return None


def _django_validators(validators: Any) -> bool:
    return all(type(v).__module__ == "django.core.validators" for v in validators)


def pure_form_field(f: forms.Field) -> bool:
    """Whether ``f.clean(value)`` depends on the value alone."""
    if getattr(type(f), "pure_clean", False):
        return _django_validators(f.validators)
    return type(f) in _PURE_FORM_FIELDS and _django_validators(f.validators)


def pure_model_field(f: models.Field[Any, Any]) -> bool:
    """Whether the model field's ``clean(value, record)`` depends on the value alone:
    Django's own non-relational fields and validators (a foreign key asks the database)."""
    if f.is_relation or f.generated:
        return False
    for method in ("clean", "to_python", "validate", "run_validators"):
        if not getattr(type(f), method).__module__.startswith("django.db.models.fields"):
            return False
    return _django_validators(f.validators)


def clean_fields(obj: models.Model, exclude: Any, memos: dict[str, CleanMemo]) -> None:
    """``Model.clean_fields`` with the fields in ``memos`` cleaned through their memo."""
    if exclude is None:
        exclude = set()
    errors = {}
    for f in obj._meta.fields:
        if f.name in exclude or f.generated:
            continue
        raw_value = getattr(obj, f.attname)
        if f.blank and raw_value in f.empty_values:
            continue
        if isinstance(raw_value, DatabaseDefault):
            continue
        try:
            memo = memos.get(f.name)
            setattr(obj, f.attname, f.clean(raw_value, obj) if memo is None
                    else memo.clean(f.clean, raw_value, obj))
        except ValidationError as e:
            errors[f.name] = e.error_list
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True)
class Plan:
    #: per form field: name, field, key in the data, the widget when it reads more than one
    #: key (else None), whether the form has a ``clean_<name>`` hook, its memo if pure
    fields: tuple[tuple[str, forms.Field, str, forms.Widget | None, bool, CleanMemo | None],
                  ...]
    #: model fields left out of model validation whatever the row holds
    always_excluded: frozenset[str]
    #: model fields on the form: name, form field, whether an empty value leaves it out
    maybe_excluded: tuple[tuple[str, forms.Field, bool], ...]
    #: model fields the form sets on its record: field, whether it has a default
    constructed: tuple[tuple[models.Field[Any, Any], bool], ...]
    #: whether a uniqueness check could look anything up for a new record
    unique_checks: bool


def compile_form(form: forms.ModelForm) -> forms.ModelForm:
    """Give ``form`` (bound to a new record, reused for row after row) its compiled class;
    a form the plans cannot describe is returned unchanged."""
    plan = _plan(form)
    if plan is None:
        return form
    form.__class__ = _compiled_class(type(form))
    form._import_plan = plan  # type: ignore[attr-defined]
    return form


def _plan(form: forms.ModelForm) -> Plan | None:
    opts = form._meta
    instance = form.instance
    if form.files or form.empty_permitted or not instance._state.adding \
            or instance.pk is not None:
        return None
    fields = []
    for name, f in form.fields.items():
        if f.disabled or isinstance(f, forms.FileField | InlineForeignKeyField):
            return None
        widget = None if type(f.widget).value_from_datadict is _PLAIN_READ else f.widget
        fields.append((name, f, form.add_prefix(name), widget, hasattr(form, f"clean_{name}"),
                       CleanMemo() if pure_form_field(f) else None))
    always, maybe = set(), []
    for f in instance._meta.fields:
        name = f.name
        if name not in form.fields or (opts.fields and name not in opts.fields) \
                or (opts.exclude and name in opts.exclude):
            always.add(name)
        else:
            form_field = form.fields[name]
            maybe.append((name, form_field, not f.blank and not form_field.required))
    constructed = []
    for f in instance._meta.fields:
        if isinstance(f, models.FileField):
            return None
        if not f.editable or isinstance(f, models.AutoField) \
                or (opts.fields is not None and f.name not in opts.fields) \
                or (opts.exclude and f.name in opts.exclude):
            continue
        constructed.append((f, f.has_default()))
    unique, dates = instance._get_unique_checks(include_meta_constraints=False)
    pk = instance._meta.pk
    # A new record has no primary key, so a check on the primary key alone looks nothing up.
    lookups = bool(dates) or any(tuple(check) != (pk.name,) for _model, check in unique)
    return Plan(tuple(fields), frozenset(always), tuple(maybe), tuple(constructed), lookups)


class CompiledSteps(BaseModelForm):
    """Django's ``_clean_fields`` and ``BaseModelForm._post_clean`` answered from the plan."""

    _import_plan: Plan

    def _clean_fields(self) -> None:
        cleaned, data, files = self.cleaned_data, self.data, self.files
        for name, field, key, widget, hook, memo in self._import_plan.fields:
            try:
                raw = data.get(key) if widget is None \
                    else widget.value_from_datadict(data, files, key)
                cleaned[name] = field.clean(raw) if memo is None else memo.clean(field.clean, raw)
                if hook:
                    cleaned[name] = getattr(self, f"clean_{name}")()
            except ValidationError as e:
                self.add_error(name, e)

    def _validation_exclusions(self) -> set[str]:
        plan, errors, cleaned = self._import_plan, self.errors, self.cleaned_data
        exclude = set(plan.always_excluded)
        for name, form_field, when_empty in plan.maybe_excluded:
            if name in errors:
                exclude.add(name)
            elif when_empty and cleaned.get(name) in form_field.empty_values:
                exclude.add(name)
        return exclude

    def _construct(self) -> None:
        cleaned, instance = self.cleaned_data, self.instance
        for f, has_default in self._import_plan.constructed:
            name = f.name
            if name not in cleaned:
                continue
            # Leave defaults for fields that are not in the data, as construct_instance does.
            if has_default:
                field = self[name].field
                if field.widget.value_omitted_from_data(self.data, self.files,
                                                        self.add_prefix(name)) \
                        and cleaned.get(name) in field.empty_values:
                    continue
            f.save_form_data(instance, cleaned[name])

    def _post_clean(self) -> None:
        exclude = self._validation_exclusions()
        try:
            self._construct()
        except ValidationError as e:
            self._update_errors(e)  # type: ignore[attr-defined]
        try:
            self.instance.full_clean(exclude=exclude, validate_unique=False)
        except ValidationError as e:
            self._update_errors(e)  # type: ignore[attr-defined]
        if self._validate_unique and self._import_plan.unique_checks:  # type: ignore[attr-defined]
            self.validate_unique()


@cache
def _compiled_class(form_class: type[forms.ModelForm]) -> type[forms.ModelForm]:
    """``form_class`` with the compiled steps just above ``BaseModelForm``: every override
    of the form's own classes comes first and reaches them through ``super()``."""
    return type(f"Compiled{form_class.__name__}", (form_class, CompiledSteps), {
        "__module__": form_class.__module__})
