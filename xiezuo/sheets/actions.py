"""What a person does with an office's table, one function a step: upload it, correct the
reading, preview the import, confirm it (which saves the mapping, audited)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from xiezuo.core.storage import local_copy
from xiezuo.sheets import handoff
from xiezuo.sheets.forms import constants_form, raw_constants
from xiezuo.sheets.layout import ROLES
from xiezuo.sheets.models import SavedMapping, SheetUpload, shape_of
from xiezuo.sheets.reading import Reading, read


def reading_of(upload: SheetUpload, user: Any) -> Reading:
    """The upload read with the person's corrections."""
    with local_copy(upload.file) as path:  # the store may be no local disk
        return read(path, upload.original_name, upload.ledger,
                    upload.sheet or None, user, mapping=upload.mapping(),
                    roles=upload.role_overrides(), units=upload.unit_overrides())


def labels(reading: Reading) -> list[str]:
    return [reading.column_key(c.index) for c in reading.layout.columns if c.kind != "empty"]


def shape(reading: Reading) -> str:
    return shape_of(labels(reading), reading.importable.key)


def create_upload(user: Any, ledger: str, upload_file: Any) -> SheetUpload:
    """Keep the file, read it once, and take the mapping this office confirmed for a table
    of the same shape, if any (else the suggestion)."""
    upload = SheetUpload(user=user, office=getattr(user, "office", None), ledger=ledger,
                         original_name=(upload_file.name or "table")[:200])
    upload.file.save(upload_file.name or "table", upload_file, save=False)
    upload.save()
    reading = reading_of(upload, user)
    upload.sheet = reading.grid.name
    offer_saved(upload, reading)
    if not upload.columns:
        upload.columns = {str(i): f for i, f in reading.mapping.items()}
    upload.save()
    return upload


def offer_saved(upload: SheetUpload, reading: Reading) -> SavedMapping | None:
    if upload.office is None:
        return None
    saved = SavedMapping.objects.for_office(upload.office, reading.importable.key,
                                            shape(reading)).first()
    if saved is None:
        return None
    keys = {reading.column_key(c.index): c.index for c in reading.layout.columns}
    upload.columns = {str(i): saved.columns.get(h, "") for h, i in keys.items()}
    upload.units = {str(keys[h]): u for h, u in saved.units.items() if h in keys}
    upload.constants = dict(saved.constants)
    upload.offered = saved
    return saved


def correct(upload: SheetUpload, reading: Reading, data: Any) -> None:
    """The person's corrections from the page: a field per column, a unit per money
    column, a role per row, the sheet, and the constants as typed. A correction drops the
    previewed import."""
    columns, units, roles = {}, {}, {}
    for col in reading.layout.columns:
        key = f"col-{col.index}"
        if key in data:
            columns[str(col.index)] = data.get(key) or ""
        unit = data.get(f"unit-{col.index}")
        if unit:
            units[str(col.index)] = unit
    for row in reading.layout.rows:
        role = data.get(f"role-{row.index}")
        if role in ROLES and (role != row.role or row.corrected):
            detected = row.role if not row.corrected else None
            if role != detected:
                roles[str(row.index)] = role
    upload.columns = columns or upload.columns
    upload.units, upload.roles = units, roles
    sheet = data.get("sheet")
    if sheet and sheet in reading.grid.sheets and sheet != upload.sheet:
        upload.sheet, upload.columns, upload.units, upload.roles = sheet, {}, {}, {}
    upload.constants = raw_constants(data)
    upload.job = None
    upload.save()


def preview(upload: SheetUpload, reading: Reading, user: Any) -> Any:
    """The import run as a dry run: returns the constants form (its errors, if any, and
    then nothing is run) and the job."""
    form = constants_form(reading.importable, user, set(reading.mapping.values()),
                          data=as_querydict(upload.constants))
    if not form.is_valid():
        return form, None
    specs = form.specs  # type: ignore[attr-defined]
    constants = {name: handoff.constant_text(specs[name], value)
                 for name, value in form.cleaned_data.items()}
    return form, handoff.start(upload, reading, constants, user)


def as_querydict(raw: dict[str, Any]) -> Any:
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    for key, value in raw.items():
        if isinstance(value, list):
            data.setlist(key, value)
        else:
            data[key] = value
    return data


def confirm(upload: SheetUpload, reading: Reading, user: Any) -> Any:
    """Save the mapping for this office and table shape (audited), and run the previewed
    import for real: all rows or none, at once or by a background worker."""
    from xiezuo.core.audit import acting_as
    from xiezuo.transfer.models import Status

    job = upload.job
    assert job is not None
    with transaction.atomic(), acting_as(user):
        if upload.office is not None:
            save_mapping(upload, reading)
        job.commit, job.status = True, Status.QUEUED
        job.errors, job.preview, job.message = [], [], ""
        job.save()
        upload.confirmed_at = timezone.now()
        upload.save(update_fields=["confirmed_at"])
    handoff.run_or_queue(job)
    job.refresh_from_db()
    return job


def save_mapping(upload: SheetUpload, reading: Reading) -> SavedMapping:
    headers = labels(reading)
    columns = {reading.column_key(i): f for i, f in reading.mapping.items() if f}
    units = {reading.column_key(int(i)): u for i, u in upload.units.items()}
    saved = SavedMapping.objects.for_office(upload.office, reading.importable.key,
                                            shape(reading)).first()
    if saved is None:
        saved = SavedMapping(office=upload.office, ledger=reading.importable.key,
                             shape=shape(reading))
    saved.headers, saved.columns, saved.units = headers, columns, units
    saved.constants = dict(upload.constants)
    saved.used += 1
    saved.save()
    return saved


def forget(saved: SavedMapping, user: Any) -> None:
    from xiezuo.core.audit import acting_as

    with acting_as(user):
        saved.delete()
