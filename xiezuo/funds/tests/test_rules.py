"""Guard rails on fund movements: amounts, units, project links, overspending."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from xiezuo.core.models import AuditEntry
from xiezuo.core.money import AmountError, format_amount, to_yuan
from xiezuo.funds.forms import FundMovementForm
from xiezuo.funds.models import FundMovement
from xiezuo.ledgers import actions

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("text", "unit", "yuan"), [
    ("14654.73", "wan", Decimal("146547300.00")),
    ("1,234.56", "yuan", Decimal("1234.56")),
    ("0.000001", "wan", Decimal("0.01")),
    ("2.5", "yi", Decimal("250000000.00")),
    ("100", "yuan", Decimal("100.00")),
])
def test_amounts_in_any_unit_become_exact_yuan(text, unit, yuan) -> None:
    assert to_yuan(text, unit) == yuan


@pytest.mark.parametrize(("text", "unit", "words"), [
    ("-5", "yuan", "负数"),
    ("1.234", "yuan", "精确到分"),
    ("1.2345678", "wan", "精确到分"),
    ("100万", "yuan", "不是数字"),
    ("", "yuan", "请填写"),
    ("NaN", "yuan", "不是数字"),
    ("1e30", "yi", "过大"),  # beyond what quantizing to the fen can hold: still a message
    ("123456789012345678.123", "yuan", "过大"),
])
def test_bad_amounts_say_why(text, unit, words) -> None:
    with pytest.raises(AmountError) as err:
        to_yuan(text, unit)
    assert words in str(err.value)


def test_money_is_never_a_float() -> None:
    with pytest.raises(TypeError):
        to_yuan(1.5)


def test_format_keeps_every_fen() -> None:
    assert format_amount(Decimal("146547300.00")) == "14,654.73 万元"
    assert format_amount(Decimal("1234.56")) == "0.123456 万元"
    assert format_amount(Decimal("1234.56"), "yuan") == "1,234.56 元"
    assert format_amount(None) == "—"


def _form(user, project, **data):
    base = {"year": 2023, "date": "2023-10-01", "type": "spending", "source": "fiscal",
            "amount_0": "30", "amount_1": "wan", "project": project.pk,
            "reported_by": "recipient"}
    base.update(data)
    return FundMovementForm(base, user=user)


def test_spending_beyond_allocation_is_refused(yanyuan, demo) -> None:
    # allocated 80万 − returned 5万 − spent 50万 = 25万 still available
    user = demo["users"]["national"]
    user.role = "data_entry"
    before = FundMovement.objects.count()
    form = _form(user, yanyuan["project"], amount_0="25.01")
    assert not form.is_valid()
    assert "最多还可支出 25.00 万元" in form.errors["amount"][0]
    assert FundMovement.objects.count() == before
    assert _form(user, yanyuan["project"], amount_0="25").is_valid()


def test_the_write_action_refuses_overspending_too(yanyuan, demo) -> None:
    """The form's check is for the message; the write refuses again with the project locked
    (two spendings at once cannot both slip through)."""
    m = FundMovement(pairing=yanyuan["pairing"], region=yanyuan["county"], year=2023,
                     date=dt.date(2023, 10, 1), type="spending", amount=Decimal("250000.01"),
                     reported_by="recipient", project=yanyuan["project"])
    with pytest.raises(ValidationError):
        actions.save(demo["users"]["national"], m)
    twice = [FundMovement(pairing=yanyuan["pairing"], region=yanyuan["county"], year=2023,
                          date=dt.date(2023, 10, 1), type="spending",
                          amount=Decimal("150000"), reported_by="recipient",
                          project=yanyuan["project"]) for _ in range(2)]
    with pytest.raises(ValidationError):  # each fits, the two together do not
        actions.write(demo["users"]["national"], twice)
    assert not FundMovement.objects.filter(type="spending", amount=Decimal("150000")).exists()


def test_an_admin_may_override_with_a_reason_and_it_is_audited(yanyuan, demo) -> None:
    admin = demo["users"]["national"]
    form = _form(admin, yanyuan["project"], amount_0="40", reported_by="recipient",
                 override_reason="追加预算已批复，文件待补")
    assert form.is_valid(), form.errors
    saved = actions.save(admin, form.save(commit=False))
    entry = AuditEntry.for_object(saved).get()
    assert entry.action == "override" and entry.reason == "追加预算已批复，文件待补"


def test_data_entry_cannot_override(yanyuan, demo) -> None:
    form = _form(demo["users"]["puge_entry"], yanyuan["project"], override_reason="我说可以")
    assert "override_reason" not in form.fields


def test_allocation_needs_a_project_and_amounts_are_positive(yanyuan, demo) -> None:
    user = demo["users"]["national"]
    form = FundMovementForm({"year": 2023, "date": "2023-10-01", "type": "allocation",
                             "source": "fiscal", "amount_0": "0", "amount_1": "wan",
                             "region": "盐源县", "reported_by": "recipient"}, user=user)
    assert not form.is_valid()
    assert "须指明项目" in str(form.errors["project"])
    assert "大于零" in str(form.errors["amount"])


def test_a_movement_outside_the_pairings_period_is_refused(yanyuan, demo) -> None:
    user = demo["users"]["national"]
    form = FundMovementForm({"year": 2015, "date": "2015-06-01", "type": "transfer",
                             "source": "fiscal", "amount_0": "10", "amount_1": "wan",
                             "region": "盐源县", "reported_by": "donor"}, user=user)
    assert not form.is_valid()
    assert "没有有效的结对" in str(form.errors["region"])
