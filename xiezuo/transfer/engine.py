"""The import engine: a spreadsheet in, every row through the record's web form, one
transaction out.

    result = run_import(importable, user, path, name, commit=False)   # dry run: the preview
    result = run_import(importable, user, path, name, commit=True)    # all rows or none

Both passes do the same work inside one transaction — read, validate each row with the same
form as hand entry, write — and a dry run (or any invalid row) rolls it back, so the preview
is exact even when one row depends on another (a spending after the allocation it draws on).
Rows are found again by the natural key (or a record number column): a row equal to its record
is *unchanged* and not written, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connections, models, router, transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from xiezuo.core.audit import acting_as
from xiezuo.core.models import AuditAction, AuditedModel, _plain, record_audit
from xiezuo.core.scoping import Action
from xiezuo.core.xlsx_stream import column_letter
from xiezuo.ledgers import actions as ledger_actions
from xiezuo.ledgers.forms import LedgerForm, encode
from xiezuo.ledgers.models import LedgerRecord, period_day
from xiezuo.ledgers.records import Records
from xiezuo.regions.forms import RegionField
from xiezuo.transfer import parse
from xiezuo.transfer.spec import (
    EMPTY,
    ID_HEADERS,
    IGNORED_HEADERS,
    Ambiguous,
    Converter,
    FieldSpec,
    Importable,
    normalise_header,
    pick_pairing,
)
from xiezuo.transfer.workbook import FileRefused, Sheet, open_sheet

NEW, CHANGED, UNCHANGED, INVALID = "new", "changed", "unchanged", "invalid"
MARKERS = ("【说明】", "【示例】")
TOTAL_WORDS = ("合计", "总计", "小计")
HEADER_SEARCH_ROWS = 10
BATCH = 500
MAX_ERRORS_KEPT = 1000
PREVIEW_ROWS = 50


@dataclass
class CellError:
    row: int  # 1-based, as Excel numbers rows
    col: int | None  # 0-based column, None for the row as a whole
    header: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": column_letter(self.col) if self.col is not None
                else "", "header": self.header, "message": self.message}


@dataclass
class Result:
    counts: dict[str, int] = field(default_factory=lambda: {
        "total": 0, NEW: 0, CHANGED: 0, UNCHANGED: 0, INVALID: 0})
    errors: list[CellError] = field(default_factory=list)
    preview: list[dict[str, Any]] = field(default_factory=list)
    refused: str = ""
    committed: bool = False
    #: for the annotated copy: the sheet's rows as read, and the header row's index
    rows: list[list[Any]] = field(default_factory=list)
    sheet_name: str = ""
    error_count: int = 0
    #: id → version of every stored record a row matched: kept by the preview, so that the
    #: confirmation writes nothing over a record someone changed in between
    seen: dict[int, int] = field(default_factory=dict)


@dataclass
class Column:
    index: int
    header: str
    spec: FieldSpec | None  # None: the record number column
    unit: str | None = None


class AmbiguousKey(Exception):
    def __init__(self, count: int) -> None:
        super().__init__(count)
        self.count = count


class Importer:
    def __init__(self, importable: type[Importable], user: Any, *, commit: bool,
                 mode: str = "upsert", reason: str = "",
                 progress: Callable[[int, int], None] | None = None,
                 seen: Mapping[int, int] | None = None) -> None:
        self.importable = importable
        #: the versions the preview saw (on confirming a previewed file), else None
        self.seen = seen
        self.user = user
        self.commit = commit
        self.mode = mode
        self.reason = reason
        self.progress = progress or (lambda done, total: None)
        self.probe = importable.make_form(user)
        self.specs = {s.name: s for s in importable.field_specs(self.probe)}
        self.records = Records()
        self.converter = Converter(importable, user, self.probe, self.records)
        self.model = importable.model
        self.result = Result()
        self.buffer: list[tuple[int, models.Model]] = []
        self.new_keys: dict[tuple[Any, ...], int] = {}
        self._index: dict[tuple[Any, ...], list[tuple[Any, ...]]] | None = None
        self._by_pk: dict[int, tuple[Any, ...]] = {}
        self._pairings: dict[tuple[Any, ...], Any] = {}
        self.skipped: set[int] = set()
        self._new_base: dict[str, Any] | None = None
        self.guards = importable.guards(user)
        self._row_form: forms.ModelForm | None = None
        self._prototype: models.Model | None = None
        concrete = {f.name for f in self.model._meta.concrete_fields}
        #: the fields compared with a stored record to tell a changed row from an unchanged one
        self.compared = [n for n in self.specs
                         if n in concrete or n in importable.compare_paths]
        self.position = {n: i + 1 for i, n in enumerate(self.compared)}
        #: a stored record's version is read with its compared values (last in the tuple)
        self.versioned = "version" in concrete

    # --- the file ----------------------------------------------------------------------

    def run(self, path: Path, name: str) -> Result:
        if not self.importable.permitted(self.user):
            self.result.refused = _("您的角色不能导入数据。")
            return self.result
        try:
            sheet = open_sheet(path, name)
            rows = list(sheet.rows)
            self.result.rows, self.result.sheet_name = rows, sheet.name
            header_at, columns = self.map_columns(rows)
        except FileRefused as exc:
            self.result.refused = str(exc)
            return self.result
        with _roomy_cache(router.db_for_write(self.model)), self.records.active(), \
                transaction.atomic(), acting_as(self.user), ExitStack() as guards:
            for guard in self.guards:
                guards.enter_context(guard)
            self.rows(sheet, rows, header_at, columns)
            self.flush()
            if not self.result.counts["total"]:
                self.result.refused = _("表格中没有数据：请从表头的下一行起，每行填写一条记录。")
            invalid = self.result.counts[INVALID]
            if self.commit and not invalid and not self.result.refused:
                written = self.result.counts[NEW] + self.result.counts[CHANGED]
                self.audit_import(name, written)
                self.result.committed = True
            else:
                transaction.set_rollback(True)
        return self.result

    def map_columns(self, rows: list[list[Any]]) -> tuple[int, list[Column]]:
        """Find the header row (a title may stand above it) and what each column fills."""
        by_alias: dict[str, FieldSpec] = {}
        for spec in self.specs.values():
            for alias in spec.aliases:
                by_alias.setdefault(alias, spec)
        ids = {normalise_header(h) for h in ID_HEADERS}
        ignored = {normalise_header(h) for h in IGNORED_HEADERS} | self.importable.readonly_headers
        # Fields the form leaves out for this user (the reporting side, set by the office):
        # an exported list carries them; they are read past, not refused.
        for name, f in self.importable.form.base_fields.items():
            if name not in self.probe.fields:
                ignored.add(normalise_header(f.label or name))
                ignored.add(normalise_header(_verbose_name(self.model, name)))
        best: tuple[int, int] = (-1, 0)
        for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
            hits = sum(1 for cell in row if self._header_target(cell, by_alias)[0] is not None)
            if hits > best[1]:
                best = (i, hits)
        if best[0] < 0:
            raise FileRefused(_("找不到表头：第一行应为列名，如「%(h)s」。"
                "请使用本页提供的导入模板。") % {
                "h": "」「".join(s.header for s in list(self.specs.values())[:4])})
        header_at = best[0]
        columns: list[Column] = []
        self.skipped = set()  # known columns read past: 序号, an export's computed totals
        unknown: list[str] = []
        seen: dict[str, str] = {}
        for j, cell in enumerate(rows[header_at]):
            text = normalise_header(cell)
            if not text:
                continue
            target, unit = self._header_target(cell, by_alias)
            # a computed column of the export is read past, unless a field of the form has
            # that name (the template's 帮扶主体 is the helper's name, which the export shows)
            if target is None and (text in ignored
                                   or parse.unit_of_header(text)[0] in ignored):
                self.skipped.add(j)
                continue
            if target is None and text in ids:
                columns.append(Column(j, parse.text_of(cell), None))
                continue
            if target is None:
                unknown.append(parse.text_of(cell))
                continue
            spec = target
            if spec.name in seen:
                raise FileRefused(_("「%(a)s」和「%(b)s」两列都是%(f)s，请只保留一列。") % {
                    "a": seen[spec.name], "b": parse.text_of(cell), "f": spec.label})
            seen[spec.name] = parse.text_of(cell)
            if spec.kind == "money" and unit is None:
                unit = None  # the cells must say their unit
            columns.append(Column(j, parse.text_of(cell), spec, unit))
        if unknown:
            raise FileRefused(_("表头中有无法识别的列：「%(u)s」。可以导入的列：%(k)s。"
                "请删除多余的列或改用导入模板。") % {
                "u": "」「".join(unknown), "k": "、".join(s.header for s in self.specs.values())})
        missing = [s.header for s in self.specs.values() if s.required and s.name not in seen]
        has_id = any(c.spec is None for c in columns)
        if missing and not (has_id and self.mode == "update"):
            raise FileRefused(_("缺少必填的列：「%(m)s」。") % {"m": "」「".join(missing)})
        return header_at, columns

    def _header_target(self, cell: Any, by_alias: dict[str, FieldSpec]
                       ) -> tuple[FieldSpec | None, str | None]:
        text = normalise_header(cell)
        if not text:
            return None, None
        spec = by_alias.get(text)
        if spec is not None:
            return spec, spec.unit if spec.kind == "money" and spec.unit else None
        bare, unit = parse.unit_of_header(text)
        spec = by_alias.get(normalise_header(bare))
        if spec is not None and spec.kind == "money":
            return spec, unit
        # Any other unit in brackets (人, 个, 户) names the field all the same.
        spec = by_alias.get(re.sub(r"（[^（）]*）$", "", text))
        if spec is not None and spec.kind != "money":
            return spec, None
        return None, None

    # --- the rows ----------------------------------------------------------------------

    def rows(self, sheet: Sheet, rows: list[list[Any]], header_at: int,
             columns: list[Column]) -> None:
        """Batch by batch: every row's cells read, the guards told what the batch names (the
        projects whose spending they watch), then each row validated and written in order."""
        mapped = {c.index for c in columns}
        total = len(rows) - header_at - 1
        batch: list[Row] = []
        for i in range(header_at + 1, len(rows)):
            cells = rows[i]
            done = i - header_at
            if done % BATCH == 0:
                self.progress(done, total)
                self.validate_batch(batch)
                batch = []
            texts = [parse.text_of(c) for c in cells]
            if not any(texts):
                continue  # an empty row
            if any(t.startswith(MARKERS) for t in texts):
                continue  # the template's notes and example rows
            first = next(t for t in texts if t)
            if first.replace(" ", "").startswith(TOTAL_WORDS):
                continue  # a totals row, as exports end
            self.result.counts["total"] += 1
            stray = [j for j, t in enumerate(texts)
                     if t and j not in mapped and j not in self.skipped]
            batch.append(self.read(i + 1, cells, texts, columns, sheet.formulas, i, stray))
        self.validate_batch(batch)
        self.progress(total, total)

    def validate_batch(self, batch: list[Row]) -> None:
        if not batch:
            return
        for guard in self.guards:
            if hasattr(guard, "prepare"):
                guard.prepare([r.values for r in batch if not r.errors])
        for row in batch:
            self.finish(row)

    def read(self, rownum: int, cells: list[Any], texts: list[str], columns: list[Column],
             formulas: set[tuple[int, int]], index: int, stray: list[int]) -> Row:
        """A row's cells as field values; what cannot be read is an error on its cell."""
        errors: list[CellError] = [
            CellError(rownum, j, "", _("此列没有表头，内容不会导入："
                "请补上表头或删除。")) for j in stray]
        values: dict[str, Any] = {}
        pk: int | None = None
        by_field: dict[str, Column] = {}
        for column in columns:
            cell = cells[column.index] if column.index < len(cells) else None
            if (index, column.index) in formulas:
                errors.append(CellError(rownum, column.index, column.header, _(
                    "单元格是公式：请复制后「选择性粘贴 → 数值」再导入。")))
                continue
            if column.spec is None:
                text = parse.text_of(cell)
                if text:
                    try:
                        pk = parse.parse_int(text)
                    except parse.ParseError as exc:
                        errors.append(CellError(rownum, column.index, column.header, str(exc)))
                continue
            by_field[column.spec.name] = column
            try:
                values[column.spec.name] = self.converter.value(
                    column.spec, cell, column.unit,
                    texts[column.index] if column.index < len(texts) else "")
            except parse.ParseError as exc:
                errors.append(CellError(rownum, column.index, column.header, str(exc)))
        for name, value in list(values.items()):
            if isinstance(value, Ambiguous):
                try:
                    values[name] = value.narrow(values)
                except parse.ParseError as exc:
                    column = by_field[name]
                    errors.append(CellError(rownum, column.index, column.header, str(exc)))
        self.pick_pairing(values)
        self.match_pairing(values)
        return Row(rownum, values, pk, errors, by_field)

    def finish(self, row: Row) -> None:
        rownum, errors = row.rownum, row.errors
        status, changes, label = self.validate(rownum, row.values, row.pk, errors, row.by_field)
        self.result.counts[status] += 1
        self.result.error_count += len(errors)
        room = MAX_ERRORS_KEPT - len(self.result.errors)
        if errors and room > 0:
            self.result.errors += errors[:room]
        if status in (NEW, CHANGED) and len(self.result.preview) < PREVIEW_ROWS:
            self.result.preview.append({"row": rownum, "status": status, "label": label,
                                        "changes": changes})

    def pick_pairing(self, values: dict[str, Any]) -> None:
        candidates = values.get("pairing")
        if isinstance(candidates, list):
            values["pairing"] = pick_pairing(candidates, self.record_date(values))

    def match_pairing(self, values: dict[str, Any]) -> None:
        """No pairing given: the one the form would match, found by the form's own method
        once per county and date instead of once per row."""
        matching = getattr(self.probe, "matching_pairings", None)
        region, day = values.get("region"), self.record_date(values)
        if values.get("pairing", EMPTY) is not EMPTY or matching is None \
                or "pairing" not in self.probe.fields or region is EMPTY or region is None \
                or day is None:
            return
        period = getattr(self.model, "period_field", "year")
        key = (region.pk, day if period != "year" else day.year)
        if key not in self._pairings:
            found = matching(region, day)
            self._pairings[key] = found[0] if found else None
            if found:  # the form's own match, from the pairings its field offers
                self.records.offer("pairing", found[0])
        if self._pairings[key] is not None:
            values["pairing"] = self._pairings[key]

    def record_date(self, values: dict[str, Any]) -> dt.date | None:
        period = getattr(self.model, "period_field", "year")
        return period_day(values.get(period))

    # --- one row: find, compare, validate, write ---------------------------------------

    def validate(self, rownum: int, values: dict[str, Any], pk: int | None,
                 errors: list[CellError], by_field: dict[str, Column]
                 ) -> tuple[str, dict[str, Any], str]:
        existing_values: tuple[Any, ...] | None = None
        existing_pk: int | None = None
        if pk is not None:
            existing_pk = pk
            existing_values = self.index_by_pk().get(pk)
            if existing_values is None:
                errors.append(CellError(rownum, None, "", _(
                    "编号 %(pk)s 的记录不存在，或不在您的数据范围内。") % {"pk": pk}))
                return INVALID, {}, ""
        elif self.importable.natural_key and not errors:
            key = self.key_from_values(values)
            try:
                existing_pk, existing_values = self.lookup(key, values)
            except AmbiguousKey as exc:
                errors.append(self.ambiguous(rownum, exc))
                return INVALID, {}, ""
        if errors:
            return INVALID, {}, ""
        if existing_values is not None and not self.saw(rownum, existing_values, errors):
            return INVALID, {}, ""
        if existing_values is not None and self.same(values, existing_values):
            return UNCHANGED, {}, ""
        instance = self.load(existing_pk) if existing_pk is not None else None
        if existing_pk is not None and instance is None:
            errors.append(CellError(rownum, None, "", _("无权修改已有的记录（编号 %(pk)s）。") % {
                "pk": existing_pk}))
            return INVALID, {}, ""
        form = self.form(values, instance)
        if not form.is_valid() and self.buffer:
            self.flush()  # a row may depend on rows still waiting to be written
            form = self.form(values, instance)
        if form.is_valid() and instance is None and self.importable.natural_key:
            key = self.key_of(form.instance)
            if key in self.new_keys:
                message = _("与第 %(n)s 行是同一条记录（%(k)s 相同）。")
                errors.append(CellError(rownum, None, "", message % {
                    "n": self.new_keys[key], "k": self.key_label()}))
                return INVALID, {}, ""
            try:
                found_pk, found_values = self.lookup(key, values)
            except AmbiguousKey as exc:
                errors.append(self.ambiguous(rownum, exc))
                return INVALID, {}, ""
            if found_pk is not None and found_values is not None:
                if not self.saw(rownum, found_values, errors):
                    return INVALID, {}, ""
                if self.same(values, found_values):
                    return UNCHANGED, {}, ""
                instance = self.load(found_pk)
                if instance is None:
                    errors.append(CellError(rownum, None, "", _("无权修改已有的记录。")))
                    return INVALID, {}, ""
                form = self.form(values, instance)
            else:
                self.new_keys[key] = rownum
        status = NEW if instance is None else CHANGED
        if status == NEW and self.mode == "update":
            errors.append(CellError(rownum, None, "", _("找不到要更新的记录（导入方式为「只更新」）"
                "。")))
            return INVALID, {}, ""
        if status == CHANGED and self.mode == "insert":
            errors.append(CellError(rownum, None, "", _(
                "记录已存在且内容不同（导入方式为「只新增」）；如需修改请选择「新增并更新」。")))
            return INVALID, {}, ""
        if not form.is_valid():
            self.form_errors(rownum, form, by_field, errors)
            return INVALID, {}, ""
        if not self.importable.covers(self.user, form.instance):
            errors.append(CellError(rownum, None, "", _("只能导入本单位数据范围内的记录。")))
            return INVALID, {}, ""
        if instance is not None and not self.stored_diff(instance):
            return UNCHANGED, {}, ""  # blank cells the form fills in as they were (a level)
        changes = self.changes(form, instance, by_field) if instance is not None else {}
        if not self.write(rownum, form, status, errors):
            return INVALID, {}, ""
        label = str(form.instance)[:100] if len(self.result.preview) < PREVIEW_ROWS else ""
        return status, changes, label

    def form(self, values: dict[str, Any], instance: models.Model | None) -> forms.ModelForm:
        data = dict(self.base_data(instance))
        for name, value in values.items():
            spec = self.specs[name]
            if value is EMPTY:
                value = self.empty(spec)
            encode(data, spec.name, spec.field, value)
        if instance is not None:
            return self.importable.make_form(self.user, data, instance)
        if self._row_form is None:  # new rows: one form for the file, bound row by row
            self._row_form = self.importable.make_form(self.user, {}, self.model())
            self._prototype = self._row_form.instance  # as the constructor prepared it
        if isinstance(self._row_form, LedgerForm) and self._prototype is not None:
            return self._row_form.rebind(data, copy.copy(self._prototype))
        return self.importable.make_form(self.user, data, None)

    def base_data(self, instance: models.Model | None) -> dict[str, Any]:
        """The form's data for the fields a file leaves out: the record's own values (or a
        new record's defaults), so an update touches only the columns the file has."""
        if instance is None and self._new_base is not None:
            return self._new_base
        fields = self.probe.fields
        obj = instance or self.model()
        initial = model_to_dict(obj, fields=list(fields))
        data: dict[str, Any] = {}
        for name, f in fields.items():
            if name not in initial:
                continue
            value = initial[name]
            if value is not None and isinstance(f, forms.ModelChoiceField | RegionField):
                value = getattr(obj, name)  # the record itself, not its number
            encode(data, name, f, value)
        if instance is None:
            self._new_base = data
        return data

    def empty(self, spec: FieldSpec) -> Any:
        """A blank cell: the field's default where the model has one (0 for counts)."""
        try:
            model_field = self.model._meta.get_field(spec.name)
        except Exception:
            return None
        if model_field.has_default():  # type: ignore[union-attr]
            return model_field.get_default()  # type: ignore[union-attr]
        return None

    def form_errors(self, rownum: int, form: forms.ModelForm, by_field: dict[str, Column],
                    errors: list[CellError]) -> None:
        for name, messages in form.errors.items():
            column = by_field.get(name)
            header = column.header if column else (
                str(form.fields[name].label) if name in form.fields else "")
            for message in messages:
                text = str(message) if column or not header else f"{header}：{message}"
                errors.append(CellError(rownum, column.index if column else None, header, text))

    def changes(self, form: forms.ModelForm, instance: models.Model,
                by_field: dict[str, Column]) -> dict[str, Any]:
        before = getattr(instance, "_snapshot", {})
        after = form.instance.audit_snapshot() if hasattr(form.instance, "audit_snapshot") else {}
        return {self.specs[n].label if n in self.specs else n: [before.get(n), v]
                for n, v in after.items() if before.get(n) != v}

    def write(self, rownum: int, form: forms.ModelForm, status: str,
              errors: list[CellError]) -> bool:
        obj = form.instance
        if status == NEW and self.importable.can_bulk_insert(obj):
            self.buffer.append((rownum, obj))
            self.accepted(obj, None)
            if len(self.buffer) >= BATCH:
                self.flush()
            return True
        self.flush()
        before = dict(getattr(obj, "_snapshot", {})) if status == CHANGED else None
        try:
            with transaction.atomic():
                saved = form.save(commit=False)
                if isinstance(saved, LedgerRecord):  # the one road of every ledger row
                    seen = {saved.pk: self.seen[saved.pk]} \
                        if self.seen and saved.pk in self.seen else None
                    ledger_actions.write(self.user, [saved], reason=self.reason, seen=seen)
                elif isinstance(saved, AuditedModel):
                    saved.save(audit_reason=self.reason)
                else:  # a registry record (regions): logged here, field by field
                    diff = self.stored_diff(saved) if status == CHANGED else {}
                    saved.save()
                    if status == NEW:
                        diff = {f.name: [None, _plain(getattr(saved, f.attname))]
                                for f in saved._meta.concrete_fields
                                if getattr(saved, f.attname) not in (None, "")}
                    record_audit(saved, AuditAction.CREATE if status == NEW
                                 else AuditAction.UPDATE, diff, self.reason)
                form.save_m2m()
        except ValidationError as exc:
            for message in exc.messages:
                errors.append(CellError(rownum, None, "", str(message)))
            return False
        except IntegrityError:
            errors.append(CellError(rownum, None, "", _("与数据库中已有的数据冲突，无法保存。")))
            return False
        except PermissionDenied as exc:
            errors.append(CellError(rownum, None, "", str(exc) or _("无权修改这条记录。")))
            return False
        self.accepted(obj, before)
        self.written([obj])
        return True

    def stored_diff(self, obj: models.Model) -> dict[str, list[Any]]:
        """What validation changed on a stored record: its audit diff, or for a model
        without one its fields compared with the row as stored."""
        if isinstance(obj, AuditedModel):
            return obj.audit_diff()
        fields = obj._meta.concrete_fields
        stored = type(obj)._default_manager.filter(pk=obj.pk).values(
            *[f.attname for f in fields]).first() or {}
        return {f.name: [_plain(stored.get(f.attname)), _plain(getattr(obj, f.attname))]
                for f in fields if stored.get(f.attname) != getattr(obj, f.attname)}

    def accepted(self, obj: models.Model, before: dict[str, Any] | None) -> None:
        for guard in self.guards:
            if hasattr(guard, "add"):
                guard.add(obj, before)

    def written(self, objs: list[models.Model]) -> None:
        for guard in self.guards:
            if hasattr(guard, "written"):
                guard.written(objs)

    def flush(self) -> None:
        if not self.buffer:
            return
        rows, self.buffer = self.buffer, []
        try:
            with transaction.atomic():
                self._insert([obj for _n, obj in rows])
            self.written([obj for _n, obj in rows])
        except (IntegrityError, ValidationError, PermissionDenied):
            for rownum, obj in rows:  # find the rows refused, one by one
                obj.pk = None
                obj._state.adding = True
                try:
                    with transaction.atomic():
                        self._insert([obj])
                except IntegrityError:
                    self._late_error(rownum, _("与数据库中已有的数据冲突，无法保存。"))
                except (ValidationError, PermissionDenied) as exc:
                    self._late_error(rownum, "；".join(getattr(exc, "messages", [str(exc)])))
                self.written([obj])

    def _insert(self, objs: list[models.Model]) -> None:
        """New rows together: ledger rows through the ledger write action (scope, lock,
        audit, figures), other audited records in one statement a batch."""
        rows = [obj for obj in objs if isinstance(obj, LedgerRecord)]
        if rows:
            ledger_actions.write(self.user, rows, reason=self.reason)
        else:
            self.model.bulk_create_audited(objs, self.reason)  # type: ignore[attr-defined]

    def _late_error(self, rownum: int, message: str) -> None:
        self.result.counts[NEW] -= 1
        self.result.counts[INVALID] += 1
        self.result.errors.append(CellError(rownum, None, "", message))

    def audit_import(self, name: str, written: int) -> None:
        """One audit row for the import as a whole, besides each record's own."""
        job = getattr(self, "job", None)
        target = job if job is not None else self.user
        counts = self.result.counts
        record_audit(target, "import", {
            "file": [None, name], "model": [None, self.model._meta.label_lower],
            "new": [None, counts[NEW]], "changed": [None, counts[CHANGED]],
            "unchanged": [None, counts[UNCHANGED]]}, self.reason)

    # --- natural keys ------------------------------------------------------------------

    def ambiguous(self, rownum: int, exc: AmbiguousKey) -> CellError:
        return CellError(rownum, None, "", _(
            "已有 %(n)s 条记录的「%(k)s」与本行相同，无法确定要更新哪一条：请加上「编号」列。") % {
            "n": exc.count, "k": self.key_label()})

    def key_fields(self) -> list[models.Field[Any, Any]]:
        return [self.model._meta.get_field(n) for n in self.importable.natural_key]  # type: ignore[misc]

    def index(self) -> dict[tuple[Any, ...], list[tuple[Any, ...]]]:
        """Key → (pk, compared values…) of every record the user may see, read once."""
        if self._index is None:
            attnames = [f.attname for f in self.key_fields()]
            compared = [self.importable.compare_paths.get(n)
                        or self.model._meta.get_field(n).attname  # type: ignore[union-attr]
                        for n in self.compared]
            qs = self.importable.queryset(self.user, Action.VIEW).order_by()
            index: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
            version = ["version"] if self.versioned else []
            for row in qs.values_list("pk", *attnames, *compared, *version).iterator(
                    chunk_size=5000):
                key = tuple(_norm(v) for v in row[1:1 + len(attnames)])
                stored = (row[0], *row[1 + len(attnames):])
                index.setdefault(key, []).append(stored)
                self._by_pk[row[0]] = stored
            self._index = index
        return self._index

    def index_by_pk(self) -> dict[int, tuple[Any, ...]]:
        self.index()
        return self._by_pk

    def lookup(self, key: tuple[Any, ...], values: dict[str, Any]
               ) -> tuple[int | None, tuple[Any, ...] | None]:
        """The stored record with this key. Several (older data may repeat a key): the one
        the row equals, else Ambiguous."""
        found = self.index().get(key)
        if not found:
            return None, None
        if len(found) > 1:
            same = [f for f in found if self.same(values, f)]
            if not same:
                raise AmbiguousKey(len(found))
            found = same
        return found[0][0], found[0]

    def key_from_values(self, values: dict[str, Any]) -> tuple[Any, ...]:
        """The natural key from the file's cells; fields the file leaves out take what the
        form would give a new record (a default, the user's office side)."""
        probe = self.probe.instance
        key = []
        for f in self.key_fields():
            if f.name in values:
                value = values[f.name]
                key.append(_norm(self.empty(self.specs[f.name]) if value is EMPTY else value))
            else:
                key.append(_norm(getattr(probe, f.attname)))
        return tuple(key)

    def key_of(self, obj: models.Model) -> tuple[Any, ...]:
        return tuple(_norm(getattr(obj, f.attname)) for f in self.key_fields())

    def key_label(self) -> str:
        return "、".join(str(f.verbose_name) for f in self.key_fields())

    def same(self, values: dict[str, Any], stored: tuple[Any, ...]) -> bool:
        for name, value in values.items():
            at = self.position.get(name)
            if at is None:
                continue
            old = stored[at]
            new = self.empty(self.specs[name]) if value is EMPTY else value
            if _norm(old) != _norm(new):
                return False
        return True

    def saw(self, rownum: int, stored: tuple[Any, ...], errors: list[CellError]) -> bool:
        """A row matched a stored record: the preview notes its version; the confirmation
        refuses the row when the record is not at the version the preview saw (changed, or
        added, by someone in between: the file would be written over their change)."""
        if not self.versioned:
            return True
        pk, version = stored[0], stored[-1]
        self.result.seen[pk] = version
        if self.seen is None or self.seen.get(pk) == version:
            return True
        errors.append(CellError(rownum, None, "", _(
            "编号 %(pk)s 的记录在预览之后已被他人修改或新增：为免覆盖对方的修改，没有写入。"
            "请重新上传文件预览。") % {"pk": pk}))
        return False

    def load(self, pk: int) -> models.Model | None:
        obj = self.importable.queryset(self.user, Action.CHANGE).filter(pk=pk).first()
        if obj is None or not self.importable.covers(self.user, obj):
            return None
        return obj


@dataclass
class Row:
    """A row of the file read into field values, waiting for validation."""

    rownum: int
    values: dict[str, Any]
    pk: int | None
    errors: list[CellError]
    by_field: dict[str, Column]


#: SQLite's page cache during an import, in KiB: a large file's rows and audit rows keep
#: their table and index pages in memory instead of reading them back from the log
IMPORT_CACHE_KIB = 131072


@contextmanager
def _roomy_cache(alias: str) -> Iterator[None]:
    connection = connections[alias]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        if not connection.needs_rollback:  # else the error on its way out is the news
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _verbose_name(model: type[models.Model], name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)  # type: ignore[union-attr]
    except Exception:
        return name


def _norm(value: Any) -> Any:
    """Values compare alike whichever way they were read: records by number, blanks as one,
    amounts by value, text without surrounding spaces."""
    kind = type(value)  # the common cases first: the same answers as below
    if kind is str:
        return value.strip() or None
    if kind is Decimal:
        return value.normalize()
    if kind is int:
        return Decimal(value).normalize()
    if kind is dt.date:
        return value
    if isinstance(value, models.Model):
        return value.pk
    if value is None or value is EMPTY or value == "":
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | Decimal | float):
        return Decimal(str(value)).normalize()
    if isinstance(value, str):
        return value.strip() or None
    return value


def run_import(importable: type[Importable], user: Any, path: Path, name: str, *,
               commit: bool, mode: str = "upsert", reason: str = "",
               progress: Callable[[int, int], None] | None = None,
               job: Any = None, seen: Mapping[int, int] | None = None) -> Result:
    importer = Importer(importable, user, commit=commit, mode=mode, reason=reason,
                        progress=progress, seen=seen)
    importer.job = job  # type: ignore[attr-defined]
    return importer.run(path, name)
