"""Cadres imported from a spreadsheet obey the same rules as typed ones, row against row."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xiezuo.people.models import Cadre
from xiezuo.transfer.models import TransferJob
from xiezuo.transfer.tests.conftest import write_xlsx

pytestmark = pytest.mark.django_db
HEADER = ["姓名", "人才类型", "派出方向", "任职地区", "派出单位", "接收单位", "开始日期",
          "结束日期"]
EAST_WEST = "东→西（帮扶方派往受援方）"


def test_a_file_cannot_dispatch_one_person_twice_at_once(login, demo, tmp_path) -> None:
    path = write_xlsx(tmp_path / "cadres.xlsx", [
        HEADER,
        ["李明", "医疗", EAST_WEST, "临夏市", "济南市市中人民医院", "临夏市人民医院",
         "2023-03-01", "2024-02-29"],
        ["李明", "医疗", EAST_WEST, "临夏市", "济南市市中人民医院", "临夏州人民医院",
         "2023-09-01", "2024-08-31"],
        ["王芳", "教育", EAST_WEST, "临夏市", "济南市第一中学", "临夏中学",
         "2023-09-01", "2024-07-15"],
    ])
    client = login("linxiashi_entry")
    upload = SimpleUploadedFile("cadres.xlsx", path.read_bytes())
    r = client.post(reverse("transfer:import", args=["people.cadre"]),
                    {"file": upload, "mode": "upsert"})
    assert r.status_code == 302
    job = TransferJob.objects.latest("id")
    assert (job.new, job.invalid) == (2, 1), job.errors
    assert "派出时间不能重叠" in str(job.errors)
    assert not Cadre.objects.exists()  # one invalid row: nothing is saved
