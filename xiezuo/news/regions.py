"""The region registry (GB/T 2260 codes) as a gazetteer for reading reports.

The registry is the project's shipped ``xiezuo/regions/data/regions.tsv``
(``code name short_name level parent_code``), loaded lazily once per process.
Each division is found in text under its full name, its short name and its core
name (administrative suffix and ethnic descriptors dropped: 湘西土家族苗族自治州 →
湘西州, 湘西); provinces also under their one-character abbreviations (鲁, 甘…)
where two of them stand together as a pairing (闽宁, 粤川, 鲁甘两省).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

from xiezuo.news.lexicon import DATA_DIR, word_logp

REGISTRY_TSV = Path(__file__).resolve().parents[1] / "regions" / "data" / "regions.tsv"
PROVINCE = "province"
PREFECTURE = "prefecture"
COUNTY = "county"
LEVEL_RANK = {PROVINCE: 0, PREFECTURE: 1, COUNTY: 2}
TIER_RANK = {"east": 2, "middle": 1, "west": 0}

ETHNIC_GROUPS = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 "
    "哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 "
    "土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 "
    "俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 汉 "
    "各"
).split()
_ETHNIC = "|".join(sorted(ETHNIC_GROUPS, key=len, reverse=True))
_AUTONOMOUS = re.compile(rf"^(?P<core>.+?)(?:(?:{_ETHNIC})族)+自治(?P<kind>州|县|旗|区)$")
_PROVINCE_SUFFIX = re.compile(r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|省|市)$")
_PREFECTURE_SUFFIX = re.compile(r"(地区|盟|市|州)$")
_COUNTY_SUFFIX = re.compile(r"(自治县|自治旗|林区|特区|新区|县|区|市|旗)$")
GENERIC_CORES = frozenset(
    (
        "市中 城中 城关 城区 郊区 矿区 新区 高新 开发 经开 市辖 东区 西区 南区 "
        "北区 中区 新城 老城 城厢 东城 西城 南山 北山 东山 西山 长安 和平 新华 "
        "永和 东方 白云 青山 宝山 通州 红旗 前进 向阳 胜利 工农 解放 兴隆 太平 "
        "团结 民主 建设 安全 光明 长江 黄河 金山 海城 江南 江北 河东 河西 城北 "
        "城东 城西 城南 普陀 鼓楼 朝阳 铁西 铁东 新市 中山 青云 平安 大同 吉利 "
        "永安 永定 安定 大安 长宁"
    ).split()
)
COMMON_WORD_LOGP = -13.5


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    short_name: str
    level: str
    parent_code: str | None


@dataclass(frozen=True)
class ProvinceInfo:
    code: str
    name: str
    short: str
    abbreviations: tuple[str, ...]
    tier: str


@dataclass(frozen=True)
class KnownPairing:
    donor_code: str
    recipient_code: str
    start: date | None
    end: date | None

    def covers(self, on: date | None) -> bool:
        if on is None:
            return True
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


def core_name(name: str, level: str) -> str:
    """The name without administrative suffix or ethnic descriptors."""
    match = _AUTONOMOUS.match(name)
    if match:
        return match.group("core")
    pattern = {PROVINCE: _PROVINCE_SUFFIX, PREFECTURE: _PREFECTURE_SUFFIX}.get(
        level, _COUNTY_SUFFIX
    )
    core = pattern.sub("", name)
    return core if len(core) >= 2 else name


def _aliases(region: Region) -> set[str]:
    names = {region.name, region.short_name}
    core = core_name(region.name, region.level)
    match = _AUTONOMOUS.match(region.name)
    if match:
        kind = match.group("kind")
        names.add(core + ("州" if kind == "州" else kind))
        names.add(core + "自治" + kind)
    if region.level == PREFECTURE and region.name.endswith("地区"):
        names.add(core + "地区")
    if len(core) >= 2 and _bare_core_allowed(core, region.level):
        names.add(core)
    banner = _WING_BANNER.match(region.name)
    if banner:
        # 察哈尔右翼前旗 = 察右前旗, 土默特左旗 = 土左旗
        names.add("".join(g or "" for g in banner.groups()) + "旗")
    return {n for n in names if n and len(n) >= 2}


_WING_BANNER = re.compile(r"^(.)[^左右]{1,3}(左|右)翼?(前|中|后)?旗$")


def _bare_core_allowed(core: str, level: str) -> bool:
    if core in GENERIC_CORES:
        return False
    if level in (PROVINCE, PREFECTURE):
        return True
    lp = word_logp().get(core)
    return lp is None or lp < COMMON_WORD_LOGP


@dataclass
class Registry:
    regions: dict[str, Region]
    provinces: dict[str, ProvinceInfo]
    pairings: list[KnownPairing] = field(default_factory=list)
    _aliases: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _bare: set[str] = field(default_factory=set, repr=False)
    _abbreviation_pattern: re.Pattern[str] | None = field(default=None, repr=False)
    _alias_trie: dict[str, dict] | None = field(default=None, repr=False)
    _alias_pairs: dict[str, dict] | None = field(default=None, repr=False)
    _first_regex: re.Pattern[str] | None = field(default=None, repr=False)
    _ancestors: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _abbreviations: dict[str, tuple[str, str]] | None = field(default=None, repr=False)
    _by_donor: dict[str, list[KnownPairing]] = field(default_factory=dict, repr=False)
    _by_donor_count: int = field(default=-1, repr=False)

    def get(self, code: str) -> Region | None:
        return self.regions.get(code)

    def ancestors(self, code: str) -> tuple[str, ...]:
        """Parent, grandparent… of ``code``, nearest first."""
        known = self._ancestors.get(code)
        if known is not None:
            return known
        out: list[str] = []
        region = self.regions.get(code)
        while region is not None and region.parent_code and region.parent_code not in out:
            out.append(region.parent_code)
            region = self.regions.get(region.parent_code)
        self._ancestors[code] = tuple(out)
        return self._ancestors[code]

    def is_within(self, code: str, ancestor: str) -> bool:
        return code == ancestor or ancestor in self.ancestors(code)

    def tier(self, code: str) -> int:
        info = self.provinces.get(code[:2] + "0000")
        return TIER_RANK.get(info.tier, 1) if info else 1

    def short(self, code: str) -> str:
        region = self.regions.get(code)
        if region is None:
            return code
        match = _AUTONOMOUS.match(region.name)
        if match and match.group("kind") == "州":
            return match.group("core") + "州"
        return region.short_name or region.name

    def is_bare(self, alias: str) -> bool:
        """True for a name without its administrative suffix (湘西, 古丈)."""
        return alias in self._bare

    def codes_for(self, alias: str) -> list[str]:
        return self._aliases.get(alias, [])

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, alias) of every alias in ``text``, longest match, left to right."""
        pairs = self._pairs()
        found: list[tuple[int, int, str]] = []
        n = len(text)
        taken_until = 0
        # (the positions taken in one go: a report holds hundreds, few of which begin a name)
        for i in list(map(re.Match.start, self._first_characters().finditer(text))):
            if i < taken_until:
                continue
            node = pairs.get(text[i : i + 2])
            if node is None:
                continue
            end = i + 2 if "" in node else 0
            j = i + 2
            while j < n:
                deeper = node.get(text[j])
                if deeper is None:
                    break
                node = deeper
                j += 1
                if "" in node:
                    end = j  # an alias ends here: the longest is the last one reached
            if end:
                found.append((i, end, text[i:end]))
                taken_until = end
        return found

    def _trie(self) -> dict[str, dict]:
        """The aliases as a trie of characters ("" marks where one ends)."""
        if self._alias_trie is None:
            trie: dict[str, dict] = {}
            for alias in self._aliases:
                node = trie
                for ch in alias:
                    node = node.setdefault(ch, {})
                node[""] = {}
            self._alias_trie = trie
        return self._alias_trie

    def _pairs(self) -> dict[str, dict]:
        """The trie's nodes after the first two characters of an alias (every alias has two),
        by those two characters: one look-up tells a place where no alias begins."""
        if self._alias_pairs is None:
            trie = self._trie()
            self._alias_pairs = {alias[:2]: trie[alias[0]][alias[1]] for alias in self._aliases}
        return self._alias_pairs

    def _first_characters(self) -> re.Pattern[str]:
        """A character an alias starts with, before one that is second in some alias.

        (Only a pre-filter, which skips two thirds of the positions of a report: the trie
        decides.)"""
        if self._first_regex is None:
            firsts = sorted({alias[0] for alias in self._aliases})
            seconds = sorted({alias[1] for alias in self._aliases})
            self._first_regex = re.compile(
                "[" + "".join(re.escape(c) for c in firsts) + "]"
                "(?=[" + "".join(re.escape(c) for c in seconds) + "])"
            )
        return self._first_regex

    def paired(self, donor: str, recipient: str, on: date | None = None) -> bool:
        """True when a known pairing, valid ``on`` that date, links the two (or their ancestors)."""
        if self._by_donor_count != len(self.pairings):  # built once, again if pairings are added
            self._by_donor = {}
            for pairing in self.pairings:
                self._by_donor.setdefault(pairing.donor_code, []).append(pairing)
            self._by_donor_count = len(self.pairings)
        recipients = {recipient, *self.ancestors(recipient)}
        for code in (donor, *self.ancestors(donor)):
            for p in self._by_donor.get(code, ()):
                if p.recipient_code in recipients and p.covers(on):
                    return True
        return False

    @property
    def abbreviation_pattern(self) -> re.Pattern[str]:
        if self._abbreviation_pattern is None:
            pairs = self.abbreviation_pairs()  # none: a pattern that matches nothing
            self._abbreviation_pattern = re.compile(trie_regex(pairs) if pairs else "(?!)")
        return self._abbreviation_pattern

    def abbreviation_pairs(self) -> dict[str, tuple[str, str]]:
        """ "闽宁" → (福建, 宁夏) for every known pairing, both orders of writing."""
        if self._abbreviations is not None:
            return self._abbreviations
        out: dict[str, tuple[str, str]] = {}
        for pairing in self.pairings:
            if not pairing.recipient_code.endswith("0000"):
                continue  # 上海 helping 喀什地区 (援疆) makes no contraction (沪疆, 京藏高速)
            donor = self.provinces.get(pairing.donor_code[:2] + "0000")
            recipient = self.provinces.get(pairing.recipient_code[:2] + "0000")
            if donor is None or recipient is None:
                continue
            for a in donor.abbreviations:
                for b in recipient.abbreviations:
                    out[a + b] = (donor.code, recipient.code)
                    out[b + a] = (donor.code, recipient.code)
        self._abbreviations = out
        return out


def trie_regex(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, longest first, built as a trie."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


def _read_rows(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows[1:]


def _parse_date(text: str) -> date | None:
    return date.fromisoformat(text) if text.strip() else None


def load_provinces() -> dict[str, ProvinceInfo]:
    out = {}
    for code, name, short, abbrs, tier in _read_rows(DATA_DIR / "provinces.tsv"):
        out[code] = ProvinceInfo(code, name, short, tuple(abbrs.split(",")), tier)
    return out


def load_known_pairings(path: Path | None = None) -> list[KnownPairing]:
    rows = _read_rows(path or DATA_DIR / "pairings.tsv")
    return [
        KnownPairing(
            row[0], row[1], _parse_date(row[2]), _parse_date(row[3] if len(row) > 3 else "")
        )
        for row in rows
    ]


def read_regions(path: Path) -> list[Region]:
    regions = []
    for row in _read_rows(path):
        if len(row) < 4:
            continue
        code, name, short, level = row[0].strip(), row[1].strip(), row[2].strip(), row[3].strip()
        parent = row[4].strip() if len(row) > 4 and row[4].strip() else None
        regions.append(Region(code, name, short or name, level, parent))
    return regions


def _province_regions(provinces: dict[str, ProvinceInfo]) -> list[Region]:
    return [Region(p.code, p.name, p.short, PROVINCE, None) for p in provinces.values()]


def build_registry(
    regions: Iterable[Region], pairings: Iterable[KnownPairing] | None = None
) -> Registry:
    """A registry over ``regions``; the shipped province pairings when none are given."""
    provinces = load_provinces()
    by_code = {r.code: r for r in regions}
    for region in _province_regions(provinces):
        by_code.setdefault(region.code, region)
    aliases: dict[str, list[str]] = {}
    bare: set[str] = set()
    for region in sorted(by_code.values(), key=lambda r: (LEVEL_RANK.get(r.level, 3), r.code)):
        for alias in _aliases(region):
            aliases.setdefault(alias, []).append(region.code)
            if alias == core_name(region.name, region.level) and alias != region.name:
                bare.add(alias)
    known = list(pairings) if pairings is not None else load_known_pairings()
    return Registry(by_code, provinces, known, aliases, bare)


@cache
def default_registry() -> Registry:
    """The shipped registry (provinces only when the regions file is missing)."""
    regions = read_regions(REGISTRY_TSV) if REGISTRY_TSV.exists() else []
    return build_registry(regions)
