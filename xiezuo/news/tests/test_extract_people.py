"""Officials named after their titles."""

from __future__ import annotations

from xiezuo.news.people import find_people


def _names(text: str) -> list[str]:
    return [p.name for p in find_people(text)]


def test_it_reads_names_after_titles() -> None:
    text = (
        "山东省委常委、济南市委书记王忠林率领济南市党政代表团赴湘西州,"
        "湘西州委副书记、州长龙晓华介绍情况。"
    )
    assert _names(text) == ["王忠林", "龙晓华"]
    assert find_people(text)[0].title == "山东省委常委、济南市委书记"


def test_it_reads_lists_after_a_leaders_title() -> None:
    text = "广东省领导任学锋、王伟中、林少春等参加活动。四川省领导曲木史哈、尧斯丹、林书成等参加。"
    assert _names(text) == ["任学锋", "王伟中", "林少春", "曲木史哈", "尧斯丹", "林书成"]


def test_it_reads_four_character_ethnic_names() -> None:
    assert _names("凉山彝族自治州委副书记、州长阿石拉比分段陪同。") == ["阿石拉比"]


def test_it_reads_enterprise_heads() -> None:
    assert _names("山东省商业集团董事长高洪雷,副市长王京文出席。") == ["高洪雷", "王京文"]


def test_it_does_not_take_words_for_names() -> None:
    assert (
        _names("书记强调,要做好工作。始终站在对总书记和党中央负责的高度。政府的领导和管理。") == []
    )


def test_it_skips_reporters_and_editors() -> None:
    assert _names("记者王晓燕报道。编辑李永鑫。") == []


def test_it_reads_transliterated_names_with_a_middle_dot() -> None:
    text = "疏勒县委书记艾尔肯·吐尔逊出席仪式。艾尔肯·吐尔逊表示,将做好服务。"
    assert _names(text) == ["艾尔肯·吐尔逊"]
    assert _names("县长买买提·吐尔洪说,项目进展顺利。") == ["买买提·吐尔洪"]


def test_it_reads_a_name_after_a_note_on_the_title() -> None:
    people = find_people("东乡县委常委、副县长(挂职)李建军主持仪式。")
    assert [(p.name, p.title) for p in people] == [("李建军", "东乡县委常委、副县长")]


def test_it_knows_commanders_and_spokespeople() -> None:
    text = "山东省援疆前方指挥部副总指挥刘德胜出席。省乡村振兴局副局长、新闻发言人韩建勋介绍情况。"
    assert _names(text) == ["刘德胜", "韩建勋"]


def test_it_reads_yi_names_led_by_a_family_name() -> None:
    text = "昭觉县委副书记、县长沙马阿果陪同调研,美姑县副县长曲比尔日出席。"
    assert _names(text) == ["沙马阿果", "曲比尔日"]


def test_a_title_in_a_list_is_not_part_of_a_dotted_name() -> None:
    names = [p.name for p in find_people("州委书记张立新、州长买买提·吾守尔陪同调研。")]
    assert "州长买买提·吾守尔" not in names and "买买提·吾守尔" in names


def test_mongolian_and_tibetan_names_of_four_characters_are_read() -> None:
    names = [p.name for p in find_people("盟委副书记巴特朝鲁,副州长益西措姆出席。")]
    assert names == ["巴特朝鲁", "益西措姆"]


def test_a_title_may_follow_the_name_after_an_organisation() -> None:
    text = "会上,某市扶贫支援办汪兆龙副主任表示,将加大帮扶力度。"
    assert _names(text) == ["汪兆龙"]
    assert find_people(text)[0].title.endswith("扶贫支援办副主任")
    assert _names("中国银行累计向四县派驻挂职干部和驻村第一书记37名。") == []


def test_a_title_in_a_relative_clause_names_the_one_after_it() -> None:
    text = "同样来自某区、目前挂职某县县委常委、副县长的邢军善 , 在当地推进就业扶贫工作。"
    assert _names(text) == ["邢军善"]
    assert _names("这是副县长的要求。") == []


def test_long_organisational_titles_and_a_day_after_the_name() -> None:
    text = "某省对口帮扶支援合作工作领导协调小组成员王志忠2日在拉萨表示,成效明显。"
    assert _names(text) == ["王志忠"]
    assert _names("某某向某市挂职某县团队工作组组长干部陈广利颁发证书。") == ["陈广利"]
    assert _names("代表团成员都认真听取介绍。") == []


def test_a_verb_run_into_the_name_is_not_part_of_it() -> None:
    assert _names("某省援藏前方指挥部总指挥陈静说,将继续支持。") == ["陈静"]
    assert _names("副市长王建华说,将继续支持。") == ["王建华"]


def test_a_name_takes_the_post_that_the_next_sentence_gives_him() -> None:
    text = (
        "援派三年,赵海川已把自己当成了本地人。2021年5月,他的身份从某区发改委副主任变为"
        "某某县县委常委、副县长。此后,他组织企业来县考察。"
    )
    people = find_people(text)
    assert [(p.name, p.title) for p in people] == [("赵海川", "某某县县委常委、副县长")]


def test_no_name_is_taken_for_a_pronoun_without_a_post_or_a_name_before_it() -> None:
    assert find_people("赵海川来到村里。他变为大家的朋友。") == []  # 朋友 is no post
    assert find_people("项目进展顺利。他担任某某县副县长。") == []  # no name before
    assert find_people("赵海川来到村里。\n他担任某某县副县长。") == []  # another paragraph


def test_a_title_never_reaches_back_past_the_name_before_it() -> None:
    text = "农业农村部党组成员黄艳、天津市副市长王秀峰与拉萨市委书记李四出席。"
    assert [(p.name, p.title) for p in find_people(text)] == [
        ("黄艳", "农业农村部党组成员"),
        ("王秀峰", "天津市副市长"),
        ("李四", "拉萨市委书记"),
    ]


def test_a_seconded_cadre_is_an_official() -> None:
    text = "青海省海东市副市长、江苏省无锡市挂职干部王建国说,资金已到位。"
    assert [(p.name, p.title) for p in find_people(text)] == [
        ("王建国", "青海省海东市副市长、江苏省无锡市挂职干部")
    ]


def test_the_words_that_introduce_a_list_of_attendants_are_no_title() -> None:
    text = "出席会议的还有鲁渝协作重庆工作组组长、重庆市乡村振兴局副局长刘洪。"
    title = "鲁渝协作重庆工作组组长、重庆市乡村振兴局副局长"
    assert [p.title for p in find_people(text)] == [title]


def test_heads_of_departments_courts_and_finance_are_officials() -> None:
    text = (
        "国家乡村振兴局综合司司长张明表示,市农业农村局科长王小红介绍,县人民检察院检察长赵刚出席。"
    )
    assert [p.name for p in find_people(text)] == ["张明", "王小红", "赵刚"]


def test_a_verb_that_begins_after_two_characters_ends_the_name() -> None:
    # 陪同 and 来到 begin at the third character: 王锐, not 王锐陪 before 同
    text = "市委副书记、市长王锐陪同考察。县委书记赵某来到现场。副县长刘在平出席。"
    assert _names(text) == ["王锐", "赵某", "刘在平"]


def test_a_name_between_an_organisation_and_its_title_leads_a_delegation() -> None:
    assert _names("北京市扶贫支援办汪兆龙副主任一行到张家口市调研。") == ["汪兆龙"]


def test_a_name_may_end_in_a_places_suffix_before_a_verb() -> None:
    assert _names("台州市委书记李跃旗出席座谈会。副市长张红旗陪同。") == ["李跃旗", "张红旗"]


def test_rarer_surnames_are_known() -> None:
    assert _names("海东市委书记鄂义太说,要把协作推向深入。") == ["鄂义太"]


def test_the_first_character_of_a_verb_is_never_a_names() -> None:
    # 许成 is also a frequent pair of characters: no name rather than 许成陪
    assert "许成陪" not in _names("市委副书记、市长许成陪同考察。")


def test_a_post_in_a_note_between_the_title_and_the_name() -> None:
    text = "东莞市委常委、常务副市长(挂职铜仁市委常委、副市长)黎某某介绍情况。"
    assert _names(text) == ["黎某某"]


def test_a_verb_before_a_title_is_no_part_of_it() -> None:
    people = find_people("凉山州委书记林书成会见了佛山市委书记郑轲一行。")
    assert [(p.name, p.title) for p in people] == [
        ("林书成", "凉山州委书记"), ("郑轲", "佛山市委书记")]
