"""Every file of the bad-input corpus gets a plain message, writes nothing, crashes nothing.

The corpus lives in corpus/ (made by corpus/make_corpus.py); the 50 MB file and the zip bomb
are made here, in a temporary directory.
"""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from xiezuo.core.models import AuditEntry
from xiezuo.funds.models import FundMovement
from xiezuo.transfer.models import Status, TransferJob
from xiezuo.transfer.tests.corpus import make_corpus

pytestmark = pytest.mark.django_db
CORPUS = Path(make_corpus.__file__).parent
KEY = "funds.fundmovement"

REFUSED = {
    "wrong_headers.xlsx": "找不到表头",
    "extra_column.xlsx": "「负责人电话」",
    "missing_column.xlsx": "缺少必填的列：「金额（万元）*」",
    "merged_cells.xlsx": "合并单元格（F2:F3）",
    "hidden_sheet.xlsx": "隐藏的工作表「隐藏数据」",
    "no_data.xlsx": "没有数据",
    "not_excel.xlsx": "不是 Excel 文件",
    "text_renamed.xlsx": "不是 Excel 文件",
    "broken_zip.xlsx": "已损坏",
    "zip_not_workbook.xlsx": "不是 Excel 工作簿",
    "legacy.xls": "另存为 .xlsx",
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_it_refuses_each_bad_file_with_a_plain_message(login, upload, name) -> None:
    client = login("linxiashi_entry")
    before = (FundMovement.objects.count(), AuditEntry.objects.count())
    job = upload(client, KEY, CORPUS / name)
    assert job.status == Status.FAILED
    assert REFUSED[name] in job.message, job.message
    assert (FundMovement.objects.count(), AuditEntry.objects.count()) == before
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200 and REFUSED[name] in page.content.decode()


def test_it_reports_formula_cells_one_by_one(login, upload) -> None:
    client = login("linxiashi_entry")
    before = FundMovement.objects.count()
    job = upload(client, KEY, CORPUS / "formulas.xlsx")
    assert (job.status, job.new, job.invalid) == (Status.PREVIEW, 1, 1)
    assert job.errors == [{"row": 3, "column": "E", "header": "金额（万元）",
                           "message": "单元格是公式：请复制后「选择性粘贴 → 数值」再导入。"}]
    page = client.get(job.get_absolute_url()).content.decode()
    assert "确认导入" not in page  # an invalid row blocks the commit
    r = client.post(reverse("transfer:commit", args=[job.pk]))
    assert r.status_code == 302 and FundMovement.objects.count() == before


def test_it_reads_past_empty_rows(login, upload) -> None:
    job = upload(login("linxiashi_entry"), KEY, CORPUS / "empty_rows.xlsx")
    assert (job.status, job.total, job.new, job.invalid) == (Status.PREVIEW, 2, 1, 1)
    assert "同一条记录" in job.errors[0]["message"]  # the two rows are the same movement


def test_it_refuses_a_50_mb_file(login, upload, tmp_path) -> None:
    path = make_corpus.big_file(tmp_path / "big.xlsx", 50)
    client = login("linxiashi_entry")
    with path.open("rb") as handle:
        r = client.post(reverse("transfer:import", args=[KEY]),
                        {"file": handle, "mode": "upsert"})
    assert r.status_code == 200
    assert "超过导入上限 30 MB" in r.content.decode()
    assert not TransferJob.objects.exists()


def test_it_refuses_a_zip_bomb(login, upload, tmp_path) -> None:
    path = make_corpus.zip_bomb(tmp_path / "bomb.xlsx", 256)
    assert path.stat().st_size < 1_000_000
    before = FundMovement.objects.count()
    with override_settings(IMPORT_MAX_UNPACKED_BYTES=64 * 1_048_576,
                           IMPORT_INLINE_BYTES=1024):
        job = upload(login("linxiashi_entry"), KEY, path)
        assert job.status == Status.QUEUED  # too large to read while the page waits
        call_command("worker", "--once", stdout=io.StringIO())
    job.refresh_from_db()
    assert job.status == Status.FAILED and "可能是恶意构造的压缩文件" in job.message
    assert FundMovement.objects.count() == before
