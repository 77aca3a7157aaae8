"""The demo meetings carry the seed reports' events, officials and agreements."""

import pytest

from xiezuo.meetings import demo as meetings_demo
from xiezuo.meetings.models import Agreement, Meeting

pytestmark = pytest.mark.django_db


def test_it_loads_the_seed_meetings_once(demo) -> None:
    meetings_demo.load()
    meetings_demo.load()
    jinan = Meeting.objects.get(start_date="2019-06-26")
    assert jinan.type == "joint_meeting" and jinan.pairing == demo["pairings"]["jn-xx"]
    assert jinan.officials.get(role="lead").name == "王忠林"
    assert jinan.officials.get(role="chair").name == "叶红专"
    assert {a.party_b for a in jinan.agreements.all()} == {"湘西州人民政府", "花垣县人民政府"}

    qingdao = Meeting.objects.get(start_date="2016-08-26")
    assert str(qingdao.end_date) == "2016-08-27" and qingdao.officials.count() == 5
    projects = qingdao.agreements.exclude(kind="framework")
    assert projects.count() == 5 and all(str(a.signed_on) == "2016-08-27" for a in projects)

    luzhou = Meeting.objects.get(start_date="2022-12-01")
    signed = luzhou.agreements.all()
    assert {a.title for a in signed} == {"深化干部人才培养交流工作框架协议", "科研用高粱采购合同",
                                         "乌鸡项目运营合作协议", "人才联盟协同发展协议"}
    assert {a.pairing for a in signed} == {demo["pairings"]["jy-yy"], demo["pairings"]["lmt-pg"]}
    assert luzhou.funds_handed_over is None and "2022年对口帮扶资金" in luzhou.funds_note
    assert luzhou.sources.get().published_on.isoformat() == "2022-12-04"


def test_every_demo_record_passes_validation(demo) -> None:
    meetings_demo.load()
    for record in [*Meeting.objects.all(), *Agreement.objects.all()]:
        record.full_clean()
