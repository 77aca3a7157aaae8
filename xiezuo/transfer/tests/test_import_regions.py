"""Importing the division registry: national administrators only, the registry's rules.

national:        the national administrator
jinan_admin:     administrator of the 济南 office (may manage its own area, not the registry)
linxiashi_entry: data entry in 临夏市
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from xiezuo.core.models import AuditEntry
from xiezuo.regions.models import Region
from xiezuo.transfer.engine import run_import
from xiezuo.transfer.spec import get_importable
from xiezuo.transfer.tests.conftest import commit

pytestmark = pytest.mark.django_db
KEY = "regions.region"
HEADER = ["区划代码", "全称", "级别", "上级区划代码", "生效日期", "失效日期", "继承区划代码"]


def _run(demo, xlsx, rows, *, commit=False, user="national", name="r.xlsx"):
    path = xlsx([HEADER, *rows], name)
    return run_import(get_importable(KEY), demo["users"][user], path, name, commit=commit)


def test_it_imports_new_divisions_and_again_changes_nothing(demo, xlsx) -> None:
    rows = [["622930", "临夏新区", "县级", "622900", "2025-01-01", "", ""],
            ["622930001", "新城街道", "乡级", "", "2025-01-01", "", ""]]
    preview = _run(demo, xlsx, rows)
    assert (preview.counts["new"], preview.counts["invalid"]) == (2, 0), preview.errors
    assert not Region.objects.filter(code="622930").exists()  # a dry run
    done = _run(demo, xlsx, rows, commit=True)
    assert done.committed, done.errors
    county = Region.objects.get(code="622930")
    township = Region.objects.get(code="622930001")
    assert county.parent.code == "622900" and county.depth == 3
    assert county.scope_key == "622930" and county.short_name
    assert township.parent == county and township.level == "township"  # parent from the code
    entry = AuditEntry.for_object(county).get()
    assert entry.action == "create" and entry.changes["code"] == [None, "622930"]
    assert entry.actor.username == "national"
    again = _run(demo, xlsx, rows, commit=True)
    assert (again.counts["unchanged"], again.counts["new"], again.counts["changed"]) == (2, 0, 0)


def test_a_renaming_with_a_successor_is_an_update(demo, xlsx) -> None:
    _run(demo, xlsx, [["622930", "临夏新区", "县级", "622900", "2025-01-01", "", ""]],
         commit=True)
    rows = [["622930", "临夏新区", "县级", "622900", "2025-01-01", "2026-06-30", "622901"]]
    result = _run(demo, xlsx, rows, commit=True)
    assert result.counts["changed"] == 1, result.errors
    old = Region.objects.get(code="622930")
    assert old.valid_to == dt.date(2026, 6, 30) and old.successor.code == "622901"
    entry = AuditEntry.for_object(old).filter(action="update").get()
    assert entry.changes["valid_to"] == [None, "2026-06-30"]


def test_it_refuses_what_the_registry_does_not_allow(demo, xlsx) -> None:
    Region.objects.create(code="622931", name="甲区", level="county",
                          parent=Region.objects.get(code="622900"))
    b = Region.objects.create(code="622932", name="乙区", level="county",
                              parent=Region.objects.get(code="622900"))
    Region.objects.filter(code="622931").update(successor=b)
    rows = [
        ["62290", "短代码", "县级", "", "", "", ""],                       # 2: code format
        ["622933", "级别不符", "地级", "", "", "", ""],                     # 3: level vs code
        ["622934", "隔级上级", "县级", "620000", "", "", ""],               # 4: not one level up
        ["629901", "无上级", "县级", "", "", "", ""],                       # 5: parent missing
        ["622935", "日期倒置", "县级", "", "2025-01-01", "2024-01-01", ""],  # 6: dates
        ["622932", "乙区", "县级", "", "", "", "622931"],                   # 7: a circle
        ["622936", "无继承", "县级", "", "", "2024-01-01", "622999"],        # 8: no successor
        ["622937", "自继承", "县级", "", "", "2024-01-01", "622937"],        # 9: itself
        ["620000", "甘肃省", "省级", "610000", "", "", ""],                 # 10: province parent
    ]
    result = _run(demo, xlsx, rows, commit=True)
    assert not result.committed and result.counts["invalid"] == 9
    by_row: dict[int, list[tuple[str, str]]] = {}
    for e in result.errors:
        by_row.setdefault(e.row, []).append((e.header, e.message))
    assert set(by_row) == set(range(2, 11)), by_row
    assert by_row[2][0][0] == "区划代码" and "6位、9位或12位" in by_row[2][0][1]
    assert by_row[3] == [("级别", "代码 622933 是县级区划的代码，与所填级别不符。")]
    assert by_row[4][0][0] == "上级区划代码" and "直接上级" in by_row[4][0][1]
    assert "找不到上级区划" in by_row[5][0][1]
    assert by_row[6] == [("失效日期", "失效日期不能早于生效日期。")]
    assert "不能循环" in by_row[7][0][1] and "不能是本区划" in by_row[9][0][1]
    assert "找不到继承区划 622999" in by_row[8][0][1]
    assert "省级区划没有上级区划" in by_row[10][0][1]
    assert not Region.objects.filter(code__in=["622933", "622935", "622936"]).exists()
    assert Region.objects.get(code="622932").successor is None


@pytest.mark.parametrize("username", ["linxiashi_entry", "jinan_admin"])
def test_only_national_administrators_import_regions(login, demo, xlsx, username) -> None:
    client = login(username)
    assert client.get(reverse("transfer:import", args=[KEY])).status_code == 403
    assert client.get(reverse("transfer:template", args=[KEY])).status_code == 403
    result = _run(demo, xlsx, [["622930", "临夏新区", "县级", "", "", "", ""]], commit=True,
                  user=username)
    assert result.refused and not result.committed
    assert not Region.objects.filter(code="622930").exists()


def test_the_national_administrator_gets_the_template_and_imports_by_page(
        login, xlsx, upload) -> None:
    client = login("national")
    template = client.get(reverse("transfer:template", args=[KEY]))
    assert template.status_code == 200 and template.content[:2] == b"PK"
    job = upload(client, KEY, xlsx([HEADER, ["622930", "临夏新区", "县级", "", "", "", ""]]))
    assert (job.new, job.invalid) == (1, 0), job.errors
    job = commit(client, job)
    assert Region.objects.get(code="622930").parent.code == "622900"


def test_the_registry_page_offers_the_import_to_national_administrators_only(login) -> None:
    url = reverse("transfer:import", args=[KEY])
    assert url in login("national").get(reverse("regions:list")).content.decode()
    for persona in ("jinan_admin", "linxiashi_entry"):
        assert url not in login(persona).get(reverse("regions:list")).content.decode()
