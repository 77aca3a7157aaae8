"""Approval locks the county's rows of the period: forms, the delete view, the importer all
refuse them, naming the approval; unlocking lets the county correct them again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from xiezuo.consumption.models import Consumption
from xiezuo.funds.models import FundMovement
from xiezuo.ledgers.locks import LockIndex, check_row, row_lock
from xiezuo.ledgers.models import PeriodLock
from xiezuo.reporting import actions
from xiezuo.transfer.engine import run_import
from xiezuo.transfer.spec import get_importable
from xiezuo.transfer.tests.conftest import FUND_HEADER, write_xlsx

pytestmark = pytest.mark.django_db


def edit_post(row: Consumption, **change) -> dict:
    data = {"date": row.date.isoformat(), "kind": row.kind, "region": row.region.code,
            "pairing": row.pairing_id, "buyer_type": row.buyer_type, "buyer": row.buyer,
            "channel": row.channel, "category": row.category, "product": row.product,
            "supplier": "", "amount_0": "12", "amount_1": "wan", "notes": ""}
    return {**data, **change}


def test_an_approved_row_is_refused_in_the_form_with_the_reason(approved, login) -> None:
    row = Consumption.objects.get(region__code="622901")
    client = login("linxiashi_entry")
    response = client.post(reverse("consumption:edit", args=[row.pk]),
                           edit_post(row, product="手抓羊肉（特级）"))
    assert response.status_code == 200
    text = response.content.decode()
    assert "该记录所属的 临夏市 2026年10月 报送已于" in text
    assert "批准锁定，如需修改请联系审批单位解锁" in text
    assert Consumption.objects.get(pk=row.pk).product == "手抓羊肉"


def test_the_form_saves_the_row_before_approval(reviewed, login) -> None:
    row = Consumption.objects.get(region__code="622901")
    client = login("linxiashi_entry")
    response = client.post(reverse("consumption:edit", args=[row.pk]),
                           edit_post(row, product="手抓羊肉（特级）"))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Consumption.objects.get(pk=row.pk).product == "手抓羊肉（特级）"


def test_moving_a_row_into_a_locked_period_is_refused(approved, make_purchase, login) -> None:
    row = make_purchase(day=dt.date(2026, 11, 3))
    client = login("linxiashi_entry")
    response = client.post(reverse("consumption:edit", args=[row.pk]),
                           edit_post(row, date="2026-10-30"))
    assert "批准锁定" in response.content.decode()
    assert Consumption.objects.get(pk=row.pk).date == dt.date(2026, 11, 3)


def test_moving_a_row_out_of_a_locked_period_is_refused(approved) -> None:
    row = Consumption.objects.get(region__code="622901")
    row.date = dt.date(2026, 11, 2)
    with pytest.raises(ValidationError, match="批准锁定"):
        row.full_clean()


def test_a_new_row_in_a_locked_period_is_refused(approved, make_purchase) -> None:
    row = make_purchase()  # created directly; the check is the form's (full_clean)
    fresh = Consumption(pairing=row.pairing, region=row.region, date=dt.date(2026, 10, 5),
                        kind="purchase", buyer_type="government", buyer="x",
                        channel="canteen", category="meat_egg", product="y", amount=1)
    with pytest.raises(ValidationError, match="批准锁定"):
        fresh.full_clean()


def test_other_months_other_counties_and_other_ledgers_stay_open(approved, make_purchase,
                                                                 make_fund) -> None:
    assert row_lock(make_purchase(day=dt.date(2026, 11, 1))) is None
    assert row_lock(make_purchase(where="puge")) is None
    PeriodLock.objects.update(ledgers=["consumption.consumption"])  # as a data set of one
    assert row_lock(FundMovement.objects.filter(region__code="622901").first()) is None


def test_delete_of_a_locked_row_is_refused(approved, login) -> None:
    row = Consumption.objects.get(region__code="622901")
    client = login("linxiashi_entry")
    response = client.post(reverse("consumption:delete", args=[row.pk]), follow=True)
    assert "批准锁定" in response.content.decode()
    assert Consumption.objects.filter(pk=row.pk).exists()


def test_the_importer_refuses_rows_of_a_locked_period(approved, users, tmp_path) -> None:
    path = write_xlsx(tmp_path / "funds.xlsx", [
        FUND_HEADER, [dt.date(2026, 10, 20), 2026, "拨付", "财政援助资金", 10, "临夏市", "新"]])
    importable = get_importable("funds.fundmovement")
    result = run_import(importable, users["linxiashi_entry"], path, "funds.xlsx", commit=True)
    assert not result.committed
    assert any("批准锁定" in e.message and e.row == 2 for e in result.errors), result.errors
    assert FundMovement.objects.filter(region__code="622901").count() == 1
    with LockIndex.load().active():  # the same answer from the index loaded once
        again = run_import(importable, users["linxiashi_entry"], path, "funds.xlsx",
                           commit=True)
    assert not again.committed and any("批准锁定" in e.message for e in again.errors)


def test_after_unlock_the_county_may_correct(approved, users, login) -> None:
    actions.unlock(approved, users["gansu_approver"], "消费帮扶金额需更正")
    row = Consumption.objects.get(region__code="622901")
    client = login("linxiashi_entry")
    response = client.post(reverse("consumption:edit", args=[row.pk]),
                           edit_post(row, product="手抓羊肉（更正）"))
    assert response.status_code == 302
    assert Consumption.objects.get(pk=row.pk).product == "手抓羊肉（更正）"


def test_the_lock_index_answers_in_memory(approved, django_assert_num_queries) -> None:
    row = Consumption.objects.select_related("region").get(region__code="622901")
    index = LockIndex.load()
    assert not index.empty
    with django_assert_num_queries(0), index.active():
        with pytest.raises(ValidationError, match="批准锁定"):
            check_row(row)
    with django_assert_num_queries(1):  # without an index: one indexed query
        with pytest.raises(ValidationError):
            check_row(row)


def test_an_empty_index_costs_nothing(db, make_purchase, django_assert_num_queries) -> None:
    row = make_purchase()
    index = LockIndex.load()
    assert index.empty
    with django_assert_num_queries(0), index.active():
        check_row(row)
