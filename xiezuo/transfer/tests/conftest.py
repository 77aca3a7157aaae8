"""Helpers for the import and export tests: spreadsheets made on the spot, and uploads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

FUND_HEADER = ["日期", "资金年度", "资金环节", "资金来源", "金额（万元"
    "）", "所在地区", "文号/凭证号"]


def write_xlsx(path: Path, rows: list[list[Any]], sheet: str = "数据") -> Path:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet(sheet)
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            if isinstance(value, dt.date):
                ws.write_datetime(i, j, dt.datetime.combine(value, dt.time()), dates)
            elif value is not None:
                ws.write(i, j, value)
    book.close()
    return path


@pytest.fixture
def xlsx(tmp_path: Path) -> Any:
    """xlsx(rows, name="x.xlsx") writes a one-sheet workbook and returns its path."""

    def make(rows: list[list[Any]], name: str = "data.xlsx") -> Path:
        return write_xlsx(tmp_path / name, rows)

    return make


@pytest.fixture
def upload() -> Any:
    """upload(client, key, path, mode=...) posts the file to the import page, follows to
    the job, and returns the job."""
    from xiezuo.transfer.models import TransferJob

    def post(client: Any, key: str, path: Path, mode: str = "upsert",
             name: str | None = None) -> Any:
        with open(path, "rb") as handle:
            from django.core.files.uploadedfile import SimpleUploadedFile

            upload = SimpleUploadedFile(name or path.name, handle.read())
        response = client.post(reverse("transfer:import", args=[key]),
                               {"file": upload, "mode": mode})
        assert response.status_code == 302, response.content.decode()[:2000]
        return TransferJob.objects.latest("id")

    return post


def commit(client: Any, job: Any) -> Any:
    response = client.post(reverse("transfer:commit", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    return job
