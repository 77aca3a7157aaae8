"""What an import file may hold for one kind of record, derived from the record's web form.

An :class:`Importable` names a model, the form that validates it, the natural key that finds
an existing record again, and an example row. Every ledger is importable without writing any
of this (see :func:`importables`); a ledger narrows it by declaring ``import_fields``,
``natural_key`` and ``import_example`` (declare.py). Other kinds (pairings) register their own.

Columns are the form's fields: headers are the field labels (money with its unit), and also
accepted are the model's verbose names and the headers of the ledger's export, so an exported
list imports back unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from dataclasses import field as dc_field
from decimal import Decimal
from typing import Any, ClassVar

from django import forms
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from xiezuo.core.forms import MoneyFormField
from xiezuo.core.money import SYMBOL, Unit, in_unit
from xiezuo.core.scoping import Action, Scope
from xiezuo.ledgers.records import Records
from xiezuo.regions.forms import RegionField
from xiezuo.regions.models import Region, RegionLookupError
from xiezuo.transfer import parse
from xiezuo.transfer.parse import ParseError

#: the column of the record number (``pk``): a row with one updates that record
ID_HEADERS = ("编号", "ID", "id", "记录编号")
#: columns offices add that carry nothing to import
IGNORED_HEADERS = ("序号",)
EMPTY: Any = object()


def normalise_header(text: Any) -> str:
    """Headers compare without spaces, required marks and full/half-width differences."""
    value = parse.text_of(text).replace("*", "").replace("＊", "")
    value = value.replace("(", "（").replace(")", "）").replace(" ", "").replace("\n", "")
    return value.strip()


@dataclass
class FieldSpec:
    """One importable form field and how a cell becomes its value."""

    name: str
    label: str
    kind: str  # money, date, year, int, number, bool, choice, model, region, pairing, text
    required: bool
    field: forms.Field
    unit: str | None = None  # money: the unit a bare number is in
    choices: list[tuple[Any, str]] = dc_field(default_factory=list)
    aliases: set[str] = dc_field(default_factory=set)

    @property
    def header(self) -> str:
        label = f"{self.label}（{SYMBOL[self.unit]}）" if self.kind == "money" and self.unit \
            else self.label
        return f"{label}*" if self.required else label

    def note(self) -> str:
        notes = {
            "money": _("金额，单位见表头；也可写 150万元、1.5亿元、一百五十万元"),
            "date": _("日期，如 2024年3月23日、2024.3.23、2024/3/23"),
            "year": _("四位年份，如 2024"),
            "int": _("整数"),
            "number": _("数字"),
            "bool": _("下拉选择：是 / 否"),
            "choice": _("下拉选择"),
            "model": _("填写名称或代码"),
            "region": _("区划代码、全称、简称或繁体均可"),
            "pairing": _("帮扶方 → 受援方，留空自动匹配"),
            "text": "",
        }
        text = notes[self.kind]
        if self.field.help_text and self.kind not in ("pairing",):
            text = f"{text}；{self.field.help_text}" if text else str(self.field.help_text)
        return (_("必填") + ("；" + text if text else "")) if self.required else text


def field_kind(name: str, field: forms.Field, model: type[models.Model]) -> str:
    if isinstance(field, MoneyFormField):
        return "money"
    if isinstance(field, RegionField):
        return "region"
    if isinstance(field, forms.ModelChoiceField):
        label = field.queryset.model._meta.label_lower if field.queryset is not None else ""
        return "pairing" if label == "pairings.pairing" else "model"
    if isinstance(field, forms.BooleanField | forms.NullBooleanField):
        return "bool"
    if isinstance(field, forms.ChoiceField):
        return "choice"
    if isinstance(field, forms.DateField):
        return "date"
    if isinstance(field, forms.IntegerField):
        return "year" if name == "year" or name.endswith("_year") else "int"
    if isinstance(field, forms.DecimalField | forms.FloatField):
        return "number"
    return "text"


class Importable:
    """How one kind of record is imported. Subclass, or use :meth:`for_ledger`."""

    key: ClassVar[str]
    model: ClassVar[type[models.Model]]
    form: ClassVar[type[forms.ModelForm]]
    #: form fields a file may fill; None: all of them
    fields: ClassVar[tuple[str, ...] | None] = None
    #: fields that identify a record again on a later import
    natural_key: ClassVar[tuple[str, ...]] = ()
    #: field → text of the template's example row
    example: ClassVar[dict[str, str]] = {}
    #: extra headers accepted for a field, e.g. the ledger's export headers
    aliases: ClassVar[dict[str, set[str]]] = {}
    #: headers of computed columns an export carries: read past, never imported
    readonly_headers: ClassVar[set[str]] = set()
    #: the role permission a user needs to import
    action: ClassVar[Action] = Action.ADD
    #: form fields that stand for a related record's attribute (``parent_code`` →
    #: ``parent__code``): compared through that path to tell an unchanged row
    compare_paths: ClassVar[dict[str, str]] = {}
    list_url: ClassVar[str] = ""
    title: ClassVar[str | Promise] = ""

    @classmethod
    def permitted(cls, user: Any) -> bool:
        """Whether ``user`` may import this kind at all (rows are then checked one by one)."""
        return Scope.of(user).allows(cls.action)

    @classmethod
    def make_form(cls, user: Any, data: dict[str, Any] | None = None,
                  instance: models.Model | None = None) -> forms.ModelForm:
        return cls.form(data, instance=instance, user=user)  # type: ignore[call-arg]

    @classmethod
    def covers(cls, user: Any, obj: models.Model) -> bool:
        return Scope.of(user).covers(obj, cls.action)

    @classmethod
    def queryset(cls, user: Any, action: Action = Action.VIEW) -> Any:
        return cls.model._default_manager.restrict(user, action)  # type: ignore[attr-defined]

    @classmethod
    def guards(cls, user: Any) -> list[Any]:
        """What the import opens for its whole run (``with``) so that rules the form and the
        model check against stored rows answer in memory. A guard may also want the values
        of the next rows before they are validated (``prepare(rows)``), every accepted
        record (``add(obj, before)``, ``before`` the stored snapshot of a changed record) and
        the records once they are written (``written(objs)``).
        Every ledger gets the index of approved locks (``LedgerRecord.clean()`` then asks it
        instead of the database); a ledger declares its own with ``import_guard(user)``
        (funds: the spending book)."""
        from xiezuo.ledgers.locks import LockIndex
        from xiezuo.ledgers.models import LedgerRecord

        if issubclass(cls.model, LedgerRecord):
            return [LockIndex.load().active()]
        return []

    @classmethod
    def can_bulk_insert(cls, obj: models.Model) -> bool:
        """Whether a new row may be inserted with others in one statement: only when its
        model adds no rule of its own to ``save()`` and has no many-to-many fields."""
        from xiezuo.core.models import AuditedModel

        model = type(obj)
        return model.save is AuditedModel.save and not model._meta.many_to_many

    @classmethod
    def verbose_name(cls) -> str:
        return str(cls.title or cls.model._meta.verbose_name)

    @classmethod
    def field_specs(cls, form: forms.ModelForm) -> list[FieldSpec]:
        names = cls.fields or tuple(form.fields)
        specs = []
        for name in names:
            if name not in form.fields:
                continue  # not for this user (e.g. the reporting side, set by the office)
            f = form.fields[name]
            if isinstance(f.widget, forms.HiddenInput):
                continue  # the form's own bookkeeping (the version it was opened on)
            kind = field_kind(name, f, cls.model)
            spec = FieldSpec(name=name, label=str(f.label or name), kind=kind,
                             required=f.required and not _has_default(cls.model, name),
                             field=f, unit=Unit.WAN if kind == "money" else None)
            if kind == "choice":
                assert isinstance(f, forms.ChoiceField)
                spec.choices = [(v, str(lbl)) for v, lbl in f.choices  # type: ignore[union-attr,misc]
                                if v not in ("", None)]
            elif kind == "bool":
                spec.choices = [(True, _("是")), (False, _("否"))]
            spec.aliases = {normalise_header(spec.label)} | {
                normalise_header(a) for a in cls.aliases.get(name, set())}
            verbose = _verbose(cls.model, name)
            if verbose:
                spec.aliases.add(normalise_header(verbose))
            specs.append(spec)
        return specs

    @classmethod
    def for_ledger(cls, ledger: Any) -> type[Importable]:
        """The importable a ledger declaration gives (see declare.py's ``import_*``)."""
        aliases: dict[str, set[str]] = {}
        readonly: set[str] = set()
        form_fields = set(ledger.form.base_fields)
        for column in ledger.columns:
            header = str(column.label) if column.label is not None else None
            if column.path in form_fields:
                if header:
                    aliases.setdefault(column.path, set()).add(header)
            else:
                readonly.add(normalise_header(header or _verbose(ledger.model, column.path)
                                              or column.path))
        attrs = {
            "key": ledger.model._meta.label_lower, "model": ledger.model, "form": ledger.form,
            "fields": getattr(ledger, "import_fields", None),
            "natural_key": _natural_key(ledger),
            "example": dict(getattr(ledger, "import_example", {}) or {}),
            "aliases": aliases, "readonly_headers": readonly,
            "list_url": ledger.url_name("list"), "ledger": ledger,
        }
        if hasattr(ledger, "import_guard"):
            attrs["guards"] = classmethod(lambda _cls, user: [
                *Importable.guards.__func__(_cls, user),  # type: ignore[attr-defined]
                ledger.import_guard(user)])
        if hasattr(ledger, "can_bulk_insert"):
            attrs["can_bulk_insert"] = classmethod(lambda _cls, obj: ledger.can_bulk_insert(obj))
        return type(f"{ledger.__name__}Import", (cls,), attrs)


def _natural_key(ledger: Any) -> tuple[str, ...]:
    """The ledger's declared natural key, or by default its form's required fields that have
    no default and are short values (not free text, not yes/no): records equal on those are
    the same record."""
    declared = getattr(ledger, "natural_key", None)
    if declared is not None:
        return tuple(declared)
    model_fields = {f.name: f for f in ledger.model._meta.concrete_fields}
    wanted = getattr(ledger, "import_fields", None) or tuple(ledger.form.base_fields)
    return tuple(
        name for name in wanted
        if name in model_fields and ledger.form.base_fields[name].required
        and not model_fields[name].has_default()
        and not isinstance(model_fields[name], models.TextField | models.BooleanField)
        and name != "pairing")


def _has_default(model: type[models.Model], name: str) -> bool:
    try:
        f = model._meta.get_field(name)
    except Exception:
        return False
    return bool(getattr(f, "has_default", lambda: False)())


def _verbose(model: type[models.Model], name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
    except Exception:
        return ""


_REGISTRY: dict[str, type[Importable]] = {}


def register(importable: type[Importable]) -> type[Importable]:
    _REGISTRY[importable.key] = importable
    return importable


def importables() -> dict[str, type[Importable]]:
    """Every importable kind: each declared ledger, and what apps registered."""
    import xiezuo.transfer.importables  # noqa: F401 - registers pairings
    from xiezuo.ledgers.declare import declared_ledgers

    found = dict(_REGISTRY)
    for key, ledger in declared_ledgers().items():
        if key not in found:
            found[key] = Importable.for_ledger(ledger)
    return found


def get_importable(key: str) -> type[Importable]:
    found = importables().get(key)
    if found is None:
        raise LookupError(key)
    return found


# --- cells to values -------------------------------------------------------------------


#: cells remembered per column of an import: past it a column is more unique than repeated
MEMO_CAP = 4096


class Converter:
    """Turns cells into field values for one import, memoising lookups (regions, pairings,
    related records) so a file of 100,000 rows asks the database once per distinct name."""

    def __init__(self, importable: type[Importable], user: Any, form: forms.ModelForm,
                 records: Records | None = None) -> None:
        self.importable = importable
        self.user = user
        self.form = form
        #: every record found is noted here: the rows' forms take it as found
        self.records = records or Records()
        self.scope = Scope.of(user)
        self._regions: dict[tuple[str, tuple[str, ...] | None], Region] = {}
        self._region_errors: dict[tuple[str, tuple[str, ...] | None], str] = {}
        self._choices: dict[str, dict[str, Any]] = {}
        self._models: dict[str, dict[str, list[Any]]] = {}
        self._pairings: dict[str, list[Any]] | None = None
        self._memo: dict[str, dict[tuple[Any, ...], Any]] = {}

    def value(self, spec: FieldSpec, cell: Any, unit: str | None,
              text: str | None = None) -> Any:
        """The field's value for ``cell`` (``text``: the cell as text, if already read), or
        EMPTY; ParseError with a plain message. A column's cells repeat (a handful of types,
        a year, the same places and projects): what a cell gave is remembered for the rest
        of the file, up to ``MEMO_CAP`` distinct cells a column (never an error)."""
        if spec.kind == "text":
            return self._value(spec, cell, unit, text)
        key = (type(cell), cell, unit)
        memo = self._memo.setdefault(spec.name, {})
        try:
            return memo[key]
        except KeyError:
            pass
        except TypeError:  # a cell value that cannot be a key
            return self._value(spec, cell, unit, text)
        value = self._value(spec, cell, unit, text)  # an error is raised afresh every time
        if len(memo) < MEMO_CAP:
            memo[key] = value
        return value

    def _value(self, spec: FieldSpec, cell: Any, unit: str | None, text: str | None) -> Any:
        if text is None:
            text = parse.text_of(cell)
        if text == "" and not isinstance(cell, dt.date):
            return EMPTY
        kind = spec.kind
        if kind == "money":
            return parse.parse_amount(cell, unit)
        if kind == "date":
            return parse.parse_date(cell)
        if kind == "year":
            return parse.parse_year(cell)
        if kind == "int":
            return parse.parse_int(cell)
        if kind == "number":
            return parse.parse_number(cell)
        if kind == "bool":
            return parse.parse_bool(cell)
        if kind == "choice":
            return self.choice(spec, text)
        if kind == "region":
            return self.region(text, getattr(spec.field, "levels", None))
        if kind == "model":
            return self.related(spec, text)
        if kind == "pairing":
            return self.pairing_candidates(text)
        return text

    def choice(self, spec: FieldSpec, text: str) -> Any:
        index = self._choices.get(spec.name)
        if index is None:
            index = {}
            for value, label in spec.choices:
                for key in (str(value), label):
                    index[key.lower()] = value
            self._choices[spec.name] = index
        found = index.get(text.lower(), index.get(parse.text_of(text).lower(), EMPTY))
        if found is EMPTY:
            raise ParseError(_("「%(v)s」不是可选的值。可选：%(c)s。") % {
                "v": text, "c": "、".join(lbl for _v, lbl in spec.choices)})
        return found

    def region(self, text: str, levels: list[str] | None) -> Region:
        key = (text, tuple(levels) if levels else None)
        if key in self._regions:
            return self._regions[key]
        if key in self._region_errors:
            raise ParseError(self._region_errors[key])
        try:
            region = self._resolve_region(text, levels)
            if levels and region.level not in levels:  # as RegionField refuses it
                labels = dict(Region._meta.get_field("level").choices or [])
                raise ParseError(_("「%(r)s」是%(l)s区划，此处需要：%(need)s。") % {
                    "r": region.name, "l": region.get_level_display(),
                    "need": "、".join(str(labels[x]) for x in levels)})
        except ParseError as exc:
            self._region_errors[key] = str(exc)
            raise
        self._regions[key] = region
        self.records.read(region)
        return region

    def _resolve_region(self, text: str, levels: list[str] | None) -> Region:
        head = text.split(" ", 1)[0]
        if head.isdigit() and " " in text:  # "622901 临夏市", as the web form shows it
            text = head
        try:
            return Region.objects.resolve(text, on=dt.date.today())
        except RegionLookupError as exc:
            # A name shared by several regions: the one of the wanted level inside the
            # user's own area is meant (市中区 for a 济南 office).
            candidates = list(Region.objects.lookup(text, on=dt.date.today()))
            if levels:
                candidates = [r for r in candidates if r.level in levels]
            if not self.scope.national and self.scope.region_key:
                candidates = [r for r in candidates if self.scope.covers_key(r.scope_key)]
            if len(candidates) == 1:
                return candidates[0]
            raise ParseError(str(exc)) from exc

    def related(self, spec: FieldSpec, text: str) -> Any:
        """A related record by its name, code or number, among those the form offers."""
        index = self._models.get(spec.name)
        field = spec.field
        assert isinstance(field, forms.ModelChoiceField) and field.queryset is not None
        if index is None:
            index = {}
            model = field.queryset.model
            keys = [f.name for f in model._meta.fields
                    if isinstance(f, models.CharField | models.SlugField)
                    and (f.unique or f.name in ("name", "code"))]
            for obj in field.queryset.order_by():
                self.records.offer(spec.name, obj)
                spellings = {str(obj)} | {str(getattr(obj, k)) for k in keys}
                for s in spellings:
                    index.setdefault(s, []).append(obj)
                index.setdefault(f"#{obj.pk}", [obj])  # by number: 123 or #123
            self._models[spec.name] = index
        from xiezuo.regions import names

        found = index.get(text) or index.get(names.to_simplified(text))
        if not found and text.lstrip("#").isdigit():
            found = index.get(f"#{int(text.lstrip('#'))}")
        if not found:
            raise ParseError(_("找不到「%(v)s」（%(f)s），或不在您的数据范围内。") % {
                "v": text, "f": spec.label})
        return found[0] if len(found) == 1 else Ambiguous(text, found)

    def pairing_candidates(self, text: str) -> list[Any]:
        """Pairings written as 帮扶方 → 受援方 (names, short names, codes) or by number."""
        from xiezuo.pairings.models import Pairing

        if self._pairings is None:
            self._pairings = {}
            p: Any
            for p in Pairing.objects.visible_to(self.user).with_regions():
                self.records.offer("pairing", p)
                for spelling in _pairing_spellings(p):
                    self._pairings.setdefault(spelling, []).append(p)
        from xiezuo.regions import names

        key = _arrow_key(names.to_simplified(text))
        found = self._pairings.get(key, [])
        if not found and text.isdigit():
            found = [p for ps in self._pairings.values() for p in ps if p.pk == int(text)][:1]
        if not found:
            raise ParseError(_("找不到结对「%(v)s」，或不在您的数据范围内。"
                "请写成「帮扶方 → 受援方」，"
                               "或留空自动匹配。") % {"v": text})
        return found


@dataclass
class Ambiguous:
    """Several records answer to one name: the row's other cells (its county, its year)
    decide, see :meth:`narrow`."""

    text: str
    candidates: list[Any]

    def narrow(self, values: dict[str, Any]) -> Any:
        found = self.candidates
        for name, value in values.items():
            if value is EMPTY or isinstance(value, list | Ambiguous):
                continue
            wanted = value.pk if isinstance(value, models.Model) else value
            attname = f"{name}_id" if isinstance(value, models.Model) else name
            kept = [o for o in found if getattr(o, attname, wanted) == wanted]
            if kept:
                found = kept
        if len(found) == 1:
            return found[0]
        raise ParseError(_("「%(v)s」对应多条记录，请改填编号：%(c)s。") % {
            "v": self.text, "c": "、".join(str(o.pk) for o in found[:6])})


def _arrow_key(text: str) -> str:
    return re.sub(r"\s*(→|->|－>|—>|=>|—|–|至|帮扶|对口)\s*", "→", text.replace(" ", ""))


def _pairing_spellings(p: Any) -> set[str]:
    recipient = p.recipient
    donors = [p.donor.name, p.donor.short_name, p.donor.code] if p.donor_id else [p.donor_unit]
    recipients = [recipient.name, recipient.short_name, recipient.code]
    return {f"{d}→{r}" for d in donors for r in recipients}


def pick_pairing(candidates: list[Any], day: dt.date | None) -> Any:
    """Of the pairings written alike (the same two sides over several periods), the one in
    force on the record's date."""
    if len(candidates) == 1 or day is None:
        return candidates[0]
    active = [p for p in candidates if p.start_date <= day
              and (p.end_date is None or p.end_date >= dt.date(day.year, 1, 1))]
    return (active or candidates)[0]


def display(spec: FieldSpec, value: Any) -> str:
    """A value as the template and the preview write it."""
    if value is None or value is EMPTY:
        return ""
    if spec.kind == "money":
        return f"{in_unit(Decimal(value), spec.unit or Unit.YUAN):f}"
    if spec.kind == "choice":
        return dict((str(v), lbl) for v, lbl in spec.choices).get(str(value), str(value))
    if spec.kind == "bool":
        return _("是") if value else _("否")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)

