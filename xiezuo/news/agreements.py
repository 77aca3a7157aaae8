"""Agreements signed at the event: parties and subject.

Three shapes cover most reports: titles in 《》 in a sentence about signing
("见证了A与B《…协议》和C与D《…合同》《…》的签订"), a subject after the verb
("A与B签订了…合作协议"), and a subject before it ("…纪要在昆明签署"); signed
projects ("A与B签约的…项目") count too. Parties named once stay in force for the
agreements that follow without their own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SIGN = re.compile(r"签订|签署|签约|签字|签下|签定|缔结")
AGREEMENT_NOUN = r"框架协议|合作协议|协议书|协议|合同书|合同|备忘录|意向书|纪要|协定|责任书|承诺书"
TITLED = re.compile(r"《(?P<subject>[^》]{2,60})》")
AFTER_VERB = re.compile(
    rf"(?:签订|签署|签定|签下)(?:了)?"
    rf"(?P<subject>(?:“[^,。;《》“”]{{1,12}}”|[^,。;、《》:“”]){{0,30}}?(?:{AGREEMENT_NOUN}))"
)
BEFORE_VERB = re.compile(
    rf"(?P<subject>[^,。;、《》:“”]{{2,30}}?(?:{AGREEMENT_NOUN}))(?:在[^,。;]{{1,12}})?(?:正式)?(?:签署|签订)"
)
SIGNED_PROJECT = re.compile(r"签约的(?P<subject>[^,。;]{2,80}?项目)")
PARTY_SPLIT = re.compile(r"与|和|同|跟")
LEAD_NOISE = re.compile(
    r"^(?:见证了|见证|现场|会上|会议上|活动中|期间|此次|双方|并|还|同时|当天|随后|其中|以及|和|及|与|分别|"
    r"共同|一起|在[^,。]{0,12}上|上午|下午|晚上|当日|会后|签约仪式上|仪式上|,)+"
)
MAX_PARTY_LEN = 30


@dataclass
class Agreement:
    parties: list[str]
    subject: str
    start: int
    end: int
    spans: list[tuple[int, int]] = field(default_factory=list)


def _clause_start(text: str, pos: int) -> int:
    return max(text.rfind(p, 0, pos) for p in ",。;:!?\n“") + 1


LAST_CUT = re.compile(r"见证了|见证下|见证|仪式上|会上|期间|现场|还|并|同时|其中")


def _parties(fragment: str) -> list[str]:
    cuts = list(LAST_CUT.finditer(fragment))
    if cuts:
        fragment = fragment[cuts[-1].end() :]
    fragment = LEAD_NOISE.sub("", fragment.strip())
    fragment = re.sub(r"(分别|共同|正式|现场|还|也|将)$", "", fragment)
    if not fragment or len(fragment) > 2 * MAX_PARTY_LEN:
        return []
    parts = [p.strip() for p in PARTY_SPLIT.split(fragment) if p.strip()]
    if len(parts) < 2:
        return parts if parts and len(parts[0]) <= MAX_PARTY_LEN else []
    return [p for p in parts[:4] if 1 < len(p) <= MAX_PARTY_LEN]


def _party_groups(fragment: str) -> list[list[str]]:
    """ "A与B、C与D分别" → [[A, B], [C, D]]; otherwise one group."""
    cuts = list(LAST_CUT.finditer(fragment))
    if cuts:
        fragment = fragment[cuts[-1].end() :]
    pieces = [p for p in re.split(r"[、,]", fragment) if p]
    if len(pieces) > 1 and all(PARTY_SPLIT.search(p) for p in pieces):
        groups = [_parties(p) for p in pieces]
        return [g for g in groups if len(g) >= 2]
    return [_parties(fragment)]


def _is_agreement_title(subject: str) -> bool:
    subject = re.sub(r"[(（][^()（）]*[)）]$", "", subject)
    return bool(re.search(rf"(?:{AGREEMENT_NOUN}|框架|方案|计划|项目)$", subject))


def _titled(text: str) -> list[Agreement]:
    found: list[Agreement] = []
    for sentence_start, sentence in _sentences(text):
        if "《" not in sentence or not SIGN.search(sentence):
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
    out: list[tuple[int, str]] = []
    if not SIGN.search(text):
        return out
    start = 0
    for match in _SENTENCE_END.finditer(text):
        out.append((start, text[start : match.end()]))
        start = match.end()
    if start < len(text):
        out.append((start, text[start:]))
    return out


def _untitled(text: str, taken: list[tuple[int, int]]) -> list[Agreement]:
    found: list[Agreement] = []
    last_parties: list[str] = []
    signing = [(s, s + len(sentence)) for s, sentence in _sentences(text) if SIGN.search(sentence)]
    matches = [
        (pattern, match)
        for pattern in (AFTER_VERB, BEFORE_VERB, SIGNED_PROJECT)
        for lo, hi in signing
        for match in pattern.finditer(text, lo, hi)
    ]
    for pattern, match in matches:
        span = match.span("subject")
        if any(s < span[1] and span[0] < e for s, e in taken):
            continue
        subject = re.sub(r"^(?:了|一份|一批|多项|系列|相关)", "", match.group("subject")).strip()
        if len(subject) < 2 or subject in ("协议", "合同"):
            continue
        clause_from = _clause_start(text, match.start())
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
    return found


def find_agreements(text: str) -> list[Agreement]:
    """Agreements signed at the event, in reading order."""
    titled = _titled(text)
    taken = [span for a in titled for span in a.spans]
    found = titled + _untitled(text, taken)
    return sorted(found, key=lambda a: a.start)
