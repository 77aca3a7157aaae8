"""Codes and names of China's administrative divisions. Pure Python, no Django.

Codes are the six-digit GB/T 2260 codes ``PPCCXX`` (province ``PP``, prefecture ``CC``,
county ``XX``) and the codes of the National Bureau of Statistics that extend them:
nine digits for a township (乡级) and twelve for a village (村级).

Names come in three forms:

- the full name, as in the code list: 湘西土家族苗族自治州, 积石山保安族东乡族撒拉族自治县;
- the short name, the usual way of writing it, which keeps the level: 湘西州, 积石山县;
- the core name, without the level nor ethnic descriptors, for matching: 湘西, 积石山.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Protocol


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@lru_cache(maxsize=1)
def _converter() -> _Converter:
    import opencc  # the compiled package; imported on first use only

    converter: _Converter = opencc.OpenCC("t2s")
    return converter


def to_simplified(text: str) -> str:
    """Traditional characters to simplified ones (濟南市 → 济南市)."""
    if not text or text.isascii():
        return text
    return str(_converter().convert(text))


# --- codes -----------------------------------------------------------------------------

MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
"""Province codes of the four municipalities (直辖市), whose prefecture level is empty."""

CODE_LENGTHS = (6, 9, 12)


def normalise_code(code: str) -> str:
    """A code as 6, 9 or 12 digits, with zero-padded lower levels cut off.

    ``370100000000`` → ``370100``, ``622901001000`` → ``622901001``. Full-width digits
    are accepted. Raises ValueError for anything that is not such a code.
    """
    text = str(code).strip()
    if not text:
        raise ValueError("区划代码为空")
    if not text.isdecimal():
        raise ValueError(f"区划代码只能由数字组成：{text}")
    text = "".join(str(unicodedata.decimal(ch)) for ch in text)
    if len(text) not in CODE_LENGTHS:
        raise ValueError(f"区划代码应为6位、9位或12位数字，而不是{len(text)}位：{text}")
    while len(text) > 6 and text.endswith("000"):
        text = text[:-3]
    if text[:2] == "00":
        raise ValueError(f"区划代码的省级部分不能为00：{text}")
    return text


def scope_key(code: str) -> str:
    """The prefix that identifies a region's subtree: 620000 → 62, 622900 → 6229."""
    code = normalise_code(code)
    if len(code) > 6:
        return code
    if code[2:] == "0000":
        return code[:2]
    if code[4:] == "00":
        return code[:4]
    return code


def is_pseudo_prefecture(key: str) -> bool:
    """Whether a four-digit prefix is a placeholder rather than a real prefecture.

    Those are the 市辖区 / 县 groups of the municipalities (1101, 5002) and the
    省直辖县级行政区划 / 自治区直辖县级行政区划 groups (4290, 6590, ...), whose
    counties belong directly to the province.
    """
    if len(key) != 4:
        return False
    return key[2:] == "90" or (key[:2] in MUNICIPALITIES and key[2:] in {"01", "02"})


def _is_ancestor_key(key: str) -> bool:
    if len(key) == 4:
        return key[2:] != "00" and not is_pseudo_prefecture(key)
    if len(key) == 6:
        return key[4:] != "00"  # a township of a prefecture without counties (东莞)
    return True


def ancestor_keys(code: str) -> list[str]:
    """Scope keys of the region and its ancestors, shallowest first.

    ``622901`` → ``["62", "6229", "622901"]``; the placeholder prefectures are skipped,
    so ``429004`` (仙桃市) → ``["42", "429004"]`` and ``110101`` → ``["11", "110101"]``.
    """
    code = normalise_code(code)
    own = scope_key(code)
    keys = [code[:n] for n in (2, 4, 6, 9) if n < len(own) and _is_ancestor_key(code[:n])]
    return [*keys, own]


# --- names -----------------------------------------------------------------------------

ETHNIC_GROUPS: tuple[str, ...] = tuple(
    """
    汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族
    土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 高山族 拉祜族 水族 东乡族 纳西族
    景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族
    阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族
    塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族
    """.split()
)
"""The 56 officially recognised ethnic groups (民族)."""

# How names of autonomous areas cite the groups: with 族, or for some without it
# (博尔塔拉蒙古自治州, 新疆维吾尔自治区, 鄂伦春自治旗), or 各族 (龙胜各族自治县).
ETHNIC_DESCRIPTORS: tuple[str, ...] = tuple(
    sorted(
        {*ETHNIC_GROUPS, *(g[:-1] for g in ETHNIC_GROUPS if len(g) > 2), "各族"},
        key=lambda d: (-len(d), d),
    )
)

# Suffix of the full name → suffix kept in the short name. Longest first.
# "市" is special: dropped for province- and prefecture-level cities only.
_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("特别行政区", ""),
    ("自治区", ""),
    ("自治州", "州"),
    ("自治县", "县"),
    ("自治旗", "旗"),
    ("地区", "地区"),
    ("特区", "特区"),
    ("矿区", "矿区"),
    ("省", ""),
    ("市", "市"),
    ("盟", "盟"),
    ("州", "州"),
    ("县", "县"),
    ("区", "区"),
    ("旗", "旗"),
)
_AUTONOMOUS = frozenset({"自治区", "自治州", "自治县", "自治旗"})

# Endings of names that are not ordinary divisions (development zones, islands...):
# such names are their own short and core name.
_NON_ADMINISTRATIVE_ENDINGS = (
    "开发区",
    "园区",
    "管理区",
    "示范区",
    "实验区",
    "聚集区",
    "名胜区",
    "食品区",
    "新区",
    "新城",
    "委员会",
    "管委会",
    "群岛",
    "海域",
    "市辖区",
)

_SHORT_OVERRIDES: dict[str, str] = {
    # The abbreviations used in Xinjiang's own documents.
    "博尔塔拉蒙古自治州": "博州",
    "巴音郭楞蒙古自治州": "巴州",
    "克孜勒苏柯尔克孜自治州": "克州",
}
_CORE_OVERRIDES: dict[str, str] = {
    # Real districts whose names end like a development zone, and a 林区.
    "浦东新区": "浦东",
    "滨海新区": "滨海",
    "沈北新区": "沈北",
    "清新区": "清新",
    "神农架林区": "神农架",
}

# Province- and prefecture-level cities (2023), without 市: their short name drops 市,
# while a county-level city keeps it (济南市 → 济南, 临夏市 → 临夏市). Callers that know
# the level pass it to short_name() instead of relying on this list.
UPPER_LEVEL_CITIES = frozenset(
    """
    北京 天津 上海 重庆
    石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 太原 大同 阳泉 长治 晋城
    朔州 晋中 运城 忻州 临汾 吕梁 呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔
    乌兰察布 沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛 长春
    吉林 四平 辽源 通化 白山 松原 白城 哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯
    七台河 牡丹江 黑河 绥化 南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州
    宿迁 杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 合肥 芜湖 蚌埠 淮南 马鞍山
    淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城 福州 厦门 莆田 三明 泉州 漳州
    南平 龙岩 宁德 南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶 济南 青岛 淄博
    枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽 郑州 开封 洛阳 平顶山
    安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 武汉 黄石 十堰
    宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界
    益阳 郴州 永州 怀化 娄底 广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州
    汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮 南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港
    玉林 百色 贺州 河池 来宾 崇左 海口 三亚 三沙 儋州 成都 自贡 攀枝花 泸州 德阳 绵阳 广元
    遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 贵阳 六盘水 遵义 安顺 毕节 铜仁
    昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 拉萨 日喀则 昌都 林芝 山南 那曲 西安 铜川 宝鸡
    咸阳 渭南 延安 汉中 榆林 安康 商洛 兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳
    定西 陇南 西宁 海东 银川 石嘴山 吴忠 固原 中卫 乌鲁木齐 克拉玛依 吐鲁番 哈密
    莱芜 襄樊
    """.split()
)

_UPPER_LEVELS = frozenset({"province", "prefecture"})
# Townships and villages keep their names whole: their endings (社区, 矿区, 新区...) are
# not levels, and a stripped name could shadow a county or a province (甘肃矿区 → 甘肃).
_LOWER_LEVELS = frozenset({"township", "village"})


def _strip_ethnic(stem: str) -> str:
    """Drop ethnic descriptors from the end of a stem, keeping at least two characters."""
    stripped = True
    while stripped:
        stripped = False
        for descriptor in ETHNIC_DESCRIPTORS:
            if stem.endswith(descriptor) and len(stem) - len(descriptor) >= 2:
                stem = stem[: -len(descriptor)]
                stripped = True
                break
    if stem in ETHNIC_GROUPS:  # the name is the group's own: 东乡族自治县 → 东乡
        stem = stem[:-1]
    return stem


def _split(full_name: str) -> tuple[str, str] | None:
    """(stem, suffix) of a full name, or None when it has no administrative suffix."""
    if full_name.endswith(_NON_ADMINISTRATIVE_ENDINGS):
        return None
    for suffix, _short in _SUFFIXES:
        if full_name.endswith(suffix) and len(full_name) > len(suffix):
            stem = full_name[: -len(suffix)]
            if suffix in _AUTONOMOUS or (suffix == "区" and stem.endswith("族")):
                stem = _strip_ethnic(stem)  # 管城回族区 → 管城
            return stem, suffix
    return None


def short_name(full_name: str, *, level: str | None = None) -> str:
    """The usual short name, keeping the level: 湘西土家族苗族自治州 → 湘西州, 甘肃省 → 甘肃.

    ``level`` (province, prefecture, county...) decides whether 市 is dropped; without
    it, 市 is dropped for the province- and prefecture-level cities in UPPER_LEVEL_CITIES.
    Townships and villages keep their full name.
    """
    name = full_name.strip()
    if level in _LOWER_LEVELS:
        return name
    if name in _SHORT_OVERRIDES:
        return _SHORT_OVERRIDES[name]
    parts = _split(name)
    if parts is None:
        return name
    stem, suffix = parts
    short_suffix = dict(_SUFFIXES)[suffix]
    if suffix == "市":
        upper = level in _UPPER_LEVELS if level else stem in UPPER_LEVEL_CITIES
        short_suffix = "" if upper else "市"
    if len(stem) < 2 and not short_suffix:
        return name
    return stem + short_suffix


def core_name(full_name: str, *, level: str | None = None) -> str:
    """The name without level suffix and ethnic descriptors, for matching: 湘西, 积石山.

    Never shorter than two characters: 和县 stays 和县, 市中区 gives 市中. Townships
    and villages (``level``) keep their full name.
    """
    name = full_name.strip()
    if level in _LOWER_LEVELS:
        return name
    if name in _CORE_OVERRIDES:
        return _CORE_OVERRIDES[name]
    parts = _split(name)
    if parts is None:
        return name
    stem = parts[0]
    return stem if len(stem) >= 2 else name
