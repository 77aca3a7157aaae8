"""The generated bad-input corpus (corpus/generate.py, 200+ files): every upload answers with
its expected message, nothing crashes, and nothing is written — not a fund movement, not an
audit row, and a report either whole or not at all."""

from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xiezuo.core.models import AuditEntry
from xiezuo.funds.models import FundMovement
from xiezuo.transfer.models import Status, TransferJob
from xiezuo.transfer.tests.corpus.generate import generate

pytestmark = pytest.mark.django_db
KEY = "funds.fundmovement"


def _answer_to_import(client, case) -> str:
    upload = SimpleUploadedFile(case.name, case.path.read_bytes())
    r = client.post(reverse("transfer:import", args=[KEY]), {"file": upload, "mode": "upsert"})
    assert r.status_code in (200, 302), (case.name, r.status_code)
    if r.status_code == 200:  # refused by the upload form
        return r.content.decode()
    job = TransferJob.objects.latest("id")
    if job.status == Status.FAILED:
        return job.message
    assert job.status == Status.PREVIEW, (case.name, job.status, job.message)
    assert job.invalid > 0 or job.new == 0, (case.name, "a bad file with no error")
    commit = client.post(reverse("transfer:commit", args=[job.pk]))  # refused: errors
    assert commit.status_code == 302, case.name
    return " ".join([job.message, *(e["message"] for e in job.errors)])


def test_every_bad_file_gets_its_message_and_writes_nothing(login, tmp_path: Path) -> None:
    from xiezuo.news.models import Report

    cases = generate(tmp_path / "corpus")
    assert len(cases) >= 200
    client = login("linxiashi_entry")
    wrong = []
    for case in cases:
        before = (FundMovement.objects.count(), AuditEntry.objects.exclude(
            content_type__model__in=["report", "transferjob"]).count())
        if case.kind == "import":
            answer = _answer_to_import(client, case)
            after = (FundMovement.objects.count(), AuditEntry.objects.exclude(
                content_type__model__in=["report", "transferjob"]).count())
            if after != before:
                wrong.append(f"{case.name}: wrote {after} (was {before})")
        else:
            reports = Report.objects.count()
            r = client.post(reverse("news:upload"),
                            {"files": SimpleUploadedFile(case.name, case.path.read_bytes())})
            assert r.status_code in (200, 302), (case.name, r.status_code)
            answer = " ".join(str(m) for m in get_messages(r.wsgi_request))
            client.get(reverse("news:queue"))  # shows (and so clears) the messages
            assert Report.objects.count() - reports in (0, 1), case.name
        if case.expect not in answer:
            wrong.append(f"{case.name}: expected {case.expect!r}, got {answer[:160]!r}")
    assert not wrong, f"{len(wrong)} of {len(cases)}:\n" + "\n".join(wrong)
