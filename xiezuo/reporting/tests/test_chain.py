"""Every step of the chain, and every refusal: wrong role, wrong level, wrong status,
missing reason, incomplete period, another county."""

from __future__ import annotations

import datetime as dt

import pytest

from xiezuo.core.models import AuditEntry
from xiezuo.ledgers.testing import county
from xiezuo.reporting import actions, signals
from xiezuo.reporting.models import NoDataDeclaration, Status, Submission
from xiezuo.reporting.tests.conftest import OCTOBER

pytestmark = pytest.mark.django_db


def verbs(sub: Submission) -> list[str]:
    return list(AuditEntry.for_object(sub).order_by("id").values_list("action", flat=True))


def test_it_walks_the_whole_chain_with_an_audit_row_per_step(approved) -> None:
    sub = Submission.objects.get(pk=approved.pk)
    assert sub.status == Status.APPROVED
    assert sub.submitted_by.username == "linxiashi_entry"
    assert sub.reviewed_by.username == "linxia_reviewer"
    assert sub.approved_by.username == "gansu_approver"
    assert verbs(sub) == ["create", "submit", "review", "approve"]
    assert not sub.late


def test_it_flags_a_late_submission(draft, users) -> None:
    sub = actions.submit(draft, users["linxiashi_entry"], today=dt.date(2026, 10, 29))
    assert sub.late and sub.deadline == dt.date(2026, 10, 28)


def test_it_refuses_an_incomplete_period_and_names_what_is_missing(
        demo, users, make_purchase, default_data_set) -> None:
    data_set = default_data_set  # every ledger
    make_purchase()
    _p, region = county(demo, "linxia")
    sub = actions.open_submission(data_set, region, OCTOBER)
    with pytest.raises(actions.Refused) as refused:
        actions.submit(sub, users["linxiashi_entry"])
    message = str(refused.value)
    assert "资金流水" in message and "招引企业" in message
    assert "消费帮扶" not in message.split("：", 1)[1]  # entered, so not missing
    assert "援建项目" not in message  # kept by year: owed in December only
    assert Submission.objects.get(pk=sub.pk).status == Status.DRAFT


def test_a_declared_empty_ledger_completes_the_period(demo, users, data_set, make_purchase
                                                      ) -> None:
    make_purchase()
    _p, region = county(demo, "linxia")
    sub = actions.open_submission(data_set, region, OCTOBER)
    with pytest.raises(actions.Refused, match="资金流水"):
        actions.submit(sub, users["linxiashi_entry"])
    actions.declare_no_data(sub, users["linxiashi_entry"], "funds.fundmovement")
    assert NoDataDeclaration.objects.filter(submission=sub).count() == 1
    assert actions.submit(sub, users["linxiashi_entry"]).status == Status.SUBMITTED


def test_only_the_county_may_declare_no_data(draft, users) -> None:
    with pytest.raises(actions.Refused):
        actions.declare_no_data(draft, users["linxia_reviewer"], "funds.fundmovement")
    with pytest.raises(actions.Refused, match="不是本报送事项"):
        actions.declare_no_data(draft, users["linxiashi_entry"], "projects.project")


@pytest.mark.parametrize("who", ["puge_entry", "linxia_reviewer", "gansu_approver",
                                 "gansu_viewer", "jinan_admin"])
def test_only_the_county_submits(draft, users, who) -> None:
    with pytest.raises(actions.Refused, match="本县"):
        actions.submit(draft, users[who])


@pytest.mark.parametrize("who", ["linxiashi_entry", "gansu_approver", "gansu_viewer",
                                 "puge_entry"])
def test_only_the_prefecture_reviews(submitted, users, who) -> None:
    with pytest.raises(actions.Refused, match="上级审核单位"):
        actions.review(submitted, users[who])
    with pytest.raises(actions.Refused):
        actions.return_(submitted, users[who], "数据有误")


@pytest.mark.parametrize("who", ["linxiashi_entry", "linxia_reviewer", "gansu_viewer",
                                 "jinan_admin"])
def test_only_the_province_approves(reviewed, users, who) -> None:
    with pytest.raises(actions.Refused, match="省级"):
        actions.approve(reviewed, users[who])


def test_it_refuses_a_step_from_the_wrong_status(draft, submitted, users) -> None:
    with pytest.raises(actions.Refused, match="不能执行"):
        actions.approve(submitted, users["gansu_approver"])
    with pytest.raises(actions.Refused, match="不能执行"):
        actions.unlock(submitted, users["gansu_approver"], "更正")


def test_it_refuses_when_someone_else_moved_it_first(submitted, users) -> None:
    stale = Submission.objects.get(pk=submitted.pk)
    actions.review(submitted.pk, users["linxia_reviewer"])
    with pytest.raises(actions.Refused, match="已被他人处理"):
        actions.return_(stale, users["linxia_reviewer"], "数据有误")
    assert Submission.objects.get(pk=submitted.pk).status == Status.REVIEWED


def test_a_return_needs_a_reason(submitted, users) -> None:
    with pytest.raises(actions.Refused, match="原因"):
        actions.return_(submitted, users["linxia_reviewer"], "  ")
    assert Submission.objects.get(pk=submitted.pk).status == Status.SUBMITTED


def test_the_prefecture_returns_to_the_county(submitted, users) -> None:
    sub = actions.return_(submitted, users["linxia_reviewer"], "消费帮扶金额单位有误")
    assert sub.status == Status.DRAFT and sub.is_returned
    assert sub.return_reason == "消费帮扶金额单位有误"
    entry = AuditEntry.for_object(sub).first()
    assert (entry.action, entry.reason) == ("return", "消费帮扶金额单位有误")
    again = actions.submit(sub, users["linxiashi_entry"])
    assert again.status == Status.SUBMITTED and not again.is_returned


def test_the_province_returns_to_the_prefecture(reviewed, users) -> None:
    sub = actions.return_(reviewed, users["gansu_approver"], "请核对资金流水")
    assert sub.status == Status.SUBMITTED and sub.is_returned
    assert actions.review(sub, users["linxia_reviewer"]).status == Status.REVIEWED


def test_approval_and_unlock_send_their_signals(reviewed, users) -> None:
    heard: list[tuple[str, dict]] = []

    def approved(sender, **kw) -> None:
        heard.append(("approved", kw))

    def unlocked(sender, **kw) -> None:
        heard.append(("unlocked", kw))

    signals.period_approved.connect(approved)
    signals.period_unlocked.connect(unlocked)
    try:
        actions.approve(reviewed, users["gansu_approver"])
        actions.unlock(reviewed.pk, users["gansu_approver"], "资金数据需更正")
    finally:
        signals.period_approved.disconnect(approved)
        signals.period_unlocked.disconnect(unlocked)
    assert [h[0] for h in heard] == ["approved", "unlocked"]
    kw = heard[0][1]
    assert (kw["region"].code, kw["period_start"], kw["period_end"], kw["user"].username) == (
        "622901", dt.date(2026, 10, 1), dt.date(2026, 10, 31), "gansu_approver")
    assert heard[1][1]["reason"] == "资金数据需更正"


def test_unlock_needs_the_province_and_a_reason_and_reopens_for_the_county(approved, users
                                                                           ) -> None:
    with pytest.raises(actions.Refused, match="省级"):
        actions.unlock(approved, users["linxia_reviewer"], "更正")
    with pytest.raises(actions.Refused, match="原因"):
        actions.unlock(approved, users["gansu_approver"], "")
    sub = actions.unlock(approved, users["gansu_approver"], "资金数据需更正")
    assert sub.status == Status.DRAFT and sub.is_returned and sub.unlocked_at
    assert verbs(sub)[-1] == "unlock"
    assert actions.submit(sub, users["linxiashi_entry"]).status == Status.SUBMITTED


def test_a_refused_step_writes_nothing(submitted, users) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(actions.Refused):
        actions.approve(submitted, users["gansu_approver"])
    assert AuditEntry.objects.count() == before


def test_a_county_directly_under_its_province_is_reviewed_by_the_province(
        demo, users, data_set) -> None:
    """重庆's counties have no prefecture above them: the province reviews, then approves."""
    from xiezuo.accounts.models import Office, User
    from xiezuo.core.scoping import Role
    from xiezuo.regions.models import Region
    from xiezuo.reporting import inbox, notify, rules

    province, fengdu = Region.objects.get(code="500000"), Region.objects.get(code="500230")
    cq = Office.objects.create(name="重庆市乡村振兴局（测试）", region=province, side="recipient")
    fd = Office.objects.create(name="丰都县协作办（测试）", region=fengdu, side="recipient")
    reviewer = User.objects.create_user("cq_reviewer", office=cq, role=Role.REVIEWER)
    entry = User.objects.create_user("fengdu_entry", office=fd, role=Role.DATA_ENTRY)
    sub = _submitted_empty(data_set, fengdu, entry)
    assert rules.reviewing_level(sub) == "province"
    assert list(notify.reviewers(sub)) == [reviewer]
    assert [i.kind for i in inbox.submissions(reviewer, dt.date(2026, 10, 21))] == ["review"]
    for outsider in ("linxia_reviewer", "gansu_approver"):
        with pytest.raises(actions.Refused, match="上级审核单位"):
            actions.review(sub, users[outsider])
    sub = actions.review(sub, reviewer)
    assert actions.approve(sub, reviewer).status == Status.APPROVED


def test_a_county_whose_prefecture_has_no_reviewer_is_reviewed_by_its_province(
        demo, users, data_set) -> None:
    """普格县's prefecture (凉山州) has no office here: the province reviews rather than the
    county waiting for ever; once the prefecture has a reviewer, the review is theirs."""
    from xiezuo.accounts.models import Office, User
    from xiezuo.core.scoping import Role
    from xiezuo.regions.models import Region
    from xiezuo.reporting import inbox, notify, rules

    puge = Region.objects.get(code="513428")
    sichuan = Region.objects.get(code="510000")
    sc = Office.objects.create(name="四川省乡村振兴局（测试）", region=sichuan, side="recipient")
    province_reviewer = User.objects.create_user("sc_reviewer", office=sc, role=Role.REVIEWER)
    entry = users["puge_entry"]
    sub = _submitted_empty(data_set, puge, entry)
    assert rules.reviewing_level(sub) == "province"
    assert list(notify.reviewers(sub)) == [province_reviewer]
    day = dt.date(2026, 10, 21)
    assert [i.kind for i in inbox.submissions(province_reviewer, day)] == ["review"]

    liangshan = Office.objects.create(name="凉山州协作办（测试）", region=puge.parent,
                                      side="recipient")
    prefecture_reviewer = User.objects.create_user("ls_reviewer", office=liangshan,
                                                   role=Role.REVIEWER)
    assert rules.reviewing_level(sub) == "prefecture"
    assert [i.kind for i in inbox.submissions(province_reviewer, day)] == []
    assert [i.kind for i in inbox.submissions(prefecture_reviewer, day)] == ["review"]
    with pytest.raises(actions.Refused, match="上级审核单位"):
        actions.review(sub, province_reviewer)
    prefecture_reviewer.is_active = False  # a reviewer who has left counts for nothing
    prefecture_reviewer.save()
    assert rules.reviewing_level(sub) == "province"
    assert actions.review(sub, province_reviewer).status == Status.REVIEWED


def _submitted_empty(data_set, county, entry):
    """October opened by the county, every ledger declared empty, submitted on time."""
    sub = actions.open_submission(data_set, county, OCTOBER)
    for label in data_set.ledgers:
        actions.declare_no_data(sub, entry, label)
    return actions.submit(sub, entry, today=dt.date(2026, 10, 20))
