"""Uploaded files go through Django's storage API only: with a store that has no local path
(Django's in-memory storage standing in for an S3-compatible bucket), imports inline and by
the worker, a county's own table, and attachments all work, and nothing lands on disk."""

from __future__ import annotations

import io
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import InMemoryStorage, default_storage, memory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from xiezuo.transfer.tests.conftest import FUND_HEADER, write_xlsx

pytestmark = pytest.mark.django_db



class NoPathStorage(InMemoryStorage):
    """Django's in-memory storage without its courtesy path to callers: a bucket has none
    (the storage itself keys its files by it)."""

    def path(self, name: str) -> str:
        if sys._getframe(1).f_code.co_filename != memory.__file__:
            raise NotImplementedError("this storage has no local paths")
        return super().path(name)


IN_MEMORY = {"BACKEND": f"{__name__}.NoPathStorage"}
ROWS = [FUND_HEADER] + [
    [f"2024-03-{d:02d}", 2024, "拨付", "财政援助资金", 10 + d, "临夏市", f"财拨{d}号"]
    for d in range(1, 6)]
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def memory_storage(settings: Any, tmp_path: Path) -> Path:
    settings.STORAGES = {**settings.STORAGES, "default": IN_MEMORY}
    settings.MEDIA_ROOT = tmp_path / "media"
    with pytest.raises(NotImplementedError):
        default_storage.path("x")  # no local path to lean on
    return Path(settings.MEDIA_ROOT)


def stored_on_disk(media: Path) -> list[Path]:
    """Files under MEDIA_ROOT other than the jobs' progress notes."""
    if not media.exists():
        return []
    return [p for p in media.rglob("*") if p.is_file() and "progress" not in p.parts]


def post_import(client: Any, path: Path) -> Any:
    from xiezuo.transfer.models import TransferJob

    response = client.post(reverse("transfer:import", args=["funds.fundmovement"]), {
        "file": SimpleUploadedFile(path.name, path.read_bytes()), "mode": "upsert"})
    assert response.status_code == 302, response.content.decode()[:2000]
    return TransferJob.objects.latest("id")


@pytest.mark.parametrize("inline_bytes", [10**9, 0], ids=["inline", "worker"])
def test_an_import_reads_its_upload_through_the_storage(login, memory_storage, tmp_path,
                                                        settings, inline_bytes) -> None:
    from xiezuo.funds.models import FundMovement
    from xiezuo.transfer.models import Status

    settings.IMPORT_INLINE_BYTES = inline_bytes
    client = login("linxiashi_entry")
    bad = write_xlsx(tmp_path / "bad.xlsx", [*ROWS, ["2024-13-40", 2024, "拨付", "财政援助资金",
                                                      "many", "临夏市", "x"]])
    job = post_import(client, bad)
    if job.status == Status.QUEUED:
        call_command("worker", "--once", stdout=io.StringIO())
        job.refresh_from_db()
    assert job.status == Status.PREVIEW and job.invalid == 1, (job.message, job.errors)
    assert default_storage.exists(job.upload.name) and default_storage.exists(job.report.name)
    report = client.get(reverse("transfer:file", args=[job.pk, "report"]))
    assert b"".join(report.streaming_content)[:2] == b"PK"  # the annotated workbook
    good = write_xlsx(tmp_path / "good.xlsx", ROWS)
    job = post_import(client, good)
    if job.status == Status.QUEUED:
        call_command("worker", "--once", stdout=io.StringIO())
        job.refresh_from_db()
    assert (job.status, job.new) == (Status.PREVIEW, 5), (job.message, job.errors)
    client.post(reverse("transfer:commit", args=[job.pk]))
    call_command("worker", "--once", stdout=io.StringIO())
    job.refresh_from_db()
    assert job.status == Status.DONE and FundMovement.objects.count() == 5
    upload = client.get(reverse("transfer:file", args=[job.pk, "upload"]))
    assert b"".join(upload.streaming_content) == good.read_bytes()
    assert stored_on_disk(memory_storage) == []


def test_a_countys_own_table_is_read_through_the_storage(client, demo, memory_storage) -> None:
    from xiezuo.sheets.models import SheetUpload
    from xiezuo.sheets.tests.conftest import DATA, hunan_offices

    offices = hunan_offices(demo)
    client.force_login(offices["liling"]["user"])
    data = (DATA / "04.xlsx").read_bytes()
    response = client.post(reverse("sheets:start"), {
        "ledger": "projects.project", "file": SimpleUploadedFile("04.xlsx", data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    sheet = SheetUpload.objects.latest("id")
    page = client.get(sheet.get_absolute_url())
    assert page.status_code == 200 and 'id="sheet-grid"' in page.content.decode()
    assert default_storage.open(sheet.file.name).read() == data
    assert stored_on_disk(memory_storage) == []


def test_an_attachment_is_kept_and_served_by_the_storage(login, demo, memory_storage) -> None:
    from xiezuo.core.models import Attachment
    from xiezuo.projects.models import Project, Sector
    from xiezuo.regions.models import Region

    project = Project.objects.create(
        pairing=demo["pairings"]["lmt-pg"], region=Region.objects.get(code="513428"),
        year=2024, name="普基镇核桃基地", sector=Sector.objects.get(code="industry"),
        budget_fiscal=Decimal("500000"))
    client = login("puge_entry")
    client.post(reverse("projects:attach", args=[project.pk]), {
        "file": SimpleUploadedFile("批复.pdf", PDF, "application/pdf"), "title": "立项批复"})
    attachment = Attachment.objects.get()
    assert default_storage.open(attachment.file.name).read() == PDF
    got = client.get(reverse("projects:attachment", args=[project.pk, attachment.pk]))
    assert b"".join(got.streaming_content) == PDF
    assert stored_on_disk(memory_storage) == []
