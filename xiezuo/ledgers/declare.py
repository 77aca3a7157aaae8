"""A ledger is declared, not written: model, form, filters and columns in one short class.

    class ProjectLedger(Ledger):
        model = Project
        form = ProjectForm
        filterset = ProjectFilter
        columns = [Column("name", link=True), Column("region"), Money("budget_total")]

    urlpatterns = ProjectLedger.urls()

gives list (filters, totals, pagination), detail (fields, history, attachments),
create/edit/delete, and CSV/Excel export of the filtered list, all through the one scoping
mechanism.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partialmethod
from typing import Any, ClassVar

import django_filters
from django.db import models
from django.urls import URLPattern, path
from django.utils.encoding import force_str
from django.utils.functional import Promise
from django.utils.hashable import make_hashable
from django.utils.translation import get_language, override

#: the fields a pairing's label (``Pairing.label``) is made of, for ``Column(fetch=...)``
PAIRING_LABEL = ("pairing__donor__short_name", "pairing__donor_unit",
                 "pairing__recipient__short_name")


def pairing_label(donor: str | None, unit: str, recipient: str) -> str:
    """``Pairing.label`` from the values of PAIRING_LABEL."""
    return f"{donor if donor is not None else unit} → {recipient}"


@dataclass
class Column:
    """A column of the list, the export and (by default) the detail page."""

    path: str
    label: str | Promise | None = None
    link: bool = False
    total: bool = False
    unit: str | Promise = ""
    in_list: bool = True
    render: Callable[[Any], Any] | None = None
    css: str = ""
    #: the aggregate for the totals row when the column is not a plain field
    aggregate: Any = None
    #: personal data (ID number, phone): masked for users who may not see personal data.
    #: Fields the model lists in ``audit_masked`` are personal whatever this says.
    personal: bool = False
    #: for exports read as values (``export.py``) when ``render`` needs a record: the field
    #: paths the column's value is made of, and how (``combine(*values)``; default: the first)
    fetch: tuple[str, ...] = ()
    combine: Callable[..., Any] | None = None
    #: the list may be sorted by this column (a click on its header); None: when its path is
    #: a stored field of the record or of a record it points to, shown as stored (no
    #: ``render``) and not personal data
    sortable: bool | None = None

    def sort_field(self, model: type[models.Model]) -> str | None:
        """The field the list orders by for this column, or None when it is not sortable."""
        if self.sortable is False or (self.sortable is None and (
                self.personal or self.render is not None)):
            return None
        current: Any = model
        for part in self.path.split("__"):
            try:
                f = current._meta.get_field(part)
            except Exception:  # a property: nothing stored to order by
                return None
            if f.many_to_many or f.one_to_many or not getattr(f, "concrete", False):
                return None
            current = f.related_model
        return self.path

    def header(self, model: type[models.Model]) -> str:
        label = self.label if self.label is not None else _verbose(model, self.path)
        return f"{label}（{self.unit}）" if self.unit else str(label)

    def value(self, obj: Any, language: str | None = None) -> Any:
        """The column's value of ``obj``; a choice as its label in ``language`` (default:
        the active one)."""
        if self.render is not None:
            return self.render(obj)
        value: Any = obj
        for part in self.path.split("__"):
            if value is None:
                return None
            labels = _choice_labels(type(value), part, language)
            if labels is not None:  # what get_<part>_display() gives, without its dict a call
                raw = getattr(value, part)
                value = labels.get(make_hashable(raw), raw)
                continue
            display = getattr(value, f"get_{part}_display", None)
            value = display() if callable(display) else getattr(value, part, None)
            if callable(value) and not isinstance(value, models.Model):
                value = value()
        return value

    def shown(self, obj: Any, personal_ok: bool, language: str | None = None) -> Any:
        """The value as this user may see it: personal data masked unless ``personal_ok``."""
        value = self.value(obj, language)
        if self.personal and not personal_ok:
            from xiezuo.core.personal import mask

            return mask(value)
        return value

    @property
    def is_money(self) -> bool:
        return False


_CHOICES: dict[tuple[type, str], dict[Any, Any] | None] = {}
_LABELS: dict[tuple[type, str, str | None], dict[Any, Any]] = {}


def _choice_labels(cls: type, name: str, language: str | None = None) -> dict[Any, Any] | None:
    """The labels of the choices of field ``name`` of ``cls`` by value, as text of
    ``language`` (default: the active one; a list page asks once, not once a cell), when its
    ``get_<name>_display`` is Django's own (which builds this dict and translates the label
    on every call: a list page called it for every choice cell); None for anything else (no
    choices, a model's own method)."""
    key = (cls, name)
    if key not in _CHOICES:
        method = inspect.getattr_static(cls, f"get_{name}_display", None)
        found = None
        if isinstance(method, partialmethod) and \
                method.func is models.Model._get_FIELD_display:  # type: ignore[attr-defined]
            found = dict(make_hashable(method.keywords["field"].flatchoices))
        _CHOICES[key] = found
    choices = _CHOICES[key]
    if choices is None:
        return None
    language = language or get_language()
    labels = _LABELS.get((cls, name, language))
    if labels is None:
        with override(language):
            labels = _LABELS[cls, name, language] = {
                value: force_str(label, strings_only=True) for value, label in choices.items()}
    return labels


@dataclass
class Money(Column):
    """An amount in yuan, shown in the user's unit (or always in ``money_unit``, e.g. a
    monthly income in 元), totalled in the footer by default."""

    total: bool = True
    css: str = "num"
    money_unit: str = ""

    @property
    def is_money(self) -> bool:
        return True


@dataclass
class Number(Column):
    total: bool = True
    css: str = "num"


def _verbose(model: type[models.Model], path: str) -> str:
    current: Any = model
    label: Any = path
    for part in path.split("__"):
        try:
            f = current._meta.get_field(part)
        except Exception:  # a property: its name is its label
            return str(label)
        label = getattr(f, "verbose_name", part)
        current = getattr(f, "related_model", None) or current
    return str(label)


def pairing_column(**options: Any) -> Column:
    """The record's pairing by its label (市中区 → 临夏市), read as values by the export."""
    return Column("pairing", render=lambda o: o.pairing.label, fetch=PAIRING_LABEL,
                  combine=pairing_label, **options)


def region_column(label: str | Promise | None = None, **options: Any) -> Column:
    """The record's county by its short name, read as values by the export."""
    return Column("region", label, render=lambda o: o.region.short_name,
                  fetch=("region__short_name",), **options)


@dataclass
class Section:
    title: str | Promise
    fields: list[str] = field(default_factory=list)


class Ledger:
    """Subclass and set the class attributes; ``urls()`` gives the URL patterns."""

    model: ClassVar[type[models.Model]]
    form: ClassVar[type[Any]]  # a LedgerForm subclass
    filterset: ClassVar[type[django_filters.FilterSet]]
    columns: ClassVar[list[Column]]
    #: detail page sections; default: every column
    sections: ClassVar[list[Section]] = []
    select_related: ClassVar[tuple[str, ...]] = ("pairing__donor", "pairing__recipient", "region")
    ordering: ClassVar[tuple[str, ...]] = ("-id",)
    detail_template: ClassVar[str] = "ledgers/detail.html"
    list_template: ClassVar[str] = "ledgers/list.html"
    #: extra tabs on the detail page: (key, label, template)
    tabs: ClassVar[list[tuple[str, str | Promise, str]]] = []
    attachments: ClassVar[bool] = True
    page_size: ClassVar[int] = 50
    namespace: ClassVar[str]
    #: the work area it belongs to in the navigation (结对关系, 项目资金...)
    group_label: ClassVar[str | Promise] = ""
    #: a ledger of work done, owed in the monthly report (a data set covering all ledgers
    #: covers it, an approved month locks it); False for targets and checklists
    reported: ClassVar[bool] = True
    #: its list's figures (band, totals) count against today's date ("in post today",
    #: "overdue"): kept in the cache for the day they were counted on (``listcache``)
    dated_figures: ClassVar[bool] = False
    #: its entry in the navigation (under ``group_label``): the label (default: the model's
    #: plural name), its place among the group's entries, or no entry at all (a page of the
    #: app stands for it)
    nav_label: ClassVar[str | Promise | None] = None
    nav_order: ClassVar[int] = 50
    in_nav: ClassVar[bool] = True
    #: where its pages live inside its app's URLs; None: the part of ``namespace`` after the
    #: app (``people:cadres`` → ``cadres/``), or the app's root for a ledger named as its app
    url_prefix: ClassVar[str | None] = None
    #: child rows edited on the record's page and listed on its detail page (see inlines.py)
    inlines: ClassVar[list[Any]] = []
    prefetch_related: ClassVar[tuple[str, ...]] = ()
    #: import from Excel (xiezuo.transfer): the form fields a file may fill (None: every
    #: field of the form), the fields that find a record again so that importing a file twice
    #: changes nothing (None: the form's required fields), and the template's example row
    import_fields: ClassVar[tuple[str, ...] | None] = None
    natural_key: ClassVar[tuple[str, ...] | None] = None
    import_example: ClassVar[dict[str, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        masked: frozenset[str] = getattr(getattr(cls, "model", None), "audit_masked",
                                         frozenset())
        for column in cls.__dict__.get("columns", []):
            if column.path in masked:
                column.personal = True

    @classmethod
    def verbose_name(cls) -> str:
        return str(cls.model._meta.verbose_name)

    @classmethod
    def menu_label(cls) -> str | Promise:
        return cls.nav_label or cls.model._meta.verbose_name_plural or cls.verbose_name()

    @classmethod
    def app_label(cls) -> str:
        """The app the ledger's pages belong to: the first part of its namespace."""
        return cls.namespace.split(":", 1)[0]

    @classmethod
    def prefix(cls) -> str:
        if cls.url_prefix is not None:
            return cls.url_prefix
        _app, _, inner = cls.namespace.partition(":")
        return f"{inner}/" if inner else ""

    @classmethod
    def transfer_key(cls) -> str:
        """The name import and export jobs know this ledger by (``funds.fundmovement``)."""
        return cls.model._meta.label_lower

    @classmethod
    def url_name(cls, view: str) -> str:
        return f"{cls.namespace}:{view}"

    @classmethod
    def queryset(cls) -> Any:
        qs = cls.model._default_manager.select_related(*cls.select_related)
        return qs.prefetch_related(*cls.prefetch_related) if cls.prefetch_related else qs

    @classmethod
    def detail_context(cls, request: Any, obj: Any) -> dict[str, Any]:
        """Extra context for the detail page (override to add timelines, money, people...)."""
        return {}

    @classmethod
    def summary(cls, qs: Any) -> list[tuple[Any, Any, Any]]:
        """Figures shown above the table as (label, value, column); none by default."""
        return []

    @classmethod
    def totals(cls, qs: Any) -> dict[str, Decimal | int | None]:
        wanted = [c for c in cls.columns if c.total]
        if not wanted:
            return {}
        # Aliases must not shadow field names that other aggregates refer to.
        sums = qs.order_by().aggregate(
            **{f"total_{c.path}": c.aggregate or models.Sum(c.path) for c in wanted})
        return {c.path: sums[f"total_{c.path}"] for c in wanted}

    @classmethod
    def sorts(cls) -> dict[str, tuple[str]]:
        """The list's sortable columns: the ``sort`` key of the URL → the field ordered by
        (``xiezuo.core.listing``)."""
        found: dict[str, tuple[str]] = {}
        for column in cls.columns:
            name = column.sort_field(cls.model) if column.in_list else None
            if name is not None:
                found[column.path] = (name,)
        return found

    @classmethod
    def urls(cls) -> list[URLPattern]:
        from xiezuo.ledgers import batch, views

        return [
            path("", views.ledger_list, {"ledger": cls}, name="list"),
            path("export/<str:fmt>/", views.ledger_export, {"ledger": cls}, name="export"),
            path("new/", views.ledger_edit, {"ledger": cls}, name="create"),
            path("batch/", batch.ledger_batch, {"ledger": cls}, name="batch"),
            path("<int:pk>/", views.ledger_detail, {"ledger": cls}, name="detail"),
            path("<int:pk>/edit/", views.ledger_edit, {"ledger": cls}, name="edit"),
            path("<int:pk>/delete/", views.ledger_delete, {"ledger": cls}, name="delete"),
            path("<int:pk>/attachments/", views.attachment_upload, {"ledger": cls},
                 name="attach"),
            path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download,
                 {"ledger": cls}, name="attachment"),
            path("<int:pk>/attachments/<int:attachment_pk>/delete/", views.attachment_delete,
                 {"ledger": cls}, name="attachment_delete"),
        ]


def declared_ledgers() -> dict[str, type[Ledger]]:
    """Every ledger declared by the installed apps (in their ``ledger`` modules), by its
    model's label (``funds.fundmovement``)."""
    import importlib

    from django.apps import apps

    for config in apps.get_app_configs():
        module = f"{config.name}.ledger"
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
    found: dict[str, type[Ledger]] = {}
    stack = list(Ledger.__subclasses__())
    while stack:
        ledger = stack.pop()
        stack += ledger.__subclasses__()
        if (getattr(ledger, "model", None) is None or not hasattr(ledger, "namespace")
                or ".tests" in ledger.__module__):
            continue
        found.setdefault(ledger.model._meta.label_lower, ledger)
    return found


def ledger_urls(app_label: str) -> list[Any]:
    """The pages of every ledger declared for ``app_label``, for its ``urls.py``:
    ``urlpatterns = [..., *ledger_urls("people")]``. A ledger named as its app
    (``namespace = "funds"``) is mounted at the app's root, one named ``people:cadres`` under
    ``cadres/`` in the namespace ``people:cadres``; ledgers mounted deeper come first."""
    from django.urls import include

    found = [ledger for ledger in declared_ledgers().values()
             if ledger.app_label() == app_label]
    patterns: list[Any] = []
    for ledger in sorted(found, key=lambda lg: (-len(lg.prefix()), lg.namespace)):
        _app, _, inner = ledger.namespace.partition(":")
        if inner:
            patterns.append(path(ledger.prefix(), include((ledger.urls(), inner))))
        else:
            patterns += ledger.urls()
    return patterns


def model_of(label: str) -> type[models.Model] | None:
    """The model of an ``app_label.model`` label, or None when there is none (an app not
    installed, a mistyped label)."""
    from django.apps import apps

    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None
