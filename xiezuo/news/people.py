"""Named officials with their titles: "济南市委书记刘强", "省领导任学锋、王伟中…".

A title ends in an office word (书记, 市长, 主任, 董事长…); the name follows it
and ends where a verb, a particle or punctuation begins. Names are two or three
characters led by a known surname, or up to four for ethnic names that stand
alone between punctuation. Reporters and editors are not officials.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from xiezuo.news.breaks import last_of
from xiezuo.news.lexicon import word_logp

OFFICES = (
    "党组书记|党委书记|党工委书记|副书记|书记|常务副省长|副省长|省长|常务副市长|副市长|市长|副州长|州长|"
    "副县长|县长|副区长|区长|副盟长|盟长|副旗长|旗长|副乡长|乡长|副镇长|镇长|副主任|主任|副主席|主席|"
    "秘书长|副部长|部长|副厅长|厅长|副局长|局长|副处长|处长|副组长|组长|副团长|团长|副队长|队长|"
    "常委|委员|巡视员|调研员|董事长|总经理|副总经理|总裁|副总裁|会长|副会长|理事长|院长|副院长|校长|"
    "副校长|所长|站长|行长|总监|经理|负责人|领导|指挥长|副指挥长|社长|总编辑|第一书记|政委|司令员|"
    "副总理|总理|副主任委员|主任委员|村支书|支书|馆长|园长|副总指挥|总指挥|新闻发言人|发言人|组成员|专员|"
    "副司长|司长|副科长|科长|检察长|庭长|总经济师|总工程师|总会计师|监事长|总干事|"
    "挂职干部|援派干部|援藏干部|援疆干部|援青干部"  # 江苏省无锡市挂职干部王建国说
)


def _by_first_character(words: str) -> str:
    """The alternation ``words`` ("a|b|…") grouped by first character, in the same order
    within each group: at any place only one group can match, and in it the same word as
    in ``words`` does; the regex engine picks the group at once instead of trying every word."""
    groups: dict[str, list[str]] = {}
    for word in words.split("|"):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rest)})" for first, rest in groups.items())


TITLE_WORD = re.compile(f"(?:{_by_first_character(OFFICES)})")
SURNAMES_2 = (
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 "
    "宇文 司徒 夏侯 令狐 端木 独孤 南宫 西门 呼延 万俟 "
    # Yi family names, written before a given name of one or two characters (吉克拉哈)
    "吉克 阿苏 沙马 曲比 海来 吉木 俄木 阿约 勒格 吉伍 瓦扎 阿西 依火 木乃"
).split()
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫"
    "孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童"
    "凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连"
    "芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖"
    "巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权"
    "强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘"
    "亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵩帖竺公展晋铁侍尕达扎格才旦洛央拉多桑卓吾艾买热依沙阿曲习尧"
    "信琚逄衡步弘匡寇禄阙殳沃蔚夔厍晁勾融訾阚简饶毋乜鞠巢蒯荆逯桓仉督帅缑琴归楚汝钦佴谯笪"
    "赖洪阎钮尉弓揭植贝居郗"
    "鄂靖邴郦濮宦贲旷雒郇"
)
#: what a name ends before: a verb or a particle (one of these words), or punctuation
NAME_END_WORDS = (
    "率领|率队|率团|带队|主持|出席|参加|陪同|表示|说|指出|强调|介绍|代表|一行|致辞|讲话|会见|调研|考察|"
    "分段|共同|前往|深入|看望|走访|察看|听取|先后|等|同志|在|到|与|和|及|就|对|为|向|赴|来|也|还|是|"
    "作|做|宣布|通报|汇报|签|见证|会同|担任|分别|回答|希望|要求|提出|带领|率|召集|亲切|详细|一同|同|将|把|"
    "坦言|感慨|透露|告诉|认为|称|谈到|提到|难掩|表态|寄语|叮嘱|嘱咐|鼓励|勉励|感谢|欢迎|回忆|发言|"
    "看到|听到|来到|走进|冒雪|冒雨|带着|一起|专程|亲自|首先|随后|当即|已|曾|正|又|都|"
    "颁发|颁奖|授牌|揭牌|宣读|慰问|签署|签订|部署|接见|会谈|检查|指导|督导|参观|点评|总结|推介"
)
NAME_END = re.compile(  # (asked only whether it matches: the words' order does not matter)
    _by_first_character(NAME_END_WORDS) + r"|[,。、;:!?()“”\"《》\s]|\d|$"
)
EXCLUDED_TITLES = re.compile(r"记者|编辑|通讯员|摄影|作者|责编|主编|审核")
ETHNIC_NAME_CHARS = set(
    "阿木史哈拉比卓玛扎西次仁多吉格桑尼玛才让旦巴索朗顿珠买提热依江艾尔肯古丽努尔曲布"
    "音朝鲁特顺敦宝图雅其"  # Mongolian (白音朝鲁, 巴特尔)
    "益达瓦措央泽登"  # Tibetan (益西达瓦, 泽登措)
)
DOTTED_NAME = re.compile(  # the shortest that a verb, particle or punctuation ends
    rf"[\u4e00-\u9fff]{{1,6}}[·•][\u4e00-\u9fff]{{1,6}}?(?={NAME_END.pattern})"
)
#: a note between a title and the name: "副县长(挂职)李建军", "组长干部陈广利"
TITLE_NOTE = re.compile(r"\((?:挂职|援派|援疆|援藏|援青|兼)\)|干部(?=[\u4e00-\u9fff]{2})")
#: a verb written onto a name, as traditional pages run them together: "陈静説" → 陈静
#: (傅玉就…, 王旭在讲话中, 龚志等: a word after the name, not its third character)
GLUED_VERB = re.compile(r"[说称等讲就也还都又将在到向与对]")
#: the end of an organisation's name, before a name and its title: "扶贫支援办汪兆龙副主任"
ORGANISATION_END = set("办局委厅部院会站所司处室组队署府社校")
#: what follows a title written after the name: a verb of speech or action, or punctuation
AFTER_TITLE = re.compile(
    r"表示|说|介绍|指出|强调|讲话|致辞|出席|主持|参加|陪同|率|一行|带队|等|到|赴|[,。;:]"
)
LIST_SEPARATOR = "、"
LIST_END = re.compile(r"、|等|,|。|;|和|及|同志|$")
PLACE_SUFFIXES = set("区县旗乡镇村市州盟")
BOUNDARY_WORD_LOGP = -14.0
VERY_COMMON_LOGP = -11.5
FUNCTION_CHARS = set("和与及对在为向把被从以于的并")
COMMON_WORD_LOGP = -15.0


@dataclass(frozen=True)
class Person:
    name: str
    title: str
    start: int
    start_of_name: int


_CHINESE_RUN = re.compile(r"[\u4e00-\u9fff]{2,4}")


def _boundary(text: str, pos: int) -> bool:
    """True when a name may end before ``pos``: a verb, a particle, punctuation or a word."""
    if NAME_END.match(text, pos):
        return True
    return word_logp().get(text[pos : pos + 2], -99.0) > BOUNDARY_WORD_LOGP


def _name_at(text: str, pos: int, in_list: bool = False) -> str | None:
    """The person name starting at ``pos``, if one does.

    A transliterated name with a middle dot (艾尔肯·吐尔逊) ended by a verb, particle or
    punctuation comes first; then a name ending before a verb, particle or punctuation;
    a name ending before some other word comes next (three characters before two).
    """
    second = text[pos + 1 : pos + 2]
    if not ("\u4e00" <= text[pos : pos + 1] <= "\u9fff" and (
        "\u4e00" <= second <= "\u9fff" or second in ("·", "•")
    )):
        return None  # a name begins with two Chinese characters, or one and a middle dot
    dotted = DOTTED_NAME.match(text, pos)
    if dotted:  # not a title before the name: "市长艾尔肯·吐尔逊" in a list
        return None if TITLE_WORD.match(dotted.group()) else dotted.group()
    candidates = _candidates(text, pos)
    three = len(candidates) > 1 and len(candidates[0]) == 3
    cut = three and _opens_a_verb(text, pos + 2)  # 王锐陪同: a verb begins at the third
    glued = cut or (three and GLUED_VERB.fullmatch(candidates[0][2]))  # 陈静说
    if in_list:
        if glued:  # 、龚志等: the list ends with the name of two characters
            candidates = [candidates[1], candidates[0], *candidates[2:]]
        for name in candidates:
            end = pos + len(name)
            if (LIST_END.match(text, end) or NAME_END.match(text, end)) and _plausible_in_list(
                name
            ):
                return name
        return None
    if glued and _plausible(candidates[1]):
        return candidates[1]  # 陈静说, 王志忠称
    if cut:  # 许成陪同: whatever the name, it does not take the verb's first character
        candidates = candidates[1:]
    for name in candidates:
        end = pos + len(name)
        if NAME_END.match(text, end) and _plausible(name, verb_after=_opens_a_verb(text, end)):
            return name
    for name in candidates[:2]:
        if name[0] in FUNCTION_CHARS:
            break
        if _boundary(text, pos + len(name)) and _plausible(name, strict=True):
            return name
    return None


#: the words of two characters or more of ``NAME_END_WORDS``
_LONG_NAME_END = re.compile(
    _by_first_character("|".join(w for w in NAME_END_WORDS.split("|") if len(w) >= 2))
)


def _opens_a_verb(text: str, pos: int) -> bool:
    """True when a word of two characters or more that ends a name starts at ``pos``: the
    third character of "王锐陪同" or "赵某来到" begins the verb, it is no part of the name."""
    return _LONG_NAME_END.match(text, pos) is not None


def _candidates(text: str, pos: int) -> list[str]:
    """The names of three, two and four characters that may start at ``pos``: each all
    Chinese characters, at least two (at the end of the text, a longer one is what is left)."""
    run = _CHINESE_RUN.match(text, pos)  # one match, not a test of every character
    if run is None:
        return []
    length = run.end() - pos
    ends_text = run.end() == len(text)
    return [text[pos : pos + n] for n in (3, 2, 4) if n <= length or ends_text]


def _plausible_in_list(name: str) -> bool:
    """A name between "、" separators needs no known surname, only not to be a word."""
    if TITLE_WORD.search(name) or len(name) > 4:
        return False
    return word_logp().get(name, -99.0) < COMMON_WORD_LOGP


def _plausible(name: str, strict: bool = False, verb_after: bool = False) -> bool:
    """A name led by a known surname, not a common word; ``strict`` when its end is unsure,
    ``verb_after`` when a verb of two characters follows it (李跃旗出席: a name of three
    characters may end in a place's suffix there)."""
    if name[:2] in SURNAMES_2 and len(name) in (3, 4):
        return True
    if strict and word_logp().get(name[:2], -99.0) > VERY_COMMON_LOGP:
        return False
    if len(name) == 4:
        return sum(ch in ETHNIC_NAME_CHARS for ch in name) >= 2
    if name[0] not in SURNAMES:
        return sum(ch in ETHNIC_NAME_CHARS for ch in name) >= 2
    if TITLE_WORD.search(name[1:]) or any(w in name for w in ("同志", "一行", "等人")):
        return False
    if name[-1] in PLACE_SUFFIXES and not (verb_after and len(name) == 3):
        return False  # 上海市长宁区: 市长 is no title before a name there, 宁区 no name
    return word_logp().get(name, -99.0) < COMMON_WORD_LOGP


#: words before a title that are no part of it (出席会议的还有…, 会议由…)
_TITLE_LEAD = re.compile(
    r"^[、 ]*(?:(?:出席|参加)[^的]{0,6}的(?:还有|有)|"
    r"由|和|及|以及|与|在|经|当天|随后|期间|会上|会议由|(?:会见|接见|看望|会同|陪同)了?)"
)


#: the stretch up to the last sentence or list boundary (the greedy ``.*`` backtracks from the
#: end: the search runs in the regex engine, not character by character in Python)
_UP_TO_LAST_BOUNDARY = re.compile(r".*[,。;:!?“”\n(）)]", re.DOTALL)


def _title_before(text: str, end: int, floor: int = 0) -> str:
    """The title chain ending at ``end``: back to the last sentence or list boundary, and
    not past ``floor``, the end of the name before it (张三与拉萨市委书记李四: 拉萨市委书记)."""
    start = min(end, max(floor, end - 60))
    boundary = _UP_TO_LAST_BOUNDARY.match(text, start, end)
    if boundary is not None:
        start = boundary.end()
    title = text[start:end]
    title = _TITLE_LEAD.sub("", title)
    return title.strip("、 ")


def _name_before(text: str, start: int) -> str | None:
    """A name written between an organisation and its title: "北京市扶贫支援办汪兆龙副主任"."""
    for length in (3, 2):
        name = text[start - length : start]
        if (
            text[start - length - 1 : start - length] in ORGANISATION_END  # rare: asked first
            and len(name) == length
            and name[0] not in FUNCTION_CHARS
            and all("\u4e00" <= ch <= "\u9fff" for ch in name)
            and _plausible(name, strict=True)
        ):
            return name
    return None


def find_people(text: str) -> list[Person]:
    """Officials named after a title, and the lists that follow "省领导"-style titles; a name
    between an organisation and its title (…办汪兆龙副主任表示), and after a title in a
    relative clause (…挂职某县副县长的邢军善)."""
    people: list[Person] = []
    seen: set[str] = set()
    floor = 0  # the end of the last name found: no title reaches back past it
    for match in TITLE_WORD.finditer(text):
        pos = match.end()
        if text[match.start() - 1 : match.start()] == "的":
            continue
        before = _name_before(text, match.start())
        if before is not None and AFTER_TITLE.match(text, pos) and before not in seen:
            at = match.start() - len(before)
            seen.add(before)
            title = _title_before(text, at, floor) + match.group()
            people.append(Person(before, title, at, at))
            floor = max(floor, pos)
            continue
        note = TITLE_NOTE.match(text, pos)
        if note:
            pos = note.end()
        elif text[pos : pos + 1] == ")" and "(" in text[max(0, match.start() - 30) : pos]:
            pos += 1  # a post in a note: 常务副市长(挂职铜仁市委常委、副市长)黎某某
        relative = text[pos : pos + 1] == "的"
        name = _name_at(text, pos + 1) if relative else _name_at(text, pos)
        if relative:
            if name is None or not _plausible(name, strict=True):
                continue
            pos += 1
        if name is None:
            continue
        title = _title_before(text, match.end(), floor if floor <= match.start() else 0)
        if EXCLUDED_TITLES.search(title[-4:]) or not title:
            continue
        names = [(name, pos)]
        cursor = pos + len(name)
        while text[cursor : cursor + 1] == LIST_SEPARATOR:
            following = _name_at(text, cursor + 1, in_list=True)
            if following is None:
                break
            names.append((following, cursor + 1))
            cursor += 1 + len(following)
        floor = max(floor, cursor)
        for found, at in names:
            if found not in seen:
                seen.add(found)
                people.append(Person(found, title, match.start(), at))
    if "他" in text or "她" in text:
        people.extend(_titled_by_pronoun(text, seen))
    return people


#: a sentence that gives "him" or "her" a post: "2018年8月,他的身份从…变为…县委常委、副县长。"
PRONOUN_POST = re.compile(  # from the pronoun (the regex engine skips ahead to one)
    r"[他她](?:的身份|的职务)?[^。!?\n]{0,40}(?:变为|成为|担任|出任|现任|转任|挂任|挂职|任)"
    r"(?P<title>[^。!?\n,;:、]{1,30}(?:、[^。!?\n,;:、]{1,30})*)\s*(?=[。!?\n]|$)"
)
#: what may stand before the pronoun in its sentence: nothing, or a time ("2018年8月,")
BEFORE_PRONOUN = re.compile(r"\s*(?:[^。!?\n,他她]{1,12}\s*,\s*)?")
_CLAUSE_START = re.compile(r"(?:^|(?<=[,;:]))\s*")


def _titled_by_pronoun(text: str, seen: set[str]) -> list[Person]:
    """A person named in one sentence and given a post in the next by "他"/"她" ("如今,方元升称
    自己为新寻甸人。2018年8月,他的身份从…变为…县委常委、副县长。"): the name that opens a
    clause of the sentence before, the post as the next sentence says it."""
    people: list[Person] = []
    for post in PRONOUN_POST.finditer(text):
        title = post["title"].strip()
        if not TITLE_WORD.search(title[-5:]) or EXCLUDED_TITLES.search(title):
            continue
        opening = last_of(text, "。!?\n", post.start()) + 1
        if not BEFORE_PRONOUN.fullmatch(text, opening, post.start()):
            continue  # the pronoun does not open its sentence
        end = opening
        while end > 0 and text[end - 1].isspace():
            end -= 1
        if end == 0 or text[end - 1] not in "。!?" or "\n" in text[end:opening]:
            continue  # no sentence before it in the paragraph
        start = last_of(text, "。!?\n", end - 1) + 1
        for clause in _CLAUSE_START.finditer(text, start, end):
            name = _name_at(text, clause.end())
            if name is not None and _plausible(name, strict=True):
                if name not in seen:
                    seen.add(name)
                    people.append(Person(name, title, post.start("title"), clause.end()))
                break
    return people
