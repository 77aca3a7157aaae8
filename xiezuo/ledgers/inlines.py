"""Child rows edited on their record's page (officials of a meeting, donations of a pairing...).

    class MeetingLedger(Ledger):
        inlines = [Inline(Official, ("side", "name", "title", "role"), _("出席领导"))]

gives one table of rows under the record's form (blank rows to add, a box to delete), saved in
the record's transaction, listed on its detail page, and summarised in the record's history.
A child that is itself a ledger record (an agreement) takes the record's pairing and region
unless it has its own (``inherit``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import models
from django.db.models import OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from xiezuo.core.models import record_audit


class InlineForm(forms.ModelForm):
    """The base form of a child row: date inputs as the browser's date picker; fields whose
    model field has a default (amounts, counts) may be left empty."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._defaults: dict[str, Any] = {}
        model_fields = {f.name: f for f in self._meta.model._meta.fields}
        for name, f in self.fields.items():
            model_field = model_fields.get(name)
            if (model_field is not None and model_field.has_default()
                    and not isinstance(f, forms.BooleanField)):
                f.required = False
                self._defaults[name] = model_field.get_default()
            if isinstance(f.widget, forms.DateInput):
                f.widget.input_type = "date"
                f.widget.format = "%Y-%m-%d"
            if isinstance(f.widget, forms.Textarea):
                f.widget.attrs.setdefault("rows", 2)

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        for name, default in self._defaults.items():
            if name in cleaned and cleaned[name] in (None, ""):
                cleaned[name] = default
        return cleaned


@dataclass
class Inline:
    model: type[models.Model]
    fields: Sequence[str]
    label: str | Promise
    #: the foreign key to the record (needed when the child has more than one)
    fk_name: str | None = None
    form: type[forms.ModelForm] = InlineForm
    extra: int = 2
    #: fields copied from the record onto a child that has none of its own (pairing, region)
    inherit: Sequence[str] = ()
    #: the detail page lists the rows in this order
    ordering: Sequence[str] = ("id",)

    @property
    def prefix(self) -> str:
        return self.model._meta.model_name or "rows"

    def factory(self, parent: type[models.Model]) -> type[BaseInlineFormSet]:
        return inlineformset_factory(parent, self.model, form=self.form, fields=list(self.fields),
                                     fk_name=self.fk_name, extra=self.extra, can_delete=True)

    def fk(self, parent: type[models.Model]) -> Any:
        return self.factory(parent).fk

    def rows(self, obj: models.Model) -> models.QuerySet[Any]:
        fk = self.fk(type(obj))
        return self.model._default_manager.filter(**{fk.name: obj}).order_by(*self.ordering)

    def headers(self) -> list[str]:
        return [str(getattr(self.model._meta.get_field(f), "verbose_name", f))
                for f in self.fields]

    def table(self, obj: models.Model) -> list[list[tuple[bool, Any]]]:
        """The rows as cells of (is money, value) for the detail page."""
        from xiezuo.core.money import MoneyField

        cols = [self.model._meta.get_field(f) for f in self.fields]
        out = []
        for row in self.rows(obj):
            cells = []
            for f in cols:
                display = getattr(row, f"get_{f.name}_display", None)
                value = display() if callable(display) else getattr(row, f.name)
                cells.append((isinstance(f, MoneyField), value))
            out.append(cells)
        return out


@dataclass
class BoundInline:
    inline: Inline
    formset: Any
    headers: list[str] = field(default_factory=list)


def formsets(inlines: Sequence[Inline], data: Any, files: Any, obj: models.Model
             ) -> list[BoundInline]:
    return [BoundInline(i, i.factory(type(obj))(data, files, instance=obj, prefix=i.prefix),
                        i.headers()) for i in inlines]


def is_valid(bound: list[BoundInline], parent: models.Model) -> bool:
    """Validate every child row against the (validated, unsaved) record."""
    ok = True
    for b in bound:
        fk = b.formset.fk
        for form in b.formset.forms:
            setattr(form.instance, fk.name, parent)
            for name in b.inline.inherit:
                attname = getattr(parent._meta.get_field(name), "attname", name)
                if (getattr(form.instance, attname, None) is None
                        and getattr(parent, attname, None) is not None):
                    setattr(form.instance, name, getattr(parent, name))
        ok = b.formset.is_valid() and ok
    return ok


def save(bound: list[BoundInline], parent: models.Model, user: Any) -> None:
    """Save the child rows (inside the record's transaction) and note what changed in the
    record's own history. Children that are ledger rows themselves (a meeting's agreements)
    are written through the ledger write action, as every ledger row is."""
    from xiezuo.ledgers import actions
    from xiezuo.ledgers.models import LedgerRecord

    changes: dict[str, list[Any]] = {}
    for b in bound:
        b.formset.instance = parent
        if issubclass(b.inline.model, LedgerRecord):
            rows = b.formset.save(commit=False)
            actions.delete(user, list(b.formset.deleted_objects))
            actions.write(user, rows)
        else:
            b.formset.save()
        parts = []
        if b.formset.new_objects:
            parts.append(_("新增：%(r)s") % {"r": "；".join(map(str, b.formset.new_objects))})
        if b.formset.changed_objects:
            parts.append(_("修改：%(r)s") % {
                "r": "；".join(str(o) for o, _f in b.formset.changed_objects)})
        if b.formset.deleted_objects:
            parts.append(_("删除：%(r)s") % {"r": "；".join(map(str, b.formset.deleted_objects))})
        if parts:
            changes[str(b.inline.label)] = [None, " ".join(parts)]
    if changes:
        record_audit(parent, "update", changes)


def child_count(model: type[models.Model], fk: str) -> Coalesce:
    """A per-row count of child rows, as a correlated subquery (no GROUP BY on the list)."""
    rows = (model._default_manager.filter(**{fk: OuterRef("pk")}).order_by()
            .values(fk).annotate(n=models.Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=models.IntegerField()), Value(0))


def child_sum(model: type[models.Model], fk: str, field_name: str,
              output: models.Field[Any, Any] | None = None) -> Coalesce:
    """A per-row sum over child rows, as a correlated subquery."""
    out = output or models.DecimalField(max_digits=18, decimal_places=2)
    rows = (model._default_manager.filter(**{fk: OuterRef("pk")}).order_by()
            .values(fk).annotate(s=Sum(field_name)).values("s"))
    return Coalesce(Subquery(rows, output_field=out), Value(0), output_field=out)
