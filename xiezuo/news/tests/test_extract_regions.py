"""The registry as a gazetteer, and the sides of a pairing."""

from __future__ import annotations

from datetime import date

from xiezuo.news.extract import extract_text
from xiezuo.news.parties import decide_sides, find_mentions, read_mentions
from xiezuo.news.regions import KnownPairing, Registry, build_registry, core_name, default_registry


def _sides(text: str, registry: Registry, on: date | None = None) -> tuple[list[str], list[str]]:
    sides = decide_sides(text, registry, on)
    return [registry.short(c) for c in sides.donors], [registry.short(c) for c in sides.recipients]


def test_core_names_drop_suffixes_and_ethnic_descriptors() -> None:
    assert core_name("湘西土家族苗族自治州", "prefecture") == "湘西"
    assert core_name("积石山保安族东乡族撒拉族自治县", "county") == "积石山"
    assert core_name("甘肃省", "province") == "甘肃"


def test_it_finds_full_short_and_core_names(small_registry: Registry) -> None:
    text = "湘西土家族苗族自治州、湘西州、湘西、积石山县"
    found = [
        (small_registry.short(m.code), text[m.start : m.end])
        for m in find_mentions(text, small_registry)
    ]
    assert found == [
        ("湘西州", "湘西土家族苗族自治州"),
        ("湘西州", "湘西州"),
        ("湘西州", "湘西"),
        ("积石山县", "积石山县"),
    ]


def test_it_resolves_a_shared_name_by_the_places_around_it(small_registry: Registry) -> None:
    mentions = find_mentions("济南市章丘区、市中区", small_registry)
    assert [m.code for m in mentions] == ["370100", "370114", "370103"]


def test_a_mention_in_a_title_or_an_organisation_is_no_evidence(small_registry: Registry) -> None:
    text = "山东省委常委王忠林;山东省商业集团;吉首市好日子家政服务有限公司;菏泽人。"
    assert all(not m.evidence for m in find_mentions(text, small_registry))


def test_a_province_that_locates_a_place_is_no_evidence(small_registry: Registry) -> None:
    mentions = find_mentions("代表团赴湖南省湘西州考察", small_registry)
    assert [(m.code, m.evidence) for m in mentions] == [("430000", False), ("433100", True)]


def test_a_delegation_goes_to_the_recipient(small_registry: Registry) -> None:
    text = "济南市党政代表团赴湖南省湘西州考察,到古丈县考察茶旅项目。"
    assert _sides(text, small_registry) == (["济南"], ["湘西州", "古丈县"])


def test_the_east_helps_the_west_even_when_the_west_visits(small_registry: Registry) -> None:
    text = "甘肃省党政代表团赴山东学习考察,出席鲁甘东西部协作联席会议。"
    assert _sides(text, small_registry) == (["山东"], ["甘肃"])


def test_a_helping_verb_gives_the_sides_within_a_province(small_registry: Registry) -> None:
    assert _sides("青岛携手菏泽打响扶贫攻坚战,青岛帮扶菏泽曹县。", small_registry) == (
        ["青岛"],
        ["菏泽", "曹县"],
    )


def test_provincial_abbreviations_name_a_meeting(small_registry: Registry) -> None:
    assert _sides("闽宁协作第二十六次联席会议召开。", small_registry) == (["福建"], ["宁夏"])


def test_abbreviations_do_not_add_provinces_to_a_city_pairing(small_registry: Registry) -> None:
    text = "济南市党政代表团到临夏州考察,落实鲁甘两省工作要求。"
    assert _sides(text, small_registry) == (["济南"], ["临夏州"])


def test_a_known_pairing_decides_the_sides(small_registry: Registry) -> None:
    registry = build_registry(
        small_registry.regions.values(),
        [KnownPairing("510500", "513400", date(2016, 1, 1), None)],
    )
    assert _sides("泸州凉山对口帮扶工作联席会议召开。", registry, date(2022, 12, 1)) == (
        ["泸州"],
        ["凉山州"],
    )


def test_places_of_the_work_join_their_party(small_registry: Registry) -> None:
    text = "济南市党政代表团到临夏州考察,听取了章丘区—积石山县协作情况,考察临夏市产业园。"
    assert _sides(text, small_registry) == (["济南", "章丘区"], ["临夏州", "积石山县", "临夏市"])


def test_a_meeting_venue_is_not_a_party(small_registry: Registry) -> None:
    text = "广东省党政代表团来川调研。两省在凉山州西昌市举行座谈会,代表团考察了昭觉县。"
    donors, recipients = _sides(text, small_registry)
    assert donors == ["广东"]
    assert "西昌市" not in recipients and "昭觉县" in recipients


def test_the_shipped_registry_covers_the_country() -> None:
    registry = default_registry()
    assert len(registry.regions) > 3000
    assert registry.codes_for("积石山县") == ["622927"]
    assert registry.paired("370100", "622900", date(2022, 1, 1))
    assert not registry.paired("370100", "622900", date(2019, 1, 1))


def test_the_reader_takes_the_pairings_of_the_ledger() -> None:
    from xiezuo.news.clean import clean_text
    from xiezuo.news.extract import Reader

    text = "12月1日,泸州凉山对口帮扶工作联席会议召开。"
    informed = Reader.default([("510500", "513400", date(2016, 1, 1), None)]).read(clean_text(text))
    assert [r["code"] for r in informed["donor_regions"]] == ["510500"]
    assert [r["code"] for r in informed["recipient_regions"]] == ["513400"]


def test_a_pair_written_with_a_middle_dot_names_both_sides() -> None:
    registry = default_registry()
    text = (
        "宁波·凉山劳务协作专场招聘会在布拖县举行。宁波市鄞州区企业带来岗位4200余个,"
        "为到宁波就业的务工人员提供服务。"
    )
    sides = decide_sides(text, registry)
    assert "330200" in sides.donors and "513400" in sides.recipients  # 宁波市, 凉山州


def test_an_abbreviation_pair_acts_on_nothing_after_it() -> None:
    registry = default_registry()
    text = "京蒙协作丰台区—化德县乡村振兴带头人培训班开班,组织学员赴丰台区考察学习。"
    sides = decide_sides(text, registry)
    # neither "蒙协作丰台区" (内蒙古 helping 丰台区) nor a visit to learn makes it a recipient
    assert "110106" not in sides.recipients


def test_a_dateline_and_a_station_are_no_evidence() -> None:
    registry = default_registry()
    text = "新华社银川4月19日电 满载马铃薯的专列从固原火车站驶往福州。"
    mentions = find_mentions(text, registry)
    assert [m.code for m in mentions if m.evidence] == ["350100"]  # 福州市 only


def _default_sides(text: str) -> tuple[list[str], list[str]]:
    return _sides(text, default_registry())


def test_the_province_workers_go_to_is_no_party_when_its_city_acts() -> None:
    text = "2023年,宁波市帮助凉山州农村劳动力转移就业1.2万人,其中到浙江就业8000人。"
    assert _default_sides(text) == (["宁波"], ["凉山州"])
    # no city of 山东 acts: the province that receives the workers stays the donor
    text = "鲁渝协作以来,累计帮助重庆农村劳动力就业5万人,其中到山东就业1万人;山东企业到重庆投资。"
    assert _default_sides(text) == (["山东"], ["重庆"])


def test_the_places_helped_are_read_through_a_locating_chain_and_a_list() -> None:
    text = "某集团向定点帮扶的陕西省咸阳市永寿县、长武县投入帮扶资金3000万元。"
    donors, recipients = _default_sides(text)
    assert donors == []  # an enterprise helps: no donor region
    assert {"永寿县", "长武县"} <= set(recipients)


def test_the_region_that_gives_to_the_one_it_helps_is_the_donor() -> None:
    text = "近日,杭州市西湖区向结对帮扶的黔东南州台江县拨付协作资金500万元。"
    donors, recipients = _default_sides(text)
    assert "西湖区" in donors and "台江县" in recipients


def test_a_region_that_is_helped_to_build_something_is_a_recipient() -> None:
    text = "江苏援青医疗队开展义诊,帮助海北州打造一支医疗人才队伍。"
    assert _default_sides(text) == (["江苏"], ["海北州"])


def test_a_list_of_pairs_is_not_read_as_one_pair() -> None:
    text = "苏州市对口帮扶的铜仁市、无锡市对口帮扶的延安市,都涌现出一批示范项目。"
    assert "无锡" not in _default_sides(text)[1]  # 无锡 helps 延安; it is not helped by 苏州


def test_the_aid_a_county_receives_does_not_make_it_a_helper() -> None:
    registry = default_registry()
    mentions = read_mentions("江苏省安排阿图什市、乌恰县援疆资金3亿元,实施项目40个。", registry)
    roles = {registry.short(m.code): m.roles for m in mentions}
    assert roles["乌恰县"] == {"helped"}


def test_a_region_named_inside_a_place_of_another_province_is_no_evidence() -> None:
    registry = default_registry()
    for text in ("记者走访了疏附县深圳工业园", "走访了英吉沙县济南产业园区"):
        mentions = find_mentions(text, registry)
        assert [m.evidence for m in mentions] == [True, False], text


def test_a_reporters_place_and_a_news_site_are_no_evidence() -> None:
    registry = default_registry()
    for text in ("(记者 王某 和田报道)", "凉山新闻网讯 近日"):
        assert [m.evidence for m in find_mentions(text, registry)] == [False], text


def test_a_province_before_a_likelier_word_is_found() -> None:
    registry = default_registry()
    text = "广东省对口帮扶广西工作队百色工作组组长出席"
    assert "广西" in [registry.short(m.code) for m in find_mentions(text, registry)]


def test_wing_banners_are_known_by_their_short_names() -> None:
    registry = default_registry()
    assert registry.codes_for("察右中旗") == ["150927"]
    assert registry.codes_for("科右前旗") == ["152221"]
    assert registry.codes_for("土左旗") == ["150121"]


def test_a_western_place_alone_under_the_programme_is_helped() -> None:
    text = "近日,康乐县2024年第二批东西部协作资金3200万元已全部下达,用于18个项目。"
    assert _default_sides(text) == ([], ["康乐县"])
    assert _default_sides("康乐县召开春季植树动员会。") == ([], [])


def test_a_meeting_of_the_pair_named_after_a_city_is_the_citys() -> None:
    text = "上海市代表团来我州考察,并召开沪滇协作大理工作座谈会。"
    donors, recipients = _default_sides(text)
    assert donors == ["上海"] and "云南" not in recipients
    donors, recipients = _default_sides("沪滇协作第十次联席会议在昆明召开。")
    assert donors == ["上海"] and recipients == ["云南"]


def test_places_the_helped_sides_delegation_visits_are_not_the_donors() -> None:
    text = "津甘协作联席会议在天津召开。会前,甘肃省党政代表团在滨海新区、武清区考察了企业。"
    donors, recipients = _default_sides(text)
    assert donors == ["天津"] and recipients == ["甘肃"]


def test_a_countys_name_inside_a_quoted_phrase_is_no_mention() -> None:
    registry = default_registry()
    assert find_mentions("打造“金沙港”品牌", registry) == []
    assert len(find_mentions("代表团来到“金沙”", registry)) == 1


def test_a_pairing_contraction_makes_the_provinces_parties_beside_their_cities() -> None:
    text = "近年来,广东省廉江市和广西融水苗族自治县积极推进粤桂东西部协作,共建协作产业园。"
    donors, recipients = _default_sides(text)
    assert set(donors) == {"廉江市", "广东"} and set(recipients) == {"融水县", "广西"}


def test_a_contraction_in_a_slogan_a_wish_or_a_lesson_makes_no_party() -> None:
    for text in (
        "“深化京蒙协作助力乡村振兴”通辽市项目对接会在北京市举行,北京市帮扶通辽市。",
        "北京市帮扶通辽市。通辽市委书记希望进一步密切京蒙协作。",
        "北京市帮扶通辽市,学习借鉴闽宁协作经验。",
    ):
        recipients = _default_sides(text)[1]
        assert "内蒙古" not in recipients and "宁夏" not in recipients, text


def test_a_list_of_provinces_acting_together_names_both_sides() -> None:
    text = "今天,甘肃、福建两省劳动保障部门开行返岗务工专列,当晚抵达福州。"
    assert _default_sides(text) == (["福建"], ["甘肃"])  # 福州 is where the train arrives
    text = "在山东、甘肃两省省委、省政府的坚强领导下,济南市帮扶临夏州。"
    assert _default_sides(text) == (["济南"], ["临夏州"])  # an authority, not a party


def test_central_provinces_helping_tibet_are_donors_beside_eastern_ones() -> None:
    text = "1994年以来,上海市对口援藏项目1582个;黑龙江省对口援藏项目356个;日喀则累计接受援藏项目。"
    donors, recipients = _default_sides(text)
    assert set(donors) == {"上海", "黑龙江"} and recipients == ["日喀则"]


def test_a_zone_is_never_a_party() -> None:
    text = "江苏省援藏以来,拉萨河畔的达孜工业园区入驻300多家企业。江苏帮扶拉萨市。"
    assert _default_sides(text)[1] == ["拉萨"]


def test_a_city_that_only_locates_a_district_is_no_party() -> None:
    text = "北京市与拉萨市城关区深化交流。拉萨市城关区与北京市通州区签署协作协议。"
    recipients = _default_sides(text)[1]
    assert "拉萨市" not in recipients and "城关区" in recipients


def test_the_counties_of_a_list_of_projects_are_no_parties() -> None:
    text = (
        "鲁渝协作项目12个,包括黔江区黑溪镇蛋鸡养殖项目、万州区中药材深加工项目、"
        "石柱县纺织生产加工项目等。"
    )
    assert _default_sides(text) == (["山东"], ["重庆"])
    # a project site the delegation visits is a place of the work
    text = "济南市代表团赴临夏州考察,实地考察了积石山县高原夏菜产业基地。"
    assert "积石山县" in _default_sides(text)[1]


def test_being_praised_by_a_city_is_no_visit_to_it() -> None:
    mentions = read_mentions("江苏援藏项目建设受到拉萨人民群众的好评。", default_registry())
    assert all("host" not in m.roles for m in mentions)


def test_a_city_in_brackets_after_a_region_is_the_venue() -> None:
    text = "新疆昌吉州(福州)招商推介会在福州举行。福建援疆前方指挥部总指挥出席。"
    assert _default_sides(text) == (["福建"], ["昌吉州"])


def test_with_one_side_known_the_region_of_the_other_standing_named_most_is_the_other() -> None:
    text = "福建援疆干部出席。昌吉州投资环境优越,昌吉州特色产品丰富。"
    assert _default_sides(text) == (["福建"], ["昌吉州"])


def test_a_quoted_title_of_the_provinces_own_event_makes_them_parties() -> None:
    text = "6月6日,2025年“津陇共振兴”合作交流大会在兰州新区举行,两省市签约项目58个。"
    assert _default_sides(text) == (["天津"], ["甘肃"])


def test_a_contraction_that_names_a_place_makes_no_party() -> None:
    text = (
        "1月18日,货车驶向对口帮扶陇县的江苏省徐州市铜山区。铜山区帮助陇县建起苏陕工业园,"
        "设立33个苏陕协作消费扶贫专区,陇县积极参加徐州雨润年货大集等活动。"
    )
    assert _default_sides(text) == (["铜山区"], ["陇县"])


def test_the_counties_that_a_batch_of_projects_lists_are_no_parties() -> None:
    text = "鲁渝协作以来,推动万州芦花鸡繁育基地建设、奉节奶牛养殖等一批项目落地实施。"
    assert _default_sides(text) == (["山东"], ["重庆"])


def test_a_town_named_as_the_other_side_is_a_party_without_a_code() -> None:
    text = (
        "5月8日,望牛墩镇党委书记王明率队赴思南县开展东西部协作对接活动。望牛墩镇向思南县捐赠"
        "帮扶资金50万元,双方签订消费协作协议。今年以来,望牛墩镇已帮助销售思南县农产品120万元。"
    )
    record = extract_text(text)
    assert record["donor_regions"] == [{"name": "望牛墩镇", "code": None}]
    assert record["recipient_regions"] == [{"name": "思南县", "code": "520624"}]


def test_no_town_is_taken_where_a_region_locates_it_or_the_word_is_common() -> None:
    located = (
        "近日,德江县东西部协作工作推进会在德江县合兴镇召开。会议要求,德江县合兴镇要做好协作项目"
        "管理,全面推进乡村振兴。德江县将以乡村振兴为目标,建设特色小镇,打造特色小镇品牌。"
    )
    assert extract_text(located)["donor_regions"] == []  # 合兴镇 lies in 德江县
    both = (
        "东莞市与德江县召开东西部协作联席会议。会上,凤岗镇与德江县签订协议。"
        "凤岗镇还将组织企业赴德江县考察。"
    )
    donors = [r["name"] for r in extract_text(both)["donor_regions"]]
    assert donors == ["东莞市"]  # no side is empty


def test_the_aid_of_tibet_and_xinjiang_decides_between_two_western_parties() -> None:
    # 对口支援: 重庆 helps 昌都, 陕西 helps 阿里; both sides stand in the West
    registry = default_registry()
    assert _sides("昌都市与重庆市召开对口支援工作联席会议。", registry) == (["重庆"], ["昌都"])
    assert _sides("阿里地区—陕西省对口援藏工作座谈会召开。", registry) == (["陕西"], ["阿里地区"])


def test_an_aid_pairing_makes_no_contraction() -> None:
    pairs = default_registry().abbreviation_pairs()
    assert "闽宁" in pairs and "苏陕" in pairs and "鲁甘" in pairs
    assert "京藏" not in pairs and "沪疆" not in pairs


def test_a_place_meets_a_list_of_places() -> None:
    registry = default_registry()
    text = "北京市怀柔区与河北省丰宁县、内蒙古自治区兴和县召开帮扶座谈会。"
    assert _sides(text, registry, date(2019, 9, 10)) == (["怀柔区"], ["丰宁县", "兴和县"])
    text = "天津市与甘肃省庆阳市、平凉市召开东西部协作联席会议。"
    assert _sides(text, registry) == (["天津"], ["庆阳", "平凉"])


def test_a_contraction_with_its_two_sides_makes_parties() -> None:
    text = "宁夏党政代表团在福州、厦门考察,闽宁双方举行座谈会。"
    assert _sides(text, default_registry()) == (["福建"], ["宁夏"])


def test_the_place_whose_official_leads_a_delegation_visits() -> None:
    text = "贵州省毕节市委副书记、市长某某率团到广州市考察,广州市委常委、常务副市长某某会见。"
    assert _sides(text, default_registry()) == (["广州"], ["毕节"])


def test_a_city_where_delegations_meet_is_a_venue() -> None:
    text = "江苏省党政代表团在南京会见陕西省代表团。"
    assert _sides(text, default_registry()) == (["江苏"], ["陕西"])


def test_a_bare_name_after_a_common_word_is_read() -> None:
    # 抵达 is a word of its own: the 达 does not join the 南 of 南宁
    assert _sides("广东省党政代表团抵达南宁。", default_registry()) == (["广东"], ["南宁"])


def test_a_county_after_the_places_that_locate_it_is_where_the_delegation_goes() -> None:
    text = "江苏省苏州市吴江区党政代表团一行赴贵州省铜仁市沿河县考察。"
    assert _sides(text, default_registry()) == (["吴江区"], ["沿河县"])


def test_a_province_does_not_locate_the_venue_named_after_a_word() -> None:
    text = "广东省与广西壮族自治区在南宁召开粤桂东西部协作联席会议。"
    assert _sides(text, default_registry()) == (["广东"], ["广西"])


def test_the_official_who_receives_a_delegation_is_the_host() -> None:
    text = "临夏州委书记某某会见了济南市代表团。"
    assert _sides(text, default_registry()) == (["济南"], ["临夏州"])


def test_officials_name_the_sides_when_nothing_else_does() -> None:
    text = "湘西州委副书记、州长某某介绍了东西部扶贫协作工作情况,济南市副市长某某讲话。"
    assert _sides(text, default_registry()) == (["济南"], ["湘西州"])


def test_project_sites_are_no_parties() -> None:
    registry = default_registry()
    text = "东莞市与昭通市召开座谈会。东莞市在昭通市昭阳区投资建设的产业园已入驻企业20家。"
    assert _sides(text, registry) == (["东莞"], ["昭通"])
    text = "广州市党政代表团在毕节市考察,察看了位于贵阳市白云区的毕节产品展销中心。"
    assert _sides(text, registry) == (["广州"], ["毕节"])


def test_a_shared_name_after_the_place_that_locates_it_is_that_places() -> None:
    mentions = find_mentions("广州市代表团察看贵阳市白云区", default_registry())
    assert [m.code for m in mentions][-1] == "520113"


def test_every_official_pairing_has_its_contractions() -> None:
    pairs = default_registry().abbreviation_pairs()
    official = (
        "京蒙 京冀 津甘 津冀 辽黔 沪滇 沪黔 苏陕 苏青 浙川 浙黔 浙吉 浙鄂 闽宁 闽甘 鲁渝 鲁湘 鲁黔 "
        "鲁甘 粤桂 粤川 粤黔 粤滇 津陇 闽陇 鲁陇 苏秦 浙蜀 粤蜀 沪云 粤云"
    ).split()
    assert [c for c in official if c not in pairs] == []
    assert pairs["渝鲁"] == pairs["鲁渝"] == ("370000", "500000")


def test_a_name_shared_with_a_place_within_is_the_place_named_before() -> None:
    # 临夏 is 临夏州 and 临夏市: after 临夏州, the report means the prefecture again
    text = "厦门市援助甘肃省临夏州的30名教师抵达临夏,开始支教工作。"
    assert _default_sides(text) == (["厦门"], ["临夏州"])


def test_a_county_visited_before_a_project_is_a_party() -> None:
    # 到麻栗坡县调研…协作项目: the county is visited, it does not begin a project's name
    text = "上海市援滇干部联络组组长杨某某一行到文山州麻栗坡县调研沪滇协作项目。"
    assert _default_sides(text) == (["上海"], ["麻栗坡县"])


def test_the_region_that_puts_money_into_another_over_a_period_is_the_donor() -> None:
    # 累计向…投入: a summary's adverb before the verb; 援青资金 is the aid Qinghai receives
    text = "2023年以来,江苏省累计向青海省海南州投入援青资金3.2亿元。"
    assert _default_sides(text) == (["江苏"], ["海南州"])


def test_a_list_of_contractions_makes_every_pair_a_party() -> None:
    text = "沪滇、粤滇协作工作推进会在昆明召开。"
    assert _default_sides(text) == (["上海", "广东"], ["云南"])


def test_a_labour_trains_pair_and_the_cities_it_goes_to() -> None:
    # “甘肃—福建”返岗专列: the pair's train; 兰州站 a station; 福州、泉州 where it goes (venues of
    # the helping province, not parties)
    text = "搭载486名务工人员的“甘肃—福建”返岗复工专列从兰州站出发,前往福建福州、泉州等地。"
    assert _default_sides(text) == (["福建"], ["甘肃"])
