"""Who helps whom: the donor and recipient regions of a report.

1. Every mention of a division is found (longest match) and read in context: a
   mention inside an official's title (济南市委书记), an organisation's name
   (山东省商业集团), a person's origin (定陶人), a meeting venue (在西昌市举行) or a
   province that merely locates a place (湖南省湘西州) is no evidence that the
   region takes part; nor is a reporter's place (喀什报道), a news site (泸州新闻网)
   or another province's name inside a county's place (疏附县广州新城).
2. The parties are the regions with a role: a delegation (X党政代表团), the place
   it goes to (赴Y), the two names of a meeting (X—Y东西部协作联席会议), the two
   ends of a helping verb (X帮扶Y, X向Y交付, X向结对帮扶的Y…), the places a
   helping phrase names (定点帮扶的陕西省咸阳市永寿县、长武县), a pair of provincial
   abbreviations (粤川, 闽宁). A province that workers go to (到广东就业) is a
   party only when none of its cities acts.
3. Sides: a known pairing valid on the date decides first, then the East-West
   standing of the provinces (an eastern province helps a western one), then the
   roles (the helping verb's subject, the delegation).
4. Other regions mentioned as places of the work join the side of the party
   they lie in (a county of the recipient prefecture is a recipient).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from xiezuo.news.lexicon import word_logp
from xiezuo.news.regions import COUNTY, LEVEL_RANK, PREFECTURE, PROVINCE, Registry

TITLE_AFTER = re.compile(
    r"(?:委(?!员会[^,。]{0,4}(?:签|与))|人大|政协|常委|副省长|省长|副市长|市长|副州长|州长|副县长|县长|副区长|"
    r"区长|领导|党委|纪委|组织部|宣传部|统战部|政法委|党校)"
)
ORG_AFTER = re.compile(
    r"^[^,。;、:()“”\s]{0,14}?(?:有限公司|有限责任公司|股份公司|公司|集团|银行|报社|日报|晚报|电视台|"
    r"广播电视台|信息港|新闻网|网站|协会|商会|研究院|研究所|酒店|宾馆|火车站|高铁站|[东西南北]站|机场|"
    r"大集|年货节|购物节|博览会|交易会)"  # 徐州雨润年货大集: the name of a fair
    r"|^站(?![长点])"  # 从兰州站出发: the city's station
)
ORIGIN_AFTER = re.compile(r"^人(?:[,。;、]|$)")
DATELINE_AFTER = re.compile(
    r"^(?:\d{1,2}月)?\d{1,2}日(?:电|讯)|^讯|^报道\)"
)  # 新华社银川4月19日电, (记者 某某 喀什报道)
VENUE_AFTER = re.compile(
    r"^[^,。;]{0,6}?(?:举行|召开|举办|开幕|闭幕|启动|开班|会见|会谈|座谈|签约|签署|签订)"
)  # 在南京会见陕西省代表团: where they met
#: an official of the place leads a delegation (毕节市委副书记、市长某某率团到广州考察)
LEADS_AFTER = re.compile(
    r"^[^,。;:“”]{1,24}?(?:率团|率队|带队|率领[^,。;]{0,12}(?:代表团|考察团|调研组|工作组|考察组))"
)
#: an official of the place receives the visitors (临夏州委书记某某会见了济南市代表团)
MEETS_AFTER = re.compile(
    r"^[^,。;:“”]{1,24}?(?P<verb>会见|接见|迎接|欢迎)(?:了)?[^,。;]{0,16}(?:代表团|考察团|一行)"
)
NATIONAL = re.compile(r"习近平|总书记|党中央|国务院|中央")
VISITOR_AFTER = re.compile(
    r"^(?:[^,。;、与和]{0,10}?(?:代表团|考察团|调研组|工作组|调研团|慰问团|考察组|工作队|医疗队|专家团|"
    r"援藏|援疆|援青|援彝)|(?:市|州|县|区|省)?(?:一行|赴|前往))"
)
HELPED_BEFORE = re.compile(r"(?:定点帮扶|对口帮扶|结对帮扶|对口支援|帮扶|帮助|援建|支援|援助)的?$")
HELPER_AFTER = re.compile(r"^(?:市|州|县|区|省)?(?:援建|援助|援[藏疆青滇彝])")
AIDED_AFTER = re.compile(r"^(?:市|州|县|区|省)?援(?P<abbr>[藏疆青滇彝])")
AIDED_PROVINCE = {"藏": "54", "疆": "65", "青": "63", "滇": "53", "彝": "51"}
SIGNING_BETWEEN = re.compile(r"(?:市|州|县|区|省)?(?:人民政府)?(?:与|和|同)")
SIGNING_AFTER = re.compile(r"^[^,。;]{0,14}?(?:签订|签署|签约|签下)")
STAY_AFTER = re.compile(r"^[^,。;]{0,8}?(?:考察|调研|参观|走访|对接|慰问)")
LEARN_AFTER = re.compile(r"^[^,。;]{0,6}?(?:学习(?!贯彻|领会)|取经)")
MOVE_BEFORE = re.compile(
    r"(?:赴|(?<![受得达感看做遇见收想听谈提直])到|来到|前往|抵达|莅临|深入|走进|走访|来)$"
)  # not 受到拉萨人民群众的好评
WORK_AFTER = re.compile(r"^(?:稳定|转移|务工)?(?:就业|务工|打工)")  # 到广东就业: where workers go
HELP_BETWEEN = re.compile(
    r"^(?:市|州|县|区|省)?(?:对口|结对)?(?:帮扶|援建|援助|支援|协作|携手|助力|帮助|扶贫协作|结对帮扶|对口帮扶)$"
)
DELIVER_BETWEEN = re.compile(  # 江苏省累计向青海省…投入: the adverbs of a summary too
    r"^(?:市|州|县|区|省)?(?:分别|累计|共计|共|已|先后)*(?:向|为|给)$"
)
DELIVER_AFTER = re.compile(r"^[^,。;]{0,8}?(?:交付|捐赠|拨付|移交|援助|捐款|捐助|投入|下达)")
PAIR_BETWEEN = re.compile(r"^(?:市|州|县|区|省)?[-—–~与和、·・]?$")  # 宁波·凉山 too
# 巫山县、青岛市对口帮扶的…: the second name helps what follows, it pairs with nothing before
HELPS_NEXT = re.compile(r"(?:市|州|县|区|省)?(?:对口|结对|定点)?(?:帮扶|支援)的")
PAIR_AFTER = re.compile(
    r"^(?:两省区?|两区|两市|两州|两县|两地)(?!省委|党委|政府|领导)|^[^,。;]{0,6}?(?:东西部|扶贫|协作|对口|联席|座谈|合作|结对|帮扶|"
    r"劳务|返岗|务工专列)"
)  # 甘肃、福建两省: a list of the two sides; “甘肃—福建”返岗复工专列: the pair's train
ABBREVIATION_AFTER = re.compile(
    r"^(?:两省|两省区|两省市|两区|两地|双方|扶贫|协作|合作|东西部|对口|结对|帮扶|联席|交流|携手|一家亲|情|"
    r"共建|共振兴|共同|同心)"
)  # 闽宁双方, 京蒙结对, 沪滇联席会议: the two provinces act
MEETING_AFTER = re.compile(r"^[^,。;]{0,14}?(?:联席会议|座谈会|高层会晤|工作会议|协议)")
SINGLE_ABBREVIATION = re.compile(
    r"(?:来|赴|在|入|抵|到)(?P<abbr>[\u4e00-\u9fff])(?=调研|考察|期间|对接|开展|访问|学习|工作|,|。)"
)


COMMON_WORD_LOGP = -13.0
MAX_BETWEEN = 16  # the longest a helping verb, a list mark or a pair's link is written


@dataclass(slots=True)
class Mention:
    code: str
    start: int
    end: int
    evidence: bool = True
    roles: set[str] = field(default_factory=set)


@dataclass
class Sides:
    donors: list[str]
    recipients: list[str]
    # a known pairing links two of the parties: only then can the date change the sides
    pairing_seen: bool = False


def _resolve(registry: Registry, raw: list[tuple[int, int, list[str]]]) -> list[Mention]:
    """Pick one code per mention; ambiguous names go to the one whose ancestors are mentioned."""
    named = {codes[0] for _, _, codes in raw if len(codes) == 1}
    anchors = set(named)
    for anchor in list(anchors):  # (each code once, however often it is named)
        anchors.update(registry.ancestors(anchor))
    provinces = {c[:2] for c in anchors}

    def score(code: str) -> tuple[int, int]:
        ancestors = registry.ancestors(code)
        near = sum(3 for a in ancestors if a in anchors and not a.endswith("0000"))
        region = registry.get(code)
        level = LEVEL_RANK.get(region.level, 3) if region else 3
        return (near + (1 if code[:2] in provinces else 0), -level)

    chosen: dict[int, str] = {}  # a shared name is resolved once per report (its codes' list)
    mentions: list[Mention] = []
    for start, end, codes in raw:
        if len(codes) == 1:
            mentions.append(Mention(codes[0], start, end))
            continue
        if mentions and mentions[-1].end == start:
            # right after the place that locates it (贵阳市白云区, not 广州's)
            within = [c for c in codes if registry.is_within(c, mentions[-1].code)]
            if len(within) == 1:
                mentions.append(Mention(within[0], start, end))
                continue
        code = chosen.get(id(codes))
        if code is None:
            # a place the report names unambiguously elsewhere (临夏州 … 抵达临夏) is the one
            # meant, not a place within it that shares the name (临夏市)
            again = [c for c in codes if c in named]
            code = chosen[id(codes)] = again[0] if len(again) == 1 else max(codes, key=score)
        mentions.append(Mention(code, start, end))
    return mentions


def _splits_a_word(
    text: str, start: int, end: int, words: dict[str, float], left: bool = True
) -> bool:
    """True when a bare name's first or last character belongs to a word around it (和政|府).

    Not when the character beyond the name belongs to a likelier word on its other side
    (广西|工作队: 工作 takes the 工 that 西工 would). ``words`` is ``word_logp()``.
    """
    if left and start > 0:
        logp = words.get(text[start - 1 : start + 1], -99.0)
        if logp > COMMON_WORD_LOGP:  # (else the rest cannot tell a word: not looked up)
            rival = words.get(text[start - 2 : start], -99.0) if start > 1 else -99.0
            # 抵达|南宁: the character before is taken by a common word of its own; not by a
            # word rarer than the name itself (向上海: 上海 is the commoner word)
            own = words.get(text[start:end], -99.0)
            if rival <= logp and rival <= COMMON_WORD_LOGP and logp > own:
                return True
    if end < len(text):
        logp = words.get(text[end - 1 : end + 1], -99.0)
        if logp > COMMON_WORD_LOGP and words.get(text[end : end + 2], -99.0) <= logp:
            return True
    return False


def _inside_a_quote(text: str, start: int, end: int, codes: list[str]) -> bool:
    """True for a county's bare name that is part of a short quoted phrase (“金沙滩”)."""
    opened = text.rfind("“", max(0, start - 6), start)
    if opened == -1:
        return False
    closed = text.find("”", end, end + 6)
    if closed == -1 or "”" in text[opened:start] or closed - opened - 1 == end - start:
        return False
    return all(len(c) == 6 and not c.endswith("00") for c in codes)


def find_mentions(
    text: str, registry: Registry, excluded: list[tuple[int, int]] | None = None
) -> list[Mention]:
    """Region mentions of ``text``; ``excluded`` spans (people's names) hold none."""
    return _find_mentions(text, registry, excluded).mentions


@dataclass(slots=True)
class _Found:
    """The mentions of a report, with what their order tells, read once for every pass."""

    mentions: list[Mention]
    #: chained[k]: mentions[k + 1] is written right after mentions[k] (甘肃省 临夏州) and lies
    #: within it, or is the same place
    chained: list[bool]
    #: locates[k]: chained, and another place: mentions[k] only locates it (湖南省湘西州)
    locates: list[bool]
    #: titled[k]: an official's title follows mentions[k] (济南市委书记)
    titled: list[bool]


def _find_mentions(
    text: str, registry: Registry, excluded: list[tuple[int, int]] | None
) -> _Found:
    blocked = {i for s, e in excluded or [] for i in range(s, e)}
    words = word_logp()
    raw: list[tuple[int, int, list[str]]] = []
    for start, end, alias in registry.find(text):
        codes = registry.codes_for(alias)
        if not codes or start in blocked or end - 1 in blocked:
            continue
        # right after another place's name (日喀则市上海援藏…) the character before is its
        # suffix, no part of a word with this name
        after_place = bool(raw) and raw[-1][1] == start
        if registry.is_bare(alias) and (
            _splits_a_word(text, start, end, words, left=not after_place)
            or _inside_a_quote(text, start, end, codes)
        ):
            continue
        raw.append((start, end, codes))
    abbreviations = _abbreviation_mentions(text, registry)
    if abbreviations:  # a set of covered positions: a report may hold dozens of each
        covered = {i for m in abbreviations for i in range(m.start, m.end)}
        raw = [r for r in raw if covered.isdisjoint(range(r[0], r[1]))]
    mentions = _resolve(registry, raw)
    mentions.extend(abbreviations)
    mentions.sort(key=lambda m: m.start)
    found = _chains(text, registry, mentions)
    _read_contexts(text, registry, found)
    for mention in mentions:
        if is_zone(mention.code):
            mention.evidence = False  # 达孜工业园区, 兰州新区: a zone is a place, never a party
        elif _names_a_project(text, registry, mention):
            mention.evidence = False  # 黔江区…蛋鸡养殖项目: where a project is, not who acts
    return found


def _chains(text: str, registry: Registry, mentions: list[Mention]) -> _Found:
    """The mentions with the places that locate one another marked (positions and codes
    never change after this)."""
    chained = [False] * len(mentions)
    locates = [False] * len(mentions)
    for k in range(len(mentions) - 1):
        here, nxt = mentions[k], mentions[k + 1]
        if nxt.start - here.end > 1:
            continue  # (most places: far from the next, not adjacent to it)
        if _adjacent(text, here, nxt) and registry.is_within(nxt.code, here.code):
            chained[k] = True
            locates[k] = nxt.code != here.code
    return _Found(mentions, chained, locates, [])


PROJECT_NAME_AFTER = re.compile(
    r"[^,。;、:“”]{2,40}?(?:项目|基地|产业园|车间|工厂)(?:建设)?(?=[,。;、)等]|$)"
    r"|[^,。;、:“”]{2,20}?等(?:一批|多个|\d+个)?项目"  # 奉节奶牛养殖等一批项目
)
ACTS_AFTER = re.compile(
    r"(?:市|县|区)?(?:实施|建设|投资|引进|签约|签订|签署|落地|新建|打造|启动|开工|依托|与|和|向|对|"
    r"将|已|共|累计|的|调研|考察|视察|走访|慰问|看望|参观)"  # 到某县调研…项目: a visit
)
VISITED_BEFORE = re.compile(r"(?:考察|调研|参观|察看|走访|观摩|来到|走进|深入)[^。;]*$")


def _names_a_project(text: str, registry: Registry, mention: Mention) -> bool:
    """True for a county that begins the name of a project in a list of projects
    (包括…万州区鲁抗三叶中药材深加工项目): where a project is, not who acts. Not the
    project sites a delegation visits, nor a county that acts (平利县依托…工厂)."""
    region = registry.get(mention.code)
    if region is None or region.level != COUNTY or ACTS_AFTER.match(text, mention.end):
        return False
    if PROJECT_NAME_AFTER.match(text, mention.end) is None:
        return False
    return not VISITED_BEFORE.search(text, max(0, mention.start - 40), mention.start)


def is_zone(code: str) -> bool:
    """Development zones, new areas and parks: county-level codes 71–79 (GB/T 2260)."""
    return len(code) == 6 and code[4] == "7" and code[5] != "0"


def _abbreviation_mentions(text: str, registry: Registry) -> list[Mention]:
    pairs = registry.abbreviation_pairs()
    out: list[Mention] = []
    matches = list(registry.abbreviation_pattern.finditer(text))
    # where what is said of each contraction begins: after the last of a list of them
    # (沪滇、粤滇协作工作推进会: both pairs meet)
    ends = [m.end() for m in matches]
    for k in range(len(matches) - 2, -1, -1):
        if matches[k + 1].start() == ends[k] + 1 and text[ends[k]] in LIST_MARKS:
            ends[k] = ends[k + 1]
    for match, tail in zip(matches, ends, strict=True):
        donor, recipient = pairs[match.group()]
        after = text[tail : tail + 16]
        if ABBREVIATION_AFTER.match(after):
            meeting = MEETING_AFTER.match(after)
            city = meeting is not None and _city_named(registry, meeting.group(), recipient)
            tags = {"abbr_meeting"} if meeting and not city else {"abbr"}
            if NAMES_A_THING.match(text, tail):
                continue  # 苏陕工业园, 苏陕协作消费扶贫专区: the name of a place, not a party
            if (
                not city
                and not NAMES_PROJECTS.match(text, tail)
                and not _in_a_slogan(text, registry, match.start(), match.end(), (donor, recipient))
            ):
                tags.add("pair")  # 粤桂协作, 鲁渝两地: the provinces are parties
            out.append(Mention(donor, match.start(), match.start() + 1, roles={"donor", *tags}))
            out.append(
                Mention(recipient, match.start() + 1, match.end(), roles={"recipient", *tags})
            )
    by_abbr: dict[str, str] | None = None
    for match in SINGLE_ABBREVIATION.finditer(text):
        if by_abbr is None:
            by_abbr = {a: p.code for p in registry.provinces.values() for a in p.abbreviations}
        code = by_abbr.get(match["abbr"])
        if code:
            out.append(
                Mention(code, match.start("abbr"), match.end("abbr"), roles={"host", "abbr"})
            )
    return out


#: a contraction that begins the name of a place or a thing (园区, 专区, 专馆, 车间…)
NAMES_A_THING = re.compile(
    r"(?:协作|合作|东西部|扶贫)?[^,。;、:“”()\s]{0,8}?"
    r"(?:工业园|产业园|园区|专区|专馆|专柜|馆|车间|基地|超市|展厅|中心|商城|平台)"
)
#: the programme's projects (45个京蒙合作项目): the contraction names the programme
NAMES_PROJECTS = re.compile(r"(?:东西部)?(?:扶贫)?(?:合作|协作)?项目")
#: a wish, a lesson or a requirement: 希望…京蒙协作, 学习借鉴闽宁协作经验, 落实鲁甘两省工作要求
NOT_ACTING_BEFORE = re.compile(r"(?:希望|期待|期盼|祝愿|学习|借鉴|落实|贯彻)[^,。;]*$")


def _in_a_slogan(
    text: str, registry: Registry, start: int, end: int, provinces: tuple[str, str]
) -> bool:
    """True inside a quoted title of a city's event (“深化京蒙协作助力乡村振兴”通辽-北京项目
    对接会; not “津陇共振兴”合作交流大会, the provinces' own), in a wish, a lesson or a
    requirement (希望…京蒙协作, 借鉴闽宁协作经验, 落实鲁甘两省工作要求): the contraction names
    the programme or an authority there, no province acts."""
    opened = text.rfind("“", max(0, start - 12), start)
    if opened != -1 and "”" not in text[opened:start]:
        closed = text.find("”", end, end + 16)
        if closed != -1 and "“" not in text[end:closed]:
            after = text[closed + 1 : closed + 13]
            if any(_city_named(registry, after, p) for p in provinces):
                return True
    return bool(NOT_ACTING_BEFORE.search(text, max(0, start - 20), start))


def _city_named(registry: Registry, words: str, province: str) -> bool:
    """True when ``words`` name a place of ``province`` below it: 京蒙协作乌兰察布工作座谈会
    is the city's meeting, not the provinces'."""
    return any(
        code != province and registry.is_within(code, province)
        for _, _, alias in registry.find(words)
        for code in registry.codes_for(alias)
    )


def _national_clauses(text: str) -> list[tuple[int, int]]:
    """Spans of the clauses that speak of national leaders or bodies (merged, in order)."""
    spans: list[tuple[int, int]] = []
    for match in NATIONAL.finditer(text):
        at = match.start()
        if spans and at < spans[-1][1]:
            continue  # in the clause just found
        lo = max(text.rfind(",", 0, at), text.rfind("。", 0, at), text.rfind(";", 0, at)) + 1
        lo = max(lo, text.rfind("\n", 0, at) + 1)
        stop = CLAUSE_END.search(text, match.end())
        hi = stop.start() if stop else len(text)
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(hi, spans[-1][1]))
        else:
            spans.append((lo, hi))
    return spans


CLAUSE_END = re.compile("[,。;\n]")


#: an official's title, an organisation, a person's origin, an agency's dateline (one pass)
NO_EVIDENCE_AFTER = re.compile(
    "|".join(f"(?:{p.pattern})" for p in (TITLE_AFTER, ORG_AFTER, ORIGIN_AFTER, DATELINE_AFTER))
)
NOT_AN_ORGANISATION_AFTER = re.compile(  # the same without ORG_AFTER, tried far down the text
    "|".join(f"(?:{p.pattern})" for p in (TITLE_AFTER, ORIGIN_AFTER, DATELINE_AFTER))
)
#: a word that every ORG_AFTER match holds (its longer forms hold these): without one, the
#: organisation's pattern, which tries its words at every character it may skip, cannot match.
#: (Every word written out, 东站|西站… and not [东西南北]站: the engine then looks for their
#: first characters alone, seven times faster than trying every word at every character.)
ORGANISATION_WORD = re.compile(
    r"公司|集团|银行|报社|日报|晚报|电视台|信息港|新闻网|网站|协会|商会|研究院|研究所|酒店|宾馆|"
    r"火车站|高铁站|东站|西站|南站|北站|站|机场|大集|年货节|购物节|博览会|交易会"
)
#: likewise a word that every VISITOR_AFTER match holds
VISITOR_WORD = re.compile(
    r"代表团|考察团|调研组|工作组|调研团|慰问团|考察组|工作队|医疗队|专家团|援藏|援疆|援青|援彝|"
    r"一行|赴|前往"
)


def _no_evidence_after(after: str) -> bool:
    """``NO_EVIDENCE_AFTER.match(after)``, the organisation's pattern tried only when one of
    its words is there."""
    if ORGANISATION_WORD.search(after):
        return NO_EVIDENCE_AFTER.match(after) is not None
    return NOT_AN_ORGANISATION_AFTER.match(after) is not None


#: what NO_EVIDENCE_AFTER says but the organisation's pattern, in one match that tells an
#: official's title (the group "title", which the roles read again) from the rest
TITLE_ORIGIN_DATELINE_AFTER = re.compile(
    f"(?P<title>{TITLE_AFTER.pattern})|(?:{ORIGIN_AFTER.pattern})|(?:{DATELINE_AFTER.pattern})"
)
#: the characters its matches begin with, but the digits: most places are followed by none
TITLE_ORIGIN_DATELINE_STARTS = frozenset("委人政常副省市州县区领党纪组宣统讯报")


def _read_contexts(text: str, registry: Registry, found: _Found) -> None:
    mentions, locates, titled = found.mentions, found.locates, found.titled
    national = _national_clauses(text)
    clause = 0  # the first national clause that does not end before the mention
    for i, mention in enumerate(mentions):
        start, end = mention.start, mention.end
        while clause < len(national) and national[clause][1] <= start:
            clause += 1
        after = text[end : end + 20]
        # (the title's pattern looks 8 characters ahead at most: ``after`` holds them)
        first = after[:1]
        match = (
            TITLE_ORIGIN_DATELINE_AFTER.match(after)
            if first in TITLE_ORIGIN_DATELINE_STARTS or first.isdecimal()  # (as \d is)
            else None
        )
        titled.append(match is not None and match["title"] is not None)
        venue = (
            "在" in text[start - 4 if start > 4 else 0 : start]
            and VENUE_AFTER.match(after) is not None
        )
        if (
            # 济南市委书记, 山东省商业集团, 菏泽人, 新华社银川4月19日电 (_no_evidence_after)
            match is not None
            or (ORGANISATION_WORD.search(after) and ORG_AFTER.match(after))
            or venue
            # 新疆昌吉州(福州)招商推介会: where the event is held
            or (
                i > 0
                and text[start - 1 : start] in ("(", "（")
                and mentions[i - 1].end == start - 1
                and text[end : end + 1] in (")", "）")
            )
            or (clause < len(national) and national[clause][0] <= start)
            or (i > 0 and _names_a_place_in(registry, mentions[i - 1], mention))
        ):
            mention.evidence = False
        if locates[i]:
            if mention.code.endswith("00"):
                # a province or city that locates a place (湖南省湘西州, 拉萨市城关区) is no
                # party by that: its own mentions elsewhere decide
                mention.evidence = False
            if "host" in mention.roles:
                mentions[i + 1].roles.add("host")
        if venue and i + 1 < len(mentions) and mentions[i + 1].start - end <= 1:
            mentions[i + 1].evidence = False
    _project_sites(text, registry, found)


#: what is built at a place: 在昭通市昭阳区投资建设的…产业园
BUILT_AFTER = re.compile(r"^[^,。;]{0,6}?(?:投资|建设|建成|援建|落地|新建|兴建|开工|打造)")
#: where projects lie: 位于…, 分布在…, 落户…
SITE_BEFORE = re.compile(r"(?:位于|分布在|分布于|落户在?|落地在|坐落在|坐落于|选址在?)$")
#: the characters a SITE_BEFORE match ends with (or a line break after them, for its "$")
SITE_BEFORE_ENDS = frozenset("于在户址\n")


def _project_sites(text: str, registry: Registry, found: _Found) -> None:
    """A place written after 位于 (位于贵阳市白云区的…展销中心), and a county where something is
    built (东莞市在昭通市昭阳区投资建设的产业园), with the places that locate it: where a
    project is, not who acts."""
    mentions, chained = found.mentions, found.chained
    i = 0
    while i < len(mentions):
        j = i  # the last of the places that locate one another from here
        while chained[j]:
            j += 1
        start = mentions[i].start
        before = text[start - 1 : start] if start else ""
        if before in SITE_BEFORE_ENDS and SITE_BEFORE.search(text, max(0, start - 4), start):
            # 位于贵阳市白云区, 项目分布在彭水、万州、石柱: the list's places are sites too
            while j + 1 < len(mentions) and LIST_GAP.fullmatch(
                text, mentions[j].end, mentions[j + 1].start
            ):
                j += 1
            for mention in mentions[i : j + 1]:
                mention.evidence = False
            i = j + 1
            continue
        if before == "在":
            last = registry.get(mentions[j].code)
            if (
                last is not None
                and last.level == COUNTY
                and BUILT_AFTER.match(text[mentions[j].end : mentions[j].end + 12]) is not None
            ):
                for mention in mentions[i : j + 1]:
                    mention.evidence = False
        i = j + 1


def _names_a_place_in(registry: Registry, county: Mention, mention: Mention) -> bool:
    """True for a name of another province written right after a county (疏附县广州新城)."""
    if county.end != mention.start or county.code[:2] == mention.code[:2]:
        return False
    region = registry.get(county.code)
    return region is not None and region.level == COUNTY


def _listed_after(text: str, found: _Found, k: int) -> list[int]:
    """The indexes of the places listed with ``mentions[k]`` after it (丰宁县、兴和县 of
    怀柔区与河北省丰宁县、内蒙古自治区兴和县), each after the province that may locate it."""
    mentions = found.mentions
    out: list[int] = []
    while k + 1 < len(mentions) and text[mentions[k].end : mentions[k + 1].start] == "、":
        j = k + 1
        if found.locates[j]:
            j += 1
        out.append(j)
        k = j
    return out


#: the characters a MOVE_BEFORE or a HELPED_BEFORE match ends with (or a line break after
#: them, for their "$"): elsewhere the patterns need not be tried
MOVE_BEFORE_ENDS = frozenset("赴到往达临入进访来\n")
HELPED_BEFORE_ENDS = frozenset("扶助建援的\n")


def _assign_roles(text: str, registry: Registry, found: _Found) -> None:
    mentions, locates = found.mentions, found.locates
    chain_start = 0
    listed: set[int] = set()  # places of a list that pairs with the place before it
    for i, mention in enumerate(mentions):
        start, end = mention.start, mention.end
        if i == 0 or mentions[i - 1].end < start - 1:
            chain_start = start
        elif not locates[i - 1]:
            chain_start = start  # 帮扶的陕西省咸阳市永寿县: 永寿县 is the one helped
        if found.titled[i]:
            leads = LEADS_AFTER.match(text[end : end + 30])
            if leads and (i + 1 == len(mentions) or mentions[i + 1].start >= end + leads.end()):
                # the place whose official leads the delegation (the nearest title before the
                # name: 山东省委常委、济南市委书记某某率领…: 济南)
                mention.roles.add("visitor")
            meets = MEETS_AFTER.match(text[end : end + 50])
            if meets and (
                i + 1 == len(mentions) or mentions[i + 1].start >= end + meets.start("verb")
            ):
                mention.roles.add("host")  # the nearest title before the name is the host's
        if not mention.evidence:
            continue  # (every role below is read for the evidence only)
        after = text[end : end + 20]
        aid = "援" in after[:2]  # (which every AIDED_AFTER and HELPER_AFTER match holds)
        aided = AIDED_AFTER.match(after) if aid else None
        if aided and mention.code[:2] == AIDED_PROVINCE[aided["abbr"]]:
            mention.roles.add("helped")  # 伽师县援疆资金: the aid 伽师县 receives
        elif VISITOR_WORD.search(after) and (visiting := VISITOR_AFTER.match(after)):
            aided_by = visiting.group()[-2:]
            # 海南州投入援青资金, 日喀则:对口援藏项目: a place of the province aided receives
            # the aid, it sends none
            if aided_by[0] == "援" and mention.code[:2] == AIDED_PROVINCE.get(aided_by[1]):
                mention.roles.add("helped")
            else:
                mention.roles.add("visitor")
        if aid and HELPER_AFTER.match(after) and "helped" not in mention.roles:
            mention.roles.add("helper")
        # before the places that locate it: 赴贵州省铜仁市沿河县 (the county is where they go)
        before = text[chain_start - 1 : chain_start] if chain_start else ""
        # 广州市党政代表团在毕节市考察: a western place where visitors go is the host (an eastern
        # one is where the helped side goes to learn, a venue)
        hosts = (
            before in MOVE_BEFORE_ENDS
            and MOVE_BEFORE.search(text[max(0, chain_start - 3) : chain_start])
        ) or (before == "在" and STAY_AFTER.match(after) and registry.tier(mention.code) == 0)
        if hosts and not LEARN_AFTER.match(after):
            mention.roles.add("host")  # not a place the visitors came to learn from
            if WORK_AFTER.match(after):
                mention.roles.add("destination")  # 到广东就业: where the workers go
            for role in mention.roles & PLACE_ROLES:  # 前往福州、泉州: every place of the list
                _spread_over_list(text, mentions, i, role, backwards=False)
        if before in HELPED_BEFORE_ENDS and HELPED_BEFORE.search(
            text[max(0, chain_start - 4) : chain_start]
        ):
            mention.roles.add("helped")
            _spread_helped(text, registry, mentions, i)
            helper = _helper_before(text, mentions, i, chain_start)
            if helper is not None:
                helper.roles.add("donor")  # 奉贤区向结对帮扶的景东县拨付…
                mention.roles.add("recipient")
        if "abbr" in mention.roles:
            continue  # a pair of abbreviations (京蒙协作…) has its roles; it acts on nothing
        if i + 1 == len(mentions) or mentions[i + 1].start - end > MAX_BETWEEN:
            continue  # (as the loop below would find, the next places being further still)
        for k, other in enumerate(mentions[i + 1 : i + 4], start=i + 1):
            if other.code == mention.code or registry.is_within(other.code, mention.code):
                continue
            if not other.evidence and not locates[k]:
                continue
            if other.start - mention.end > MAX_BETWEEN:
                break  # no helping verb, list or pair is written across so much text
            between = text[mention.end : other.start]
            while locates[k]:
                k += 1  # 与陕西省宝鸡市陇县: the last of the places that locate one another
            other = mentions[k]
            tail = text[other.end : other.end + 16]
            if i in listed:
                break  # a member of a list that pairs with the place before it
            members = (
                _listed_after(text, found, mentions.index(other))
                if between in ("与", "和", "同") and not PAIR_AFTER.match(tail)
                else []
            )
            last = mentions[members[-1]].end if members else 0
            if members and PAIR_AFTER.match(text[last : last + 16]):
                mention.roles.add("first")  # 怀柔区与丰宁县、兴和县召开帮扶座谈会
                for member in (other, *(mentions[j] for j in members)):
                    member.roles.add("second")
                listed.update(members, {mentions.index(other)})
                break
            if HELP_BETWEEN.match(between):
                mention.roles.add("donor")
                other.roles.add("recipient")
            elif DELIVER_BETWEEN.match(between) and DELIVER_AFTER.match(tail):
                mention.roles.add("donor")
                other.roles.add("recipient")
                _spread_over_list(text, mentions, i, "donor", backwards=True)
                _spread_over_list(
                    text, mentions, mentions.index(other), "recipient", backwards=False
                )
            elif (
                PAIR_BETWEEN.match(between)
                and PAIR_AFTER.match(tail)
                and not HELPS_NEXT.match(tail)
            ):
                if not registry.is_within(other.code, mention.code):
                    mention.roles.add("first")
                    other.roles.add("second")
            elif SIGNING_BETWEEN.fullmatch(between) and SIGNING_AFTER.match(tail):
                if not registry.is_within(other.code, mention.code):
                    mention.roles.add("first")
                    other.roles.add("second")
            break
    _helping_lists(text, found)


#: after a list of helpers: its count (四省市, 等6省) and the helping verb
LIST_HELPS = re.compile(
    r"(?:[一二三四五六七八九十两\d]{1,2}(?:个)?(?:省区市|省市区|省市|省区|省|市|区县|县区|县|区)|"
    r"等(?:[一二三四五六七八九十两\d]{1,2}(?:个)?(?:省区市|省市|省区|省|市|县|区))?)?"
    r"(?:[、和及与][^,。;]{0,8}?)?(?:分别|共同|先后|持续)?"
    r"(?:对口支援|对口帮扶|结对帮扶|定点帮扶|帮扶|援助|支援|援建)"
)
MIN_LIST = 3
#: between two places of a list, maybe past a short name the registry does not hold
LIST_GAP = re.compile(r"(?:[、和及][^,。;、和及\s]{1,4})*[、和及]")


#: the characters a LIST_GAP match begins and ends with
LIST_MARKS = frozenset("、和及")


def _helping_lists(text: str, found: _Found) -> None:
    """A list of three places or more that helps what follows (上海、山东、黑龙江、吉林四省市
    对口支援日喀则市): every member is a donor, no two of them a pair, and the place after the
    verb the recipient."""
    mentions = found.mentions
    i = 0
    while i < len(mentions):
        j = i
        while (
            j + 1 < len(mentions)
            and text[mentions[j].end : mentions[j].end + 1] in LIST_MARKS
            and LIST_GAP.fullmatch(text, mentions[j].end, mentions[j + 1].start)
        ):
            j += 1
        if j - i + 1 < MIN_LIST:
            i = j + 1
            continue  # too short a list, even with every member evidence
        members = [m for m in mentions[i : j + 1] if m.evidence]
        verb = LIST_HELPS.match(text, mentions[j].end) if len(members) >= MIN_LIST else None
        if verb is not None:
            for member in members:
                member.roles -= {"first", "second"}
                member.roles.add("donor")
            k = j + 1
            if k < len(mentions) and mentions[k].start - verb.end() <= 2:
                while found.locates[k]:
                    k += 1
                mentions[k].roles.add("recipient")
        i = j + 1


def _spread_helped(text: str, registry: Registry, mentions: list[Mention], index: int) -> None:
    """帮扶的永寿县、长武县、旬邑县: every place of the list is helped (not 巫山县、青岛市,
    nor 铜仁市、无锡市对口帮扶的…)."""
    first = registry.get(mentions[index].code)
    for k in range(index + 1, len(mentions)):
        here = registry.get(mentions[k].code)
        if (
            here is None
            or first is None
            or here.level != first.level
            or text[mentions[k - 1].end : mentions[k].start] not in ("、", "和", "及")
            or HELPS_NEXT.match(text, mentions[k].end)
        ):
            return
        mentions[k].roles.add("helped")


HELPER_BETWEEN = re.compile(
    r"(?:市|州|县|区|省)?(?:分别)?(?:向|为|给|对)(?:其)?"
    r"(?:定点帮扶|对口帮扶|结对帮扶|对口支援|帮扶|援助|支援)的"
)


def _helper_before(
    text: str, mentions: list[Mention], index: int, chain_start: int
) -> Mention | None:
    """The region written right before "向结对帮扶的" and the place it helps, if any."""
    for k in range(index - 1, -1, -1):
        before = mentions[k]
        if before.end <= chain_start:
            if before.evidence and HELPER_BETWEEN.fullmatch(text, before.end, chain_start):
                return before
            return None
    return None


def _adjacent(text: str, a: Mention, b: Mention) -> bool:
    """True when ``b`` follows ``a`` right away or after a space or a dot (甘肃省 临夏州), not
    after a word (广西壮族自治区在南宁: 广西 does not locate 南宁 there)."""
    gap = b.start - a.end
    return gap == 0 or (gap == 1 and not "\u4e00" <= text[a.end] <= "\u9fff")


def _spread_over_list(
    text: str, mentions: list[Mention], index: int, role: str, backwards: bool
) -> None:
    """Give ``role`` to the other members of a "A、B" list around ``mentions[index]``."""
    step = -1 if backwards else 1
    j = index
    while 0 <= j + step < len(mentions):
        a, b = (mentions[j + step], mentions[j]) if backwards else (mentions[j], mentions[j + step])
        if text[a.end : b.start] not in ("、", "和", "及"):
            break
        mentions[j + step].roles.add(role)
        j += step


ROLE_WEIGHTS = {
    "donor": 3.0,
    "recipient": -3.0,
    "helper": 1.5,
    "helped": -1.5,
    "visitor": 1.0,
    "host": -1.0,
    "first": 0.5,
    "second": -0.5,
}
PRINCIPAL_ROLES = {"donor", "recipient", "helper", "helped", "visitor", "host", "first", "second"}


def _principals(registry: Registry, mentions: list[Mention]) -> dict[str, set[str]]:
    """Regions with a role; provincial abbreviations, and provinces that workers go to,
    only where provinces act themselves."""
    roles: dict[str, set[str]] = defaultdict(set)
    direct: set[str] = set()
    meeting_provinces: set[str] = set()
    for mention in mentions:
        if mention.roles and not mention.roles.isdisjoint(PRINCIPAL_ROLES):
            roles[mention.code] |= mention.roles
            if not mention.roles & {"abbr", "destination"} or "pair" in mention.roles:
                direct.add(mention.code)
            if "abbr_meeting" in mention.roles:
                direct.add(mention.code)
                meeting_provinces.add(mention.code)
    for code in [c for c in roles if c not in direct and "destination" in roles[c]]:
        if not any(_city_level(d) and d[:2] == code[:2] for d in direct):
            direct.add(code)  # workers go to the province and none of its cities acts
    cities_act = any(_city_level(code) for code in direct)
    if cities_act and not meeting_provinces:
        for code in [c for c in roles if c not in direct]:
            del roles[code]
    for code in [c for c in roles if roles[c] <= PLACE_ROLES and not c.endswith("0000")]:
        province = code[:2] + "0000"
        if province in direct and roles[province] - PLACE_ROLES and registry.tier(code) > 0:
            # 两省开行专列…抵达福州: the provinces act, a city of the helping side is a venue
            del roles[code]
            for mention in mentions:
                if mention.code == code:
                    mention.evidence = False
    return roles


PLACE_ROLES = frozenset({"host", "destination"})


MUNICIPALITIES = ("11", "12", "31", "50")


def _city_level(code: str) -> bool:
    """Prefectures, counties and the four municipalities (which pair as cities do)."""
    return not code.endswith("0000") or code[:2] in MUNICIPALITIES


def read_mentions(
    text: str, registry: Registry, excluded: list[tuple[int, int]] | None = None
) -> list[Mention]:
    """The region mentions of ``text`` with their contexts and roles read."""
    found = _find_mentions(text, registry, excluded)
    _assign_roles(text, registry, found)
    return found.mentions


def decide_sides(
    text: str,
    registry: Registry,
    on: date | None = None,
    excluded: list[tuple[int, int]] | None = None,
    mentions: list[Mention] | None = None,
) -> Sides:
    """Donor and recipient region codes of the report, most prominent first."""
    if mentions is None:
        mentions = read_mentions(text, registry, excluded)
    roles = _principals(registry, mentions)
    fallback = not roles
    if fallback:
        roles = _fallback_principals(mentions)
    if not roles and AID_CUE.search(text):
        roles = _fallback_principals(_officials_places(text, mentions), evidence=False)
    score: dict[str, float] = defaultdict(float)
    codes = list(roles)
    for code in codes:
        score[code] += sum(ROLE_WEIGHTS.get(r, 0.0) for r in roles[code])
    if fallback and codes and all(registry.tier(c) == 0 for c in codes) and AID_CUE.search(text):
        for code in codes:
            score[code] -= 1  # 我县东西部协作资金下达: a western place alone is the one helped
    pairing_seen = False
    # beside a western party, the central provinces stand with the eastern ones (对口支援 of
    # Tibet and Xinjiang by 黑龙江, 吉林, 湖南…): only the West is helped
    west = any(registry.tier(c) == 0 for c in codes)
    for a in codes:
        for b in codes:
            if a >= b or registry.is_within(a, b) or registry.is_within(b, a):
                continue
            if registry.paired(a, b, on):
                score[a] += 4
                score[b] -= 4
                pairing_seen = True
            elif registry.paired(b, a, on):
                score[b] += 4
                score[a] -= 4
                pairing_seen = True
            tiers = registry.tier(a), registry.tier(b)
            diff = 0 if west and min(tiers) > 0 else tiers[0] - tiers[1]
            score[a] += 2 * diff
            score[b] -= 2 * diff
    _inherit_within(registry, codes, score)
    donors = [c for c in codes if score[c] > 0]
    recipients = [c for c in codes if score[c] < 0]
    if AID_CUE.search(text):
        _fill_a_missing_side(registry, mentions, donors, recipients)
    _add_places(text, registry, mentions, donors, recipients)
    first_seen = {mention.code: mention.start for mention in reversed(mentions)}
    return Sides(_ordered(first_seen, donors), _ordered(first_seen, recipients), pairing_seen)


def _fill_a_missing_side(
    registry: Registry, mentions: list[Mention], donors: list[str], recipients: list[str]
) -> None:
    """With one side known and the other empty, in a report about the programme, the western
    region the report names most is the one helped (福建援疆… 昌吉州), and the eastern one
    the helper: a region of the other standing, named without a role."""
    if bool(donors) == bool(recipients):
        return
    known, missing, tier = (donors, recipients, 0) if donors else (recipients, donors, 2)
    counts: dict[str, int] = defaultdict(int)
    for mention in mentions:
        if (
            mention.evidence
            and registry.tier(mention.code) == tier
            and not any(registry.is_within(mention.code, k) for k in known)
        ):
            counts[mention.code] += 1
    if counts:
        best = max(counts.values())
        top = [c for c in counts if counts[c] == best]
        # the highest level among the most named (a prefecture rather than its county)
        missing.append(min(top, key=lambda c: LEVEL_RANK.get(_level(registry, c), 3)))


TOWN_END = re.compile("[镇乡]")
#: words ending in 镇 or 乡 that name no town (特色小镇, 城乡, 家乡…)
NOT_A_TOWN_END = frozenset(
    "小镇 城镇 乡镇 村镇 古镇 重镇 集镇 名镇 强镇 城乡 家乡 故乡 他乡 异乡 老乡 同乡 下乡 "
    "本乡 返乡 回乡 还乡 思乡 离乡 水乡 侨乡 梓乡 全乡 全镇 该镇 该乡 本镇 各乡 各镇".split()
)
#: what does not begin a town's name: an administrative suffix or a function word before it
NOT_IN_A_TOWN = frozenset("县市区州省旗盟对与和在向为的将了年从把被及等是")
TOWN_WORD_LOGP = -12.0  # a commoner ending (城乡, 乡村) is a word, not a town
MIN_TOWN_MENTIONS = 2


def town_for_missing_side(text: str, sides: Sides, mentions: list[Mention]) -> str | None:
    """The town (镇, 乡) that stands for the side a report about the programme leaves empty:
    the registry holds no towns, and a town may pair with a county (凤岗镇 helping 德江县).
    It is the town named most (at least twice), by a name of two or three characters before
    镇 or 乡 that is no common word, each time without a region before it that locates it
    (德江县合兴镇 lies in 德江县)."""
    if bool(sides.donors) == bool(sides.recipients) or not AID_CUE.search(text):
        return None
    words = word_logp()
    located = {m.end for m in mentions}
    counts: dict[str, int] = defaultdict(int)
    for match in TOWN_END.finditer(text):
        at = match.start()
        name = text[at - 2 : at + 1]
        if at < 2 or not all("\u4e00" <= ch <= "\u9fff" for ch in name[:2]):
            continue
        if words.get(text[at : at + 2], -99.0) > TOWN_WORD_LOGP:
            continue  # 乡村, 乡镇: the character begins a word
        first = text[at - 3 : at - 2]
        if (
            at >= 3
            and "\u4e00" <= first <= "\u9fff"
            and first not in NOT_IN_A_TOWN
            and text.count(first + name) == text.count(name)
        ):
            name = first + name  # a name of three characters (望牛墩镇), always written whole
        if (
            at + 1 - len(name) in located
            or name[-2:] in NOT_A_TOWN_END
            or words.get(name[-2:], -99.0) > TOWN_WORD_LOGP
        ):
            continue
        counts[name] += 1
    named = [name for name, count in counts.items() if count >= MIN_TOWN_MENTIONS]
    if not named:
        return None
    return max(named, key=lambda name: (counts[name], -text.find(name)))


def _level(registry: Registry, code: str) -> str:
    region = registry.get(code)
    return region.level if region else ""


AID_CUE = re.compile(r"东西部(?:扶贫)?协作|对口(?:支援|帮扶)|援(?:疆|藏|青)")


def _fallback_principals(mentions: list[Mention], evidence: bool = True) -> dict[str, set[str]]:
    counts: dict[str, int] = defaultdict(int)
    for mention in mentions:
        if mention.evidence or not evidence:
            counts[mention.code] += 1
    top = sorted(counts, key=lambda c: -counts[c])[:2]
    return {c: set() for c in top}


def _officials_places(text: str, mentions: list[Mention]) -> list[Mention]:
    """The places in the officials' titles (湘西州委副书记、州长某某…,济南市副市长某某讲话),
    each the last of the places that locate it: in a report about the programme that names
    the regions nowhere else, the officials' regions are its sides."""
    out = []
    for k, mention in enumerate(mentions):
        if not TITLE_AFTER.match(text, mention.end):
            continue
        if k + 1 < len(mentions) and mentions[k + 1].start == mention.end:
            continue  # 山东省|济南市委…: the province only locates the city
        out.append(mention)
    return out


def _inherit_within(registry: Registry, codes: list[str], score: dict[str, float]) -> None:
    """A party inside another party takes that party's side."""
    for code in codes:
        for other in codes:
            if other != code and registry.is_within(code, other) and score[other] != 0:
                score[code] = score[other]


def _add_places(
    text: str, registry: Registry, mentions: list[Mention], donors: list[str], recipients: list[str]
) -> None:
    placed = set(donors) | set(recipients)
    # a sentence is known by where it ends (a few of them are read, not every one)
    guests: dict[int, int] = {}  # sentence → where the helped side's delegation is named
    for m in mentions:
        if "visitor" in m.roles and not m.roles & {"host", "helped"} and m.code in recipients:
            guests.setdefault(_sentence_end(text, m.start), m.start)
    learning: dict[int, bool] = {}
    for mention in mentions:
        if not mention.evidence or mention.code in placed:
            continue
        region = registry.get(mention.code)
        if region is None or region.level == PROVINCE:
            continue
        k = _sentence_end(text, mention.start)
        if k not in learning:
            lo = max(text.rfind("。", 0, mention.start), text.rfind("\n", 0, mention.start)) + 1
            learning[k] = bool(LEARNING.search(text, lo, k))
        if learning[k]:
            continue  # places visited to learn from are not places of the work
        if guests.get(k, len(text)) < mention.start:
            continue  # 宁夏党政代表团在福州、厦门考察: where the helped side's delegation went
        for side in (donors, recipients):
            inside = any(registry.is_within(mention.code, p) for p in side if p != mention.code)
            above = any(registry.is_within(p, mention.code) for p in side if p != mention.code)
            other = recipients if side is donors else donors
            if inside or (above and not any(registry.is_within(p, mention.code) for p in other)):
                side.append(mention.code)
                placed.add(mention.code)
                break


LEARNING = re.compile(r"学习(?!贯彻|领会|借鉴)|取经")
SENTENCE_END = re.compile("[。\n]")


def _sentence_end(text: str, at: int) -> int:
    """Where the sentence holding ``text[at]`` (no 。 nor line break) ends."""
    end = SENTENCE_END.search(text, at)
    return end.start() if end else len(text)


def _ordered(first_seen: dict[str, int], codes: list[str]) -> list[str]:
    """``codes`` once each, in the order the report first names them (``first_seen``)."""
    return sorted(dict.fromkeys(codes), key=lambda c: first_seen.get(c, 10**9))


__all__ = [
    "COUNTY",
    "PREFECTURE",
    "Mention",
    "Sides",
    "decide_sides",
    "find_mentions",
    "read_mentions",
]
