"""Jobs: large files wait for a background worker (a task of Django's Tasks interface, run by
``xiezuo worker`` = db_worker); exports of long lists run as jobs; a job is its owner's alone."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from xiezuo.funds.models import FundMovement
from xiezuo.transfer.models import Kind, Status, TransferJob
from xiezuo.transfer.tests.conftest import FUND_HEADER, commit

pytestmark = pytest.mark.django_db
KEY = "funds.fundmovement"
ROWS = [FUND_HEADER] + [
    [f"2024-03-{d:02d}", 2024, "拨付", "财政援助资金", 10 + d, "临夏市", f"财拨{d}号"]
    for d in range(1, 29)]


def worker() -> str:
    out = io.StringIO()
    call_command("worker", "--once", stdout=out)
    return out.getvalue()


@override_settings(IMPORT_INLINE_BYTES=0)
def test_a_large_file_waits_for_the_worker_and_shows_progress(login, xlsx, upload) -> None:
    client = login("linxiashi_entry")
    job = upload(client, KEY, xlsx(ROWS))
    assert job.status == Status.QUEUED
    page = client.get(job.get_absolute_url()).content.decode()
    assert "排队等待处理" in page and 'hx-trigger="every 1s"' in page
    crumbs = page.split('class="breadcrumbs"', 1)[-1].split("</div>", 1)[0]
    assert job.original_name in crumbs and f">{job.pk}<" not in crumbs  # a name, not a number
    worker()
    job.refresh_from_db()
    assert (job.status, job.new) == (Status.PREVIEW, 28)
    bar = client.get(reverse("transfer:progress", args=[job.pk]))
    assert bar["HX-Refresh"] == "true"  # finished: the page reloads with the preview
    job = commit(client, job)
    assert job.status == Status.QUEUED and FundMovement.objects.count() == 0
    worker()
    job.refresh_from_db()
    assert job.status == Status.DONE and FundMovement.objects.count() == 28


def test_a_job_is_its_owners_alone(login, xlsx, upload, client, demo) -> None:
    job = upload(login("linxiashi_entry"), KEY, xlsx(ROWS))
    other = login("jinan_admin")
    assert other.get(job.get_absolute_url()).status_code == 404
    assert other.get(reverse("transfer:file", args=[job.pk, "upload"])).status_code == 404
    assert other.post(reverse("transfer:commit", args=[job.pk])).status_code == 404
    assert job not in other.get(reverse("transfer:jobs")).context["jobs"]


def test_the_ledger_list_links_import_and_background_export(login, demo) -> None:
    page = login("linxiashi_entry").get(reverse("funds:list")).content.decode()
    assert reverse("transfer:import", args=[KEY]) in page
    assert reverse("transfer:export", args=[KEY, "xlsx"]) in page
    viewer = login("gansu_viewer").get(reverse("funds:list")).content.decode()
    assert reverse("transfer:import", args=[KEY]) not in viewer


@override_settings(EXPORT_INLINE_ROWS=5)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_long_list_exports_as_a_job_with_the_pages_filters(login, xlsx, upload, fmt) -> None:
    client = login("linxiashi_entry")
    commit(client, upload(client, KEY, xlsx(ROWS)))
    url = reverse("transfer:export", args=[KEY, fmt])
    asked = client.get(url, {"date_from": "2024-03-11"})
    assert asked.context["count"] == 18 and "后台导出" in asked.content.decode()
    r = client.post(url, {"query": "date_from=2024-03-11"})
    job = TransferJob.objects.get(kind=Kind.EXPORT)
    assert r["Location"] == job.get_absolute_url() and job.status == Status.QUEUED
    worker()
    job.refresh_from_db()
    assert job.status == Status.DONE and job.total == 18
    got = client.get(reverse("transfer:file", args=[job.pk, "result"]))
    content = b"".join(got.streaming_content)
    if fmt == "csv":
        lines = content.decode("utf-8-sig").splitlines()
        assert len(lines) == 1 + 18 + 1 and lines[-1].startswith("合计")
    else:
        import python_calamine

        rows = python_calamine.CalamineWorkbook.from_filelike(
            io.BytesIO(content)).get_sheet_by_index(0).to_python()
        assert len(rows) == 1 + 18 + 1 and rows[0][4] == "金额（万元）"
    # The exported file imports back without change.
    path = xlsx([[]], "unused.xlsx").parent / f"export.{fmt}"
    path.write_bytes(content)
    again = upload(client, KEY, path)
    assert (again.unchanged, again.new, again.invalid) == (18, 0, 0), again.errors[:3]


def test_a_county_exports_only_its_own_rows(login, xlsx, upload) -> None:
    client = login("linxiashi_entry")
    commit(client, upload(client, KEY, xlsx(ROWS)))
    puge = login("puge_entry")
    r = puge.post(reverse("transfer:export", args=[KEY, "csv"]), {"query": ""})
    job = TransferJob.objects.get(kind=Kind.EXPORT)
    assert r.status_code == 302 and job.status == Status.DONE  # short: done at once
    assert job.total == 0


@override_settings(IMPORT_INLINE_BYTES=0, TRANSFER_JOB_TIMEOUT=600, TRANSFER_JOB_ATTEMPTS=3)
def test_a_job_whose_worker_stopped_runs_again_then_fails_and_can_be_retried(
        login, xlsx, upload) -> None:
    """A worker killed mid-import leaves the job running: after ten silent minutes it is
    queued again (nothing was written) and another worker runs it; after the third stopped run
    it is marked failed, and the owner may still run it again."""
    import time_machine
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from xiezuo.core.models import AuditEntry

    client = login("linxiashi_entry")
    job = upload(client, KEY, xlsx(ROWS))
    assert job.task_id and DBTaskResult.objects.filter(pk=job.task_id, status="READY").exists()
    # a worker took its task, and then its process was killed
    DBTaskResult.objects.filter(pk=job.task_id).update(status="RUNNING")
    assert job.claim() and job.attempts == 1
    job.set_progress(100, 28, "import")
    assert not job.is_stale
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11)):
        page = client.get(job.get_absolute_url()).content.decode()
        assert "处理进程可能已经停止" in page  # said before any worker notices, no write
        job.refresh_from_db()
        assert job.status == Status.RUNNING
        first_task = job.task_id
        assert "now queued" in worker()  # requeued, then run by this worker
        job.refresh_from_db()
        assert (job.status, job.new, job.attempts) == (Status.PREVIEW, 28, 2)
        assert AuditEntry.for_object(job).filter(action="requeue").exists()
        assert DBTaskResult.objects.get(pk=first_task).status == "FAILED"
        assert DBTaskResult.objects.get(pk=job.task_id).status == "SUCCESSFUL"
        assert FundMovement.objects.count() == 0

    # the third run stopped too: failed, with the reason; the owner may retry
    TransferJob.objects.filter(pk=job.pk).update(status=Status.RUNNING, attempts=3)
    job.refresh_from_db()
    job.set_progress(100, 28, "import")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11)):
        bar = client.get(reverse("transfer:progress", args=[job.pk]))  # the page polls
        assert bar["HX-Refresh"] == "true"
        job.refresh_from_db()
        assert job.status == Status.FAILED and "处理中断" in job.message
        assert AuditEntry.for_object(job).filter(action="fail").exists()
        response = client.post(reverse("transfer:retry", args=[job.pk]))
        assert response.status_code == 302
        job.refresh_from_db()
        assert job.status == Status.QUEUED and job.attempts == 0
        worker()
        job.refresh_from_db()
        assert (job.status, job.new) == (Status.PREVIEW, 28)
    assert AuditEntry.for_object(job).filter(action="retry").exists()
    assert client.post(reverse("transfer:retry", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == Status.PREVIEW  # a finished job is not run again
    assert FundMovement.objects.count() == 0


def test_a_job_enqueued_twice_runs_once(login, xlsx, upload, settings) -> None:
    """The claim (queued → running) lets one task run a job: a second task for it skips."""
    from xiezuo.transfer import jobs

    settings.IMPORT_INLINE_BYTES = 0
    client = login("linxiashi_entry")
    job = upload(client, KEY, xlsx(ROWS))
    jobs.enqueue(job)
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(status="READY").count() == 2
    worker()
    values = sorted(str(v) for v in DBTaskResult.objects.values_list("return_value", flat=True))
    assert values == ["preview", "skipped"]


@override_settings(EXPORT_INLINE_ROWS=10)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_long_ledger_export_goes_to_the_background_with_progress_and_a_download(
        login, xlsx, upload, fmt) -> None:
    """The list's own export button: a list longer than EXPORT_INLINE_ROWS is sent to the
    background export of the same filtered list (asked, queued, run by a worker, progress
    shown, the file downloaded); a shorter one streams at once as before."""
    from django_tasks_db.models import DBTaskResult

    client = login("linxiashi_entry")
    commit(client, upload(client, KEY, xlsx(ROWS)))
    short = client.get(reverse("funds:export", args=[fmt]), {"date_from": "2024-03-20"})
    assert short.status_code == 200 and short.get("Content-Disposition", "").startswith(
        "attachment")  # 9 rows: streamed in the request
    long = client.get(reverse("funds:export", args=[fmt]), {"date_from": "2024-03-11"})
    asked = reverse("transfer:export", args=[KEY, fmt])
    assert long.status_code == 302 and long["Location"] == f"{asked}?date_from=2024-03-11"
    page = client.get(long["Location"])
    assert page.context["count"] == 18 and "将在后台导出" in page.content.decode()
    started = client.post(asked, {"query": "date_from=2024-03-11"})
    job = TransferJob.objects.get(kind=Kind.EXPORT)
    assert started["Location"] == job.get_absolute_url() and job.status == Status.QUEUED
    assert DBTaskResult.objects.filter(pk=job.task_id, status="READY").exists()
    shown = client.get(job.get_absolute_url()).content.decode()
    assert "排队等待处理" in shown and 'hx-trigger="every 1s"' in shown
    assert "下载导出文件" not in shown
    worker()
    job.refresh_from_db()
    assert (job.status, job.total, job.attempts) == (Status.DONE, 18, 1)
    bar = client.get(reverse("transfer:progress", args=[job.pk]))
    assert bar["HX-Refresh"] == "true" and bar.context["progress"]["percent"] == 100
    shown = client.get(job.get_absolute_url()).content.decode()
    link = reverse("transfer:file", args=[job.pk, "result"])
    assert "下载导出文件" in shown and link in shown
    content = b"".join(client.get(link).streaming_content)
    if fmt == "csv":
        assert len(content.decode("utf-8-sig").splitlines()) == 1 + 18 + 1
    else:
        import python_calamine

        rows = python_calamine.CalamineWorkbook.from_filelike(
            io.BytesIO(content)).get_sheet_by_index(0).to_python()
        assert len(rows) == 1 + 18 + 1 and rows[-1][0] == "合计"


#: the shared cache as Redis gives it: one store every process sees (here the test's memory)
SHARED_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "progress-default"},
    "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
               "LOCATION": "progress-shared"},
}


@override_settings(IMPORT_INLINE_BYTES=0, CACHES=SHARED_CACHE)
def test_the_progress_note_lives_in_the_shared_cache(login, xlsx, upload, monkeypatch) -> None:
    """With a shared cache (Redis), the worker's progress note and heartbeat go there, not to
    a file: any app server's page reads it, whatever machine the task runs on."""
    from django.core.cache import caches

    client = login("linxiashi_entry")
    job = upload(client, KEY, xlsx(ROWS))
    running = TransferJob.objects.get(pk=job.pk)  # the worker's copy of the job
    assert running.claim()
    running.set_progress(14, 28, "import")
    assert not running.progress_path.exists()
    assert caches["shared"].get(job.progress_key)["done"] == 14
    bar = client.get(reverse("transfer:progress", args=[job.pk])).content.decode()
    assert 'value="50"' in bar and "14 / 28" in bar
    assert TransferJob.objects.get(pk=job.pk).last_beat is not None and not job.is_stale

    # the task itself writes there: its last note, kept here past the job's end, is read back
    TransferJob.objects.filter(pk=job.pk).update(status=Status.QUEUED)
    caches["shared"].clear()
    monkeypatch.setattr(TransferJob, "clear_progress", lambda self: None)
    worker()
    job.refresh_from_db()
    assert job.status == Status.PREVIEW
    note = TransferJob.objects.get(pk=job.pk).read_progress()
    assert note is not None and (note["done"], note["total"]) == (28, 28)
    assert not job.progress_path.exists()
    monkeypatch.undo()
    TransferJob.objects.get(pk=job.pk).clear_progress()
    assert caches["shared"].get(job.progress_key) is None


@override_settings(IMPORT_INLINE_BYTES=0)
def test_without_a_shared_cache_the_progress_note_is_a_file(login, xlsx, upload) -> None:
    """The shared cache kept in the database would hold the note back until an import's
    transaction ends: the note is then a file under MEDIA_ROOT (one machine, or a shared
    folder)."""
    from xiezuo.transfer.models import progress_store

    assert progress_store() is None
    job = upload(login("linxiashi_entry"), KEY, xlsx(ROWS))
    job.set_progress(7, 28, "import")
    assert job.progress_path.exists()
    assert TransferJob.objects.get(pk=job.pk).progress()["percent"] == 25
    job.clear_progress()
    assert not job.progress_path.exists()
