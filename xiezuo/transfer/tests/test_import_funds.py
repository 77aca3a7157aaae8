"""Importing fund movements: preview, commit, re-import, errors per row and column.

linxiashi_entry: data entry in 临夏市 (recipient side of 市中区 → 临夏市)
puge_entry:      data entry in 普格县 (another county, another province)
"""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from xiezuo.core.models import AuditEntry
from xiezuo.funds.models import FundMovement, MovementType
from xiezuo.ledgers import actions
from xiezuo.pairings.models import Pairing
from xiezuo.projects.models import Project, Sector
from xiezuo.regions.models import Region
from xiezuo.transfer.models import Status
from xiezuo.transfer.tests.conftest import FUND_HEADER, commit

pytestmark = pytest.mark.django_db
KEY = "funds.fundmovement"


def rows():
    return [
        FUND_HEADER,
        ["2024年3月23日", 2024, "拨付", "财政援助资金", 150, "临夏市", "财拨〔2024〕1号"],
        ["2024.5.1", "2024年", "计划/协议", "财政援助资金", "1.5亿元", "622901", ""],
        [dt.date(2024, 6, 2), 2024, "transfer", "社会帮扶资金", "一百五十万元", "臨夏市", ""],
    ]


def test_it_previews_without_writing(login, xlsx, upload) -> None:
    client = login("linxiashi_entry")
    before = FundMovement.objects.count()
    job = upload(client, KEY, xlsx(rows()))
    assert job.status == Status.PREVIEW, (job.message, job.errors)
    assert (job.total, job.new, job.changed, job.unchanged, job.invalid) == (3, 3, 0, 0, 0)
    assert FundMovement.objects.count() == before


def test_it_commits_and_reimports_without_change(login, xlsx, upload) -> None:
    client = login("linxiashi_entry")
    path = xlsx(rows())
    job = commit(client, upload(client, KEY, path))
    assert job.status == Status.DONE, (job.message, job.errors)
    made = FundMovement.objects.filter(region__code="622901").order_by("date")
    assert [m.amount for m in made] == [Decimal("1500000.00"), Decimal("150000000.00"),
                                        Decimal("1500000.00")]
    assert {m.reported_by for m in made} == {"recipient"}
    assert made[0].type == MovementType.TRANSFER and made[0].pairing.recipient.code == "622901"
    again = upload(client, KEY, path)
    assert (again.new, again.changed, again.unchanged, again.invalid) == (0, 0, 3, 0)
    assert FundMovement.objects.filter(region__code="622901").count() == 3


def test_it_reports_errors_by_row_and_column_and_writes_nothing(login, xlsx, upload) -> None:
    client = login("linxiashi_entry")
    bad = [
        *rows(),
        ["2024年2月30日", 2024, "拨付", "财政援助资金", 10, "临夏市", ""],
        ["2024-07-01", 2024, "捐赠", "财政援助资金", "9500余万元", "临夏市", ""],
        ["2024-07-02", 2024, "拨付", "财政援助资金", 10, "不存在县", ""],
    ]
    job = upload(client, KEY, xlsx(bad, "有误.xlsx"))
    assert (job.status, job.new, job.invalid) == (Status.PREVIEW, 3, 3)
    where = {(e["row"], e["column"]) for e in job.errors}
    assert where == {(5, "A"), (6, "C"), (6, "E"), (7, "F")}
    messages = {(e["row"], e["column"]): e["message"] for e in job.errors}
    assert "不是有效日期" in messages[(5, "A")]
    assert "不是可选的值" in messages[(6, "C")] and "约数" in messages[(6, "E")]
    assert "找不到行政区划「不存在县」" in messages[(7, "F")]
    page = client.get(job.get_absolute_url()).content.decode()
    assert "不是有效日期" in page and "确认导入" not in page
    assert FundMovement.objects.filter(region__code="622901").count() == 0
    # The annotated copy: the same sheet, bad cells commented, a column of explanations.
    report = client.get(reverse("transfer:file", args=[job.pk, "report"]))
    assert report.status_code == 200
    with zipfile.ZipFile(io.BytesIO(b"".join(report.streaming_content))) as book:
        comments = "".join(book.read(n).decode() for n in book.namelist() if "comments" in n)
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "不是有效日期" in comments and "约数" in comments
    assert 'r="A5"' in sheet and 'r="H1"' in sheet  # H: the explanations column


def test_a_county_cannot_import_rows_of_another_county(login, xlsx, upload) -> None:
    client = login("puge_entry")
    job = upload(client, KEY, xlsx(rows()))
    assert job.invalid == 3 and job.new == 0
    assert all("没有有效的结对关系" in e["message"] or "数据范围" in e["message"]
               for e in job.errors), job.errors
    assert FundMovement.objects.filter(region__code="622901").count() == 0


def test_a_viewer_cannot_import(login) -> None:
    client = login("gansu_viewer")
    assert client.get(reverse("transfer:import", args=[KEY])).status_code == 403
    assert client.get(reverse("transfer:template", args=[KEY])).status_code == 403


def test_it_needs_login(client, demo) -> None:
    r = client.get(reverse("transfer:import", args=[KEY]))
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]


def test_update_and_insert_are_explicit(login, xlsx, upload) -> None:
    client = login("linxiashi_entry")
    commit(client, upload(client, KEY, xlsx(rows())))
    moved = FundMovement.objects.get(region__code="622901", date=dt.date(2024, 3, 23))
    edited = rows()
    edited[1] = [*edited[1][:6], "财拨〔2024〕1号"]
    edited.append(["2024-08-08", 2024, "拨付", "财政援助资金", 20, "临夏市", "新的一笔"])
    with_id = [["编号", *FUND_HEADER], [moved.pk, *edited[1]]]
    with_id[1][5] = 151  # amount changed on the record found by its number
    job = upload(client, KEY, xlsx(with_id, "by-id.xlsx"), mode="insert")
    assert job.invalid == 1 and "只新增" in job.errors[0]["message"]
    job = upload(client, KEY, xlsx(edited, "new-row.xlsx"), mode="update")
    assert (job.unchanged, job.invalid) == (3, 1)
    assert "找不到要更新的记录" in job.errors[0]["message"]
    job = upload(client, KEY, xlsx(with_id, "by-id.xlsx"), mode="update")
    assert (job.changed, job.invalid) == (1, 0)
    assert job.preview[0]["changes"] == {"金额": ["1500000.00", "1510000.00"]}
    commit(client, job)
    moved.refresh_from_db()
    assert moved.amount == Decimal("1510000.00")
    assert moved.history.first().action == "update"


def test_a_spending_may_draw_on_an_allocation_earlier_in_the_file(login, xlsx, upload) -> None:
    project = Project.objects.create(
        pairing=Pairing.objects.get(recipient__code="622901"),
        region=Region.objects.get(code="622901"), year=2024, name="折桥镇帮扶车间",
        sector=Sector.objects.get(code="industry"), budget_fiscal=Decimal("1000000"))
    client = login("linxiashi_entry")
    header = ["日期", "资金年度", "资金环节", "金额（万元）", "项目"]
    ok = [header, ["2024-04-01", 2024, "安排", 100, "折桥镇帮扶车间"],
          ["2024-05-01", 2024, "支出", 60, "折桥镇帮扶车间"]]
    job = upload(client, KEY, xlsx(ok, "ok.xlsx"))
    assert (job.new, job.invalid) == (2, 0), job.errors
    assert FundMovement.objects.filter(project=project).count() == 0  # a dry run
    over = [*ok, ["2024-06-01", 2024, "支出", 50, "折桥镇帮扶车间"]]
    job = upload(client, KEY, xlsx(over, "over.xlsx"))
    assert (job.new, job.invalid) == (2, 1)
    assert job.errors[0]["row"] == 4 and "支出超过项目安排的资金" in job.errors[0]["message"]
    job = commit(client, upload(client, KEY, xlsx(ok, "ok.xlsx")))
    assert job.status == Status.DONE
    assert sorted(m.type for m in FundMovement.objects.filter(project=project)) == [
        "allocation", "spending"]


def test_an_import_writes_one_audit_row_besides_each_records_own(login, xlsx, upload) -> None:
    client = login("linxiashi_entry")
    job = commit(client, upload(client, KEY, xlsx(rows())))
    entries = AuditEntry.objects.filter(actor__username="linxiashi_entry")
    whole = entries.get(action="import")
    assert whole.changes["new"] == [None, 3] and whole.changes["file"] == [None, "data.xlsx"]
    created = entries.filter(action="create", content_type__model="fundmovement")
    assert created.count() == 3
    assert all(f"导入任务 {job.pk}" in e.reason for e in created)
    made = FundMovement.objects.filter(region__code="622901")
    assert {m.created_by.username for m in made} == {"linxiashi_entry"}


def _changed_by_someone_else(record: FundMovement, note: str) -> None:
    record.notes = note
    actions.write(get_user_model().objects.get(username="linxiashi_entry"), [record])


@pytest.mark.parametrize("amount", [151, 150], ids=["changed-row", "unchanged-row"])
def test_a_confirmation_writes_nothing_over_a_record_changed_after_the_preview(
        login, xlsx, upload, amount) -> None:
    """The preview showed the record as it was; someone saved it before the confirmation:
    confirming would write the file over their change unseen, so nothing is written."""
    client = login("linxiashi_entry")
    commit(client, upload(client, KEY, xlsx(rows())))
    moved = FundMovement.objects.get(region__code="622901", date=dt.date(2024, 3, 23))
    row = [moved.pk, *rows()[1]]
    row[5] = amount
    new = ["", "2024-08-08", 2024, "拨付", "财政援助资金", 20, "临夏市", "新的一笔"]
    job = upload(client, KEY, xlsx([["编号", *FUND_HEADER], row, new], "by-id.xlsx"))
    assert (job.new, job.changed, job.unchanged) == ((1, 1, 0) if amount == 151 else (1, 0, 1))
    assert job.seen == {str(moved.pk): moved.version}
    _changed_by_someone_else(moved, "对方的修改")
    moved.refresh_from_db()
    moved.amount = Decimal("1520000.00")  # and a second change the file would undo
    actions.write(get_user_model().objects.get(username="linxiashi_entry"), [moved])
    job = commit(client, job)
    assert job.status == Status.FAILED
    assert job.errors[0]["row"] == 2 and f"编号 {moved.pk} " in job.errors[0]["message"]
    assert "预览之后已被他人修改" in job.errors[0]["message"]
    moved.refresh_from_db()
    assert (moved.notes, moved.amount) == ("对方的修改", Decimal("1520000.00"))
    assert not FundMovement.objects.filter(document_no="新的一笔").exists()  # all rows or none


def test_a_confirmation_writes_nothing_over_a_record_added_after_the_preview(
        login, xlsx, upload) -> None:
    """A row new at the preview whose record someone added before the confirmation."""
    client = login("linxiashi_entry")
    job = upload(client, KEY, xlsx(rows()[:2]))
    assert job.new == 1 and job.seen == {}
    first = commit(client, upload(client, KEY, xlsx(rows()[:2], "again.xlsx")))
    assert first.status == Status.DONE
    made = FundMovement.objects.get(region__code="622901", date=dt.date(2024, 3, 23))
    _changed_by_someone_else(made, "对方的修改")
    job = commit(client, job)
    assert job.status == Status.FAILED and "预览之后" in job.errors[0]["message"]
    made.refresh_from_db()
    assert made.notes == "对方的修改"
    assert FundMovement.objects.filter(region__code="622901").count() == 1
