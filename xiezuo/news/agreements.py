"""Agreements signed at the event: parties and subject.

Three shapes cover most reports: titles in 《》 in a sentence about signing
("见证了A与B《…协议》和C与D《…合同》《…》的签订"), a subject after the verb
("A与B签订了…合作协议", "A与B签订的…协议"), and a subject before it ("…纪要在昆明签署");
signed projects ("A与B签约的…项目") count too, and so does a batch of them ("签约项目25个",
"签下26个扶贫合作项目": "扶贫合作项目(26个)"). Parties named once stay in force for the
agreements that follow without their own; an agreement without parties of its own (or
signed by "两地", "双方") is between the report's two sides, which the extractor fills in.
"8项合作协议" counts agreements that the report names one by one: it is no subject. The
contents a report gives ("协议内容涵盖…等领域") are kept in brackets, as annotators write
them. An agreement printed twice is listed once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from xiezuo.news.breaks import last_of
from xiezuo.news.regions import load_provinces

SIGN = re.compile(r"签订|签署|签约|签字|签下|签定|缔结")
AGREEMENT_NOUN = r"框架协议|合作协议|协议书|协议|合同书|合同|备忘录|意向书|纪要|协定|责任书|承诺书"
TITLED = re.compile(r"《(?P<subject>[^》]{2,60})》")
AFTER_VERB = re.compile(
    rf"(?:签订|签署|签定|签下)(?:了|的)?"
    rf"(?P<subject>(?:“[^,。;《》“”]{{1,12}}”|[^,。;《》:“”]){{0,30}}?"
    rf"(?:{AGREEMENT_NOUN}|项目(?![^,。;《》:“”]{{0,6}}(?:{AGREEMENT_NOUN}))))"
)  # 签订了肉牛养殖项目投资协议: the subject runs to the agreement's noun
#: "签下26个扶贫合作项目": a batch (below), not a subject
BATCH_SUBJECT = re.compile(r"^(?:\d+|[一二两三四五六七八九十]+)个")
BEFORE_VERB = re.compile(
    rf"(?P<subject>[^,。;、《》:“”]{{2,30}}?(?:{AGREEMENT_NOUN}))(?:在[^,。;]{{1,12}})?(?:正式)?(?:签署|签订)"
)
SIGNED_PROJECT = re.compile(r"签约的(?P<subject>[^,。;]{2,80}?项目)")
LEAD_NOISE = re.compile(
    r"^(?:见证了|见证|现场|会上|会议上|活动中|期间|此次|双方|并|还|同时|当天|随后|其中|以及|和|及|与|"
    r"分别为|分别是|包括|分别|"
    r"共同|一起|在[^,。]{0,12}上|上午|下午|晚上|当日|会后|签约仪式上|仪式上|,)+"
)
MAX_PARTY_LEN = 30

# the small patterns of the steps below, compiled once (not looked up at every call)
_SIGNED_AT_END = re.compile(r"(?:正式|共同|现场)?(?:签订|签署|签约|签定|签下)了?$")
_ADVERB_AT_END = re.compile(r"(分别|共同|正式|现场|还|也|将|再|又|一口气|就)$")
_PLACE_AT_END = re.compile(r"(?<=.)在[^、与和及,]{1,10}$")
_LIST_COMMA = re.compile(r"[、,]")
_BRACKETS_AT_END = re.compile(r"[(（][^()（）]*[)）]$")
_TITLE_END = re.compile(rf"(?:{AGREEMENT_NOUN}|框架|方案|计划|项目)$")
_SUBJECT_LEAD = re.compile(r"^(?:了|的|一份|一批|系列|相关)")
_NOUN_AT_END = re.compile(rf"(?:{AGREEMENT_NOUN})$")
_DE_BEFORE_NOUN = re.compile(rf"的(?=(?:{AGREEMENT_NOUN})$)")
_HAVING_AT_END = re.compile(r"(?:共有|共|有)$")
_NOT_IN_KEY = re.compile(r"[\s《》“”\"()()]")


@dataclass
class Agreement:
    parties: list[str]
    subject: str
    start: int
    end: int
    spans: list[tuple[int, int]] = field(default_factory=list)


def _clause_start(text: str, pos: int) -> int:
    return last_of(text, ",。;:!?\n“", pos) + 1


LAST_CUT = re.compile(r"见证了|见证下|见证|仪式上|会上|期间|现场|还|并|同时|其中")


def _cuts(fragment: str) -> list[re.Match[str]]:
    """Where the words before the parties end ("…见证了"); not a word at the very end
    ("某企业与某县现场签约")."""
    end = len(fragment.rstrip())
    return [cut for cut in LAST_CUT.finditer(fragment) if cut.end() < end]


#: what stands before the parties in a lead: a dateline, a reporter's credit, a date, 继
LEAD_PREFIX = re.compile(
    r"^.*?\d{1,2}月\d{1,2}日(?:电|消息|讯)|^.*\((?:记者|通讯员)[^()]*\)|"
    r"^.*?(?:\d{4}年)?\d{1,2}月\d{1,2}日|^继"
)
#: "与", "同", "跟", and "和" that does not begin a name in a list ("、和平之君社会服务中心")
PARTY_SPLIT = re.compile(r"与|同|跟|(?<!、)和")


#: the time of an earlier signing around its parties: "此前两地已于2021年(签订了…)"
EARLIER_TAIL = re.compile(r"(?:已|曾|就)?(?:于|在)?(?:\d{4}年)?(?:\d{1,2}月)?(?:\d{1,2}日)?$")
EARLIER_LEAD = re.compile(r"^(?:此前|之前|早在|先前|已|曾)+")
#: a word written onto the last name of a list: "5家企业分别与德江县"
TRAILING_WORD = re.compile(r"(?:分别|共同|正式|现场|一起|也|还)$")


def _parties(fragment: str) -> list[str]:
    """The parties named in ``fragment`` (the lead of a signing), each a name: a list
    "美菜网、红日药业与泾川县" gives three; what is no name (a verb, "…工作") is left out."""
    cuts = _cuts(fragment)
    if cuts:
        fragment = fragment[cuts[-1].end() :]
    while True:
        stripped = LEAD_PREFIX.sub("", fragment.strip(), count=1)
        if stripped == fragment.strip():
            break
        fragment = stripped
    fragment = LEAD_NOISE.sub("", fragment.strip())
    fragment = _SIGNED_AT_END.sub("", fragment)
    fragment = _ADVERB_AT_END.sub("", fragment)
    fragment = _PLACE_AT_END.sub("", fragment)  # …与重庆市在重庆(签署)
    if not fragment or len(fragment) > 2 * MAX_PARTY_LEN:
        return []
    fragment = EARLIER_LEAD.sub("", EARLIER_TAIL.sub("", fragment))
    parts = [p.strip() for p in PARTY_SPLIT.split(fragment) if p.strip()]
    names = [TRAILING_WORD.sub("", n.strip()) for part in parts for n in part.split("、")]
    names = [n for n in names if n]
    names = [n for n in names if 1 < len(n) <= MAX_PARTY_LEN and not NOT_A_PARTY.search(n)]
    return names[:6]


def _party_groups(fragment: str) -> list[list[str]]:
    """ "A与B、C与D分别" → [[A, B], [C, D]]; otherwise one group."""
    cuts = _cuts(fragment)
    if cuts:
        fragment = fragment[cuts[-1].end() :]
    pieces = [p for p in _LIST_COMMA.split(fragment) if p]
    if len(pieces) > 1 and all(PARTY_SPLIT.search(p) for p in pieces):
        groups = [_parties(p) for p in pieces]
        return [g for g in groups if len(g) >= 2]
    return [_parties(fragment)]


def _is_agreement_title(subject: str) -> bool:
    subject = _BRACKETS_AT_END.sub("", subject)
    return bool(_TITLE_END.search(subject))


def _titled(text: str, sentences: list[tuple[int, str]]) -> list[Agreement]:
    found: list[Agreement] = []
    for sentence_start, sentence in sentences:
        if "《" not in sentence:
            continue
        parties: list[str] = []
        cursor = 0
        for match in TITLED.finditer(sentence):
            subject = match.group("subject")
            if not _is_agreement_title(subject):
                continue
            lead = sentence[max(cursor, _clause_start(sentence, match.start())) : match.start()]
            groups = [g for g in _party_groups(lead) if g]
            if groups and (len(groups[0]) >= 2 or not parties):
                parties_list = groups
            elif parties:
                parties_list = [parties]
            else:
                parties_list = [[]]
            parties = parties_list[-1]
            start, end = sentence_start + match.start(), sentence_start + match.end()
            for group in parties_list:
                found.append(Agreement(list(group), subject, start, end, [(start, end)]))
            cursor = match.end()
    return found


_SENTENCE_END = re.compile(r"[。!?\n]")


def _sentences(text: str) -> list[tuple[int, str]]:
    """(start, sentence) of the sentences that speak of signing, in order."""
    out: list[tuple[int, str]] = []
    end = 0
    for sign in SIGN.finditer(text):
        if sign.start() < end:
            continue  # in the sentence just taken
        start = last_of(text, "。!?\n", sign.start()) + 1
        close = _SENTENCE_END.search(text, sign.start())
        end = close.end() if close else len(text)
        out.append((start, text[start:end]))
    return out


#: what every BEFORE_VERB match holds: an agreement's noun (its longer forms hold these) and
#: the verb after it
_NOUN_WORD = re.compile(r"协议|合同|备忘录|意向书|纪要|协定|责任书|承诺书")
_SIGNED_AFTER_NOUN = re.compile(r"签署|签订")


def _may_sign_before(text: str, lo: int, hi: int) -> bool:
    """False when ``text[lo:hi]`` cannot hold a subject written before its verb, which
    BEFORE_VERB would otherwise try at every character, with every noun, at every length."""
    return bool(_NOUN_WORD.search(text, lo, hi) and _SIGNED_AFTER_NOUN.search(text, lo, hi))


def _untitled(
    text: str,
    taken: list[tuple[int, int]],
    sentences: list[tuple[int, str]],
    counted_only: list[Agreement] | None = None,
) -> list[Agreement]:
    """Agreements written without 《》; ``counted_only`` gets those only counted ("8项合作协议"),
    which stand for themselves when the report names no agreement one by one."""
    found: list[Agreement] = []
    last_parties: list[str] = []
    signing = [(s, s + len(sentence)) for s, sentence in sentences]
    matches = [
        (pattern, match)
        for pattern in (AFTER_VERB, BEFORE_VERB, SIGNED_PROJECT)
        for lo, hi in signing
        if pattern is not BEFORE_VERB or _may_sign_before(text, lo, hi)
        for match in pattern.finditer(text, lo, hi)
    ]
    for pattern, match in matches:
        span = match.span("subject")
        if any(s < span[1] and span[0] < e for s, e in taken):
            continue
        if BATCH_SUBJECT.match(match.group("subject")):
            continue
        cleaned = _clean_subject(
            _SUBJECT_LEAD.sub("", match.group("subject")).strip()
        )
        if cleaned is None:
            taken.append(span)  # "8项合作协议": a count, whose figure stays a count
            counted = COUNTED.match(match.group("subject").lstrip("了的"))
            if counted is not None and counted_only is not None:
                lead = text[_clause_start(text, match.start()) : match.start()]
                noun = match.group("subject").lstrip("了的")[counted.end() :]
                subject = f"{noun}({counted.group()})"
                # no spans: its figure stays a count of the report (8项), the record beside it
                counted_only.append(Agreement(_parties(lead), subject, span[0], span[1], []))
            continue
        subject = cleaned + _details(text, match.end())
        if len(subject) < 2 or subject in ("协议", "合同"):
            counted = COUNTED_BEHIND.match(text, span[1])
            if counted is not None and counted_only is not None:  # 共签署协议18份
                lead = text[_clause_start(text, match.start()) : match.start()]
                counted_only.append(
                    Agreement(_parties(lead), f"{subject}({counted.group()})", *span, [])
                )
            continue
        clause_from = _clause_start(text, match.start())
        # after the agreement just before in the same clause: "…签订的A协议和C与D签订的B协议"
        before = [e for _, e in taken if clause_from <= e <= match.start()]
        clause_from = max([clause_from, *before])
        lead = text[clause_from : match.start()]
        if pattern is BEFORE_VERB:
            lead = ""
        groups = _party_groups(lead) if lead else [[]]
        for parties in groups:
            if len(parties) == 1 and lead.lstrip().startswith(("与", "和", "同")) and last_parties:
                parties = [last_parties[0], *parties]
            if parties:
                last_parties = parties
            found.append(Agreement(parties, subject, span[0], span[1], [span]))
        taken.append(span)
        at = span[1]
        # 签订劳务协作协议、消费帮扶协议等5份协议: each of the list is an agreement
        while _NOUN_AT_END.search(subject) and (
            listed := LISTED_NEXT.match(text, at)
        ):
            more = listed.span("subject")
            if any(s < more[1] and more[0] < e for s, e in taken):
                break
            found.append(Agreement(list(groups[-1]), listed["subject"], *more, [more]))
            taken.append(more)
            at = more[1]
    return found


#: the next of a list of agreements: "…协议、消费帮扶协议等"
LISTED_NEXT = re.compile(
    rf"[、和及](?P<subject>[^,。;、《》“”\d等]{{2,20}}?(?:{AGREEMENT_NOUN}))(?=[、,。;等和及]|$)"
)
#: a count written after a generic noun: "协议18份"
COUNTED_BEHIND = re.compile(r"(?:\d+|[一二两三四五六七八九十]+)[份项个]")


#: a count before the subject: "8项合作协议", "多项深度合作的协议"
COUNTED = re.compile(r"^(?P<n>\d+|[一二两三四五六七八九十]+|多)[项份]")
GENERIC = re.compile(rf"^(?:合作|帮扶|协作|相关)?(?:{AGREEMENT_NOUN})$")
DETAILS_AFTER = re.compile(
    r"[,,]?(?:协议)?(?:内容)?(?:涵盖|涉及|包括)(?P<items>[^,。;]{2,60}?)等(?:[^,。;]{0,8})?(?=[,。;]|$)"
)
#: 签约项目25个, 签约协作项目35个, 签下26个扶贫合作项目, 签约12个项目
BATCH = re.compile(
    r"签(?:约|下|订)了?(?:"
    r"(?P<q1>[^\d,。;、]{0,8}?)项目(?P<n1>\d+)个"
    r"|(?P<n2>\d+)个(?P<q2>[^\d,。;、]{0,8}?)项目)"
)
#: 共有18个项目签约, 12个项目现场签约: the batch before its verb
BATCH_BEFORE = re.compile(
    r"(?P<n2>\d+)个(?P<q2>[^\d,。;、]{0,8}?)项目(?:成功|集中|现场|当场|正式)?(?:签约|签下|签订)"
)
LISTED_AFTER = re.compile(r"[,,:]?(?:分别是|分别为|具体是|具体为|如下|——|:)")
SUB_BATCH = re.compile(r"[,,]其中(?P<q>[^\d,。;、]{1,8}?)项目(?P<n>\d+)个")
QUALIFIER = re.compile(r"(?P<q>[\u4e00-\u9fff]{2,8}?(?:合作|协作|扶贫|帮扶|产业))项目")
QUALIFIER_NOISE = re.compile(r"^(?:个|了|的|等|和|与|及|批|其中|共|会上|现场)+")
#: words for both sides at once: the agreement is between the report's two sides
BOTH_SIDES = re.compile(
    r"^(?:两地|双方|两省区?|两市|两州|两县|两区)(?:政府|党委)?(?:及|和|与)?(?:企业)?$"
)
NOT_A_PARTY = re.compile(r"签订|签署|签约|签定|签下|举行|举办|开展|推进|工作$|了$|^的|^就|^在|^对")


def _clean_subject(subject: str) -> str | None:
    """The subject without a leading count and "的" before its noun; None for a count of
    agreements the report names one by one ("8项合作协议")."""
    counted = COUNTED.match(subject)
    if counted:
        subject = subject[counted.end() :]
    subject = _DE_BEFORE_NOUN.sub("", subject)
    if counted and GENERIC.match(subject):
        return None
    return subject


def _details(text: str, end: int) -> str:
    """ "(农畜产品加工、冷链物流)" from "…协议,协议内容涵盖农畜产品加工、冷链物流等多个领域"."""
    match = DETAILS_AFTER.match(text, end)
    return f"({match['items']})" if match else ""


#: a batch counted over a period is a figure of a summary, not a signing at the event
PERIOD_BEFORE = re.compile(r"以来|累计|截至|截止|年来|全年|今年")


def _batches(text: str) -> list[Agreement]:
    found: list[Agreement] = []
    matches = [*BATCH.finditer(text), *BATCH_BEFORE.finditer(text)]
    for match in sorted(matches, key=lambda m: m.start()):
        lead = text[_clause_start(text, match.start()) : match.start()]
        if LISTED_AFTER.match(text, match.end()):
            continue  # 5个合作项目签约,分别是——…: the projects are named one by one
        if match.re is BATCH_BEFORE:
            lead = _HAVING_AT_END.sub("", lead)
        sentence_start = last_of(text, "。\n", match.start()) + 1
        if PERIOD_BEFORE.search(text, sentence_start, match.start()):
            continue  # 今年以来,…新签约项目12个
        first = match.re is BATCH and match["n1"]
        qualifier = (match["q1"] if first else match["q2"]) or ""
        number = match["n1"] if first else match["n2"]
        parties = _parties(lead)
        sub = SUB_BATCH.match(text, match.end())
        if sub:  # 共签约协作项目35个,其中鲁渝协作项目12个: the pairing's own batch
            qualifier, number, parties = sub["q"], sub["n"], []
        qualifier = QUALIFIER_NOISE.sub("", qualifier)
        if not qualifier:  # 确定了45个京蒙合作项目,会上签约项目25个
            lo = _clause_start(text, match.start())
            earlier = list(QUALIFIER.finditer(text, sentence_start, lo))
            qualifier = QUALIFIER_NOISE.sub("", earlier[-1]["q"]) if earlier else "签约"
        details = DETAILS_AFTER.match(text, sub.end() if sub else match.end())
        extra = f",{details['items']}" if details else ""  # 涵盖产业帮扶、消费帮扶等领域
        subject = f"{qualifier}项目({number}个{extra})"
        parties = parties if len(parties) >= 2 else []  # else the report's two sides
        found.append(Agreement(parties, subject, match.start(), match.end(), []))
    return found


#: documents counted in a signing: "签约5个项目和2份供销消费战略合作协议"
COUNTED_DOCUMENTS = re.compile(
    rf"(?:\d+|[一二两三四五六七八九十]+)份(?P<subject>[^,。;、《》“”]{{2,30}}?(?:{AGREEMENT_NOUN}))"
)


#: documents counted after their subject, in a list: "签订东西部协作协议7份、项目投资协议12个"
COUNTED_AFTER = re.compile(
    rf"[、和及](?P<subject>[^,。;、《》“”\d]{{2,20}}?(?:{AGREEMENT_NOUN}))"
    r"(?:\d+|[一二两三四五六七八九十]+)[份个项]"
)


def _counted_documents(
    sentences: list[tuple[int, str]], taken: list[tuple[int, int]]
) -> list[Agreement]:
    found = []
    for start, sentence in sentences:
        for match in (*COUNTED_DOCUMENTS.finditer(sentence), *COUNTED_AFTER.finditer(sentence)):
            lo, hi = start + match.start("subject"), start + match.end("subject")
            if not any(s < hi and lo < e for s, e in taken):
                found.append(Agreement([], match["subject"], lo, hi, []))
    return found


def _key(subject: str) -> str:
    return _NOT_IN_KEY.sub("", subject)


def _tidy(agreement: Agreement) -> Agreement:
    parties = [p for p in agreement.parties if not NOT_A_PARTY.search(p)]
    if len(parties) == 1 and BOTH_SIDES.match(parties[0]):
        parties = []
    agreement.parties = parties
    return agreement


def find_agreements(text: str) -> list[Agreement]:
    """Agreements signed at the event, in reading order, each listed once."""
    sentences = _sentences(text)
    if not sentences:
        return []
    titled = _titled(text, sentences)
    taken = [span for a in titled for span in a.spans]
    counted_only: list[Agreement] = []
    untitled = _untitled(text, taken, sentences, counted_only)
    counted = _counted_documents(sentences, taken)
    batches = _batches(text)
    # a batch's words read as an agreement of their own (签订产业合作项目8个) are the batch
    untitled = [a for a in untitled if not any(b.start <= a.start and a.end <= b.end
                                               for b in batches)]
    found = sorted(titled + untitled + counted + batches, key=lambda a: a.start)
    if not found:  # 签订8项合作协议 and none named one by one: the eight as one record
        found = counted_only
    out: list[Agreement] = []
    keys: list[str] = []  # of ``out``, in order
    for agreement in map(_tidy, found):
        key = _key(agreement.subject)
        same = next((a for a, k in zip(out, keys, strict=True) if k == key), None)
        if same is None or _different_parties(same, agreement):
            out.append(agreement)
            keys.append(key)
        elif not same.parties:
            same.parties = agreement.parties  # the same agreement, its parties named again
    return out


def _different_parties(a: Agreement, b: Agreement) -> bool:
    """Two mentions of one subject are two agreements when both name their parties and
    neither names only some of the other's (福州市与固原市、厦门市与吴忠市分别签订了结对
    协作协议; a company's project with 单县 and the same with 巨野县)."""
    x, y = _expanded(a.parties), _expanded(b.parties)
    return bool(x and y and not _names_all(x, y) and not _names_all(y, x))


def _expanded(parties: list[str]) -> list[str]:
    """The parties with a contraction of two provinces (鲁渝) written as the two (山东, 重庆)."""
    shorts = _province_shorts()
    out: list[str] = []
    for party in parties:
        if len(party) == 2 and all(ch in shorts for ch in party):
            out.extend(shorts[ch] for ch in party)
        else:
            out.append(party)
    return out


def _names_all(x: list[str], y: list[str]) -> bool:
    """True when every party of ``x`` is one of ``y`` (山东 is 山东省)."""
    return all(any(p.startswith(q) or q.startswith(p) for q in y) for p in x)


@cache
def _province_shorts() -> dict[str, str]:
    return {a: p.short for p in load_provinces().values() for a in p.abbreviations}
