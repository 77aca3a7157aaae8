"""The registry of China's administrative divisions (行政区划), GB/T 2260 codes."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezuo.regions import names


class Level(models.TextChoices):
    PROVINCE = "province", _("省级")
    PREFECTURE = "prefecture", _("地级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡级")
    VILLAGE = "village", _("村级")


LEVEL_DEPTH: dict[str, int] = {
    Level.PROVINCE: 1,
    Level.PREFECTURE: 2,
    Level.COUNTY: 3,
    Level.TOWNSHIP: 4,
    Level.VILLAGE: 5,
}


class RegionLookupError(ValueError):
    """A text that names no region, or more than one."""


class RegionQuerySet(models.QuerySet["Region"]):
    def valid_on(self, day: dt.date | None = None) -> RegionQuerySet:
        day = day or dt.date.today()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def within(self, region: Region) -> RegionQuerySet:
        """The region itself and every division below it."""
        return self.filter(scope_key__startswith=region.scope_key)

    def lookup(self, text: str, on: dt.date | None = None) -> RegionQuerySet:
        """Regions matching a code, a full name, a short name or a core name.

        Traditional characters are folded to simplified first (濟南市 finds 济南市).
        The current division comes first, deeper levels last.
        """
        text = names.to_simplified(text.strip())
        if not text or "\x00" in text:  # no name holds a NUL (nor can PostgreSQL compare one)
            return self.none()
        if text.isdigit():
            try:
                qs = self.filter(code=names.normalise_code(text))
            except ValueError:
                return self.none()
        else:
            qs = self.filter(Q(name=text) | Q(short_name=text) | Q(core_name=names.core_name(text)))
        if on is not None:
            qs = qs.valid_on(on)
        return qs.order_by(models.F("valid_to").desc(nulls_first=True), "depth", "code")

    def resolve(self, text: str, on: dt.date | None = None) -> Region:
        """Exactly one region for ``text``, or a RegionLookupError that says why.

        Accepts what :meth:`lookup` accepts, plus a name qualified by its ancestors
        (济南市市中区, 泸州市江阳区, 凉山州盐源县) to tell homonyms apart.
        """
        text = names.to_simplified(text.strip()).replace(" ", "")
        if not text:
            raise RegionLookupError(_("请填写行政区划名称或代码。"))
        if text.isdigit():
            try:
                names.normalise_code(text)
            except ValueError as exc:
                raise RegionLookupError(
                    _("「%(t)s」不是有效的区划代码：%(e)s") % {"t": text, "e": exc}
                ) from exc
        matches = list(self.lookup(text, on).select_related("parent", "parent__parent"))
        if len(matches) > 1 and not text.isdigit():
            # The most exact spelling wins: full name, then short name, then core name.
            for attr in ("name", "short_name"):
                exact = [r for r in matches if getattr(r, attr) == text]
                if exact:
                    matches = exact
                    break
        if not matches and not text.isdigit():
            matches = self._qualified(text, on)
        current = [r for r in matches if r.valid_to is None] or matches
        if len(current) == 1:
            return current[0]
        if not current:
            raise RegionLookupError(_("找不到行政区划「%(t)s」。") % {"t": text})
        choices = "、".join(f"{r.code} {r.qualified_name}" for r in current[:6])
        raise RegionLookupError(
            _("「%(t)s」对应多个行政区划：%(c)s。请填写代码或加上上级名称。")
            % {"t": text, "c": choices}
        )

    def _qualified(self, text: str, on: dt.date | None) -> list[Region]:
        """Regions whose own name ends ``text`` and whose ancestors' names make the rest."""
        suffixes = {text[i:] for i in range(1, len(text) - 1)}
        candidates = self.filter(Q(name__in=suffixes) | Q(short_name__in=suffixes))
        found: list[Region] = []
        for region in candidates.select_related("parent", "parent__parent"):
            own = region.name if text.endswith(region.name) else region.short_name
            prefix = text[: len(text) - len(own)]
            if on is not None and not region.is_valid_on(on):
                continue
            if prefix and prefix in region.ancestor_names():
                found.append(region)
        return found


class Region(models.Model):
    code = models.CharField(_("区划代码"), max_length=12, db_index=True)
    name = models.CharField(_("全称"), max_length=64, db_index=True)
    short_name = models.CharField(_("简称"), max_length=32, db_index=True)
    core_name = models.CharField(
        _("核心名"), max_length=32, db_index=True,
        help_text=_("去掉行政后缀和民族名称后的名称，用于检索"),
    )
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    depth = models.PositiveSmallIntegerField(_("层级"), editable=False)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级区划"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
    )
    scope_key = models.CharField(
        _("范围键"), max_length=12, db_index=True, editable=False,
        help_text=_("代码中标识本级的前缀；下级区划的范围键都以它开头"),
    )
    valid_from = models.DateField(_("生效日期"), null=True, blank=True)
    valid_to = models.DateField(_("失效日期"), null=True, blank=True)
    successor = models.ForeignKey(
        "self", verbose_name=_("继承区划"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="predecessors",
        help_text=_("撤销、合并或更名后接替本区划的区划"),
    )
    lng = models.FloatField(_("经度"), null=True, blank=True)
    lat = models.FloatField(_("纬度"), null=True, blank=True)

    objects: ClassVar[RegionQuerySet] = RegionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ("code",)
        constraints = [
            models.UniqueConstraint(fields=("code", "valid_from"), name="region_code_from_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.fill_derived()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def fill_derived(self) -> None:
        """Compute the fields that follow from code, name and level (bulk loads call this)."""
        self.code = names.normalise_code(self.code)
        self.scope_key = names.scope_key(self.code)
        self.depth = LEVEL_DEPTH[self.level]
        if not self.short_name:
            self.short_name = names.short_name(self.name, level=self.level)
        self.core_name = names.core_name(self.name, level=self.level)

    @property
    def ancestor_keys(self) -> list[str]:
        """Scope keys of this region and all its ancestors, from the code alone."""
        return names.ancestor_keys(self.code)

    def is_within(self, other: Region) -> bool:
        return self.scope_key.startswith(other.scope_key)

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    @property
    def is_current(self) -> bool:
        return self.is_valid_on(dt.date.today())

    def ancestors(self) -> list[Region]:
        """Parents up to the province, nearest first."""
        chain: list[Region] = []
        node = self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def ancestor_names(self) -> set[str]:
        """Every way of writing the ancestors, alone and chained (甘肃临夏州, 临夏州...)."""
        forms: set[str] = {""}
        for ancestor in self.ancestors():
            spellings = {ancestor.name, ancestor.short_name, ancestor.core_name}
            forms |= {s + f for s in spellings for f in forms}
        return forms - {""}

    @property
    def qualified_name(self) -> str:
        """The name with its parents, as offices write it (四川凉山州盐源县)."""
        return "".join(a.short_name for a in reversed(self.ancestors())) + self.name
