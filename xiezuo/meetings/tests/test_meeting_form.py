"""A meeting entered with its officials, agreements and source reports on one page."""

from decimal import Decimal

import pytest

from xiezuo.ledgers.testing import url
from xiezuo.meetings.ledger import AgreementLedger, MeetingLedger
from xiezuo.meetings.models import Agreement, Meeting, Official, Source

pytestmark = pytest.mark.django_db


def formset(prefix, *rows, initial=0):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": str(initial),
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}
    for i, row in enumerate(rows):
        data.update({f"{prefix}-{i}-{k}": v for k, v in row.items()})
    return data


def agreement(title, signed_on="", amount="", **extra):
    return {"title": title, "kind": "cooperation", "party_a": "济南市市中区",
            "party_b": "临夏市", "signed_on": signed_on, "amount_0": amount,
            "amount_1": "wan", **extra}


def meeting(officials=(), agreements=(), sources=(), **changes):
    data = {"type": "joint_meeting", "title": "市中区—临夏市2024年东西部协作联席会议",
            "start_date": "2024-04-18", "end_date": "2024-04-19", "place": "临夏市",
            "region": "临夏市", "pairing": "", "direction": "to_recipient",
            "summary": "总结2023年工作，部署2024年重点任务", "funds_handed_over_0": "",
            "funds_handed_over_1": "wan", "funds_note": "", "notes": ""}
    data.update(changes)
    data.update(formset("official", *officials))
    data.update(formset("agreement", *agreements))
    data.update(formset("source", *sources))
    return data


def errors_of(r):
    return r.context["form"].errors, [(b.inline.prefix, f.errors) for b in r.context["inlines"]
                                      for f in b.formset if f.errors]


def test_it_records_a_meeting_with_its_officials_agreements_and_reports(login, demo) -> None:
    client = login("linxiashi_entry")
    r = client.post(url(MeetingLedger, "create"), meeting(
        officials=[{"side": "donor", "name": "王强", "title": "市中区委书记", "role": "lead"},
                   {"side": "recipient", "name": "马军", "title": "临夏市委书记",
                    "role": "chair"},
                   {"side": "", "name": "", "title": "", "role": "attend"}],  # a blank row
        agreements=[agreement("2024年度东西部协作协议", amount="3000"),
                    agreement("劳务协作协议", "2024-04-19")],
        sources=[{"title": "市中区党政代表团赴临夏市对接东西部协作工作", "publisher": "临夏日报",
                  "published_on": "2024-04-20", "url": "https://example.org/news/1"}]))
    assert r.status_code == 302, errors_of(r)
    m = Meeting.objects.get()
    assert m.pairing == demo["pairings"]["szq-lxs"]
    assert [o.name for o in m.officials.all()] == ["王强", "马军"]
    first, second = m.agreements.order_by("signed_on", "id")
    # agreements take the meeting's pairing and region, and its date when none is given
    assert (first.pairing, first.region, str(first.signed_on)) == (m.pairing, m.region,
                                                                   "2024-04-18")
    assert first.amount == Decimal("30000000") and str(second.signed_on) == "2024-04-19"
    assert Source.objects.get().meeting == m
    [row] = client.get(url(MeetingLedger, "list")).context["page"].object_list
    assert (row.official_count, row.agreement_count) == (2, 2)
    page = client.get(url(MeetingLedger, "detail", m.pk)).content.decode()
    assert "临夏市委书记" in page and "劳务协作协议" in page and "临夏日报" in page
    # the agreements are a ledger of their own too
    listed = client.get(url(AgreementLedger, "list")).context["page"].object_list
    assert {a.title for a in listed} == {"2024年度东西部协作协议", "劳务协作协议"}


@pytest.mark.parametrize(("changes", "agreements", "where", "message"), [
    ({"end_date": "2024-04-01"}, [], "end_date", "结束日期不能早于开始日期"),
    ({"funds_handed_over_0": "0"}, [], "funds_handed_over", "应大于零"),
    ({}, [agreement("协议", "2024-05-01")], "signed_on", "日期之内"),
    ({}, [agreement("协议", party_b="济南市市中区")], "party_b", "不能相同"),
    ({}, [agreement("协议", amount="3000", amount_1="yuan2")], "amount", "有效的选项"),
    ({}, [agreement("")], "title", "必填"),
])
def test_it_refuses_bad_input_and_saves_nothing(login, demo, changes, agreements, where,
                                                message) -> None:
    r = login("linxiashi_entry").post(url(MeetingLedger, "create"),
                                      meeting(agreements=agreements, **changes))
    assert r.status_code == 200
    assert message in str(errors_of(r)), errors_of(r)
    assert not Meeting.objects.exists() and not Agreement.objects.exists()
    assert not Official.objects.exists()


def test_rows_are_changed_and_removed_on_the_meeting_page(login, make) -> None:
    m = make[MeetingLedger]("linxia", "")
    official = m.officials.get()
    signed = m.agreements.get()
    client = login("linxiashi_entry")
    form = client.get(url(MeetingLedger, "edit", m.pk)).content.decode()
    assert 'name="official-0-name"' in form and "__prefix__" in form
    data = meeting(title=m.title, start_date="2023-06-01", end_date="")
    data.update(formset("official", {"id": str(official.pk), "side": "donor", "name": "王强",
                                     "title": "市中区委副书记", "role": "lead"}, initial=1))
    data.update(formset("agreement", {**agreement("年度协作协议", "2023-06-01"),
                                      "id": str(signed.pk), "DELETE": "on"}, initial=1))
    r = client.post(url(MeetingLedger, "edit", m.pk), data)
    assert r.status_code == 302, errors_of(r)
    assert m.officials.get().title == "市中区委副书记"
    assert not Agreement.objects.exists()
    log = m.history.first()
    assert set(log.changes) >= {"出席领导", "签约协议"}


def test_an_agreement_on_its_own_needs_a_date_and_fits_its_meeting(login, make) -> None:
    m = make[MeetingLedger]("linxia", "")
    client = login("linxiashi_entry")
    data = {"title": "消费帮扶合作协议", "kind": "cooperation", "party_a": "甲方",
            "party_b": "乙方",
            "meeting": "", "signed_on": "", "amount_0": "", "amount_1": "wan",
            "region": "临夏市", "pairing": "", "notes": ""}
    r = client.post(url(AgreementLedger, "create"), data)
    assert "签约日期" in str(r.context["form"].errors)
    r = client.post(url(AgreementLedger, "create"), {**data, "meeting": str(m.pk)})
    assert r.status_code == 302, r.context["form"].errors
    assert str(Agreement.objects.get(title="消费帮扶合作协议").signed_on) == "2023-06-01"
    r = client.post(url(AgreementLedger, "create"), {**data, "meeting": str(m.pk),
                                                     "signed_on": "2023-07-01"})
    assert "日期之内" in r.context["form"].errors["signed_on"][0]
