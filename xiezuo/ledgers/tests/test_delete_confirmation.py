"""Deleting a ledger record asks first and says what deleting does."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_says_what_deleting_does_before_it_deletes(demo: dict[str, Any], login: Any) -> None:
    from xiezuo.funds.models import FundMovement

    pairing = demo["pairings"]["szq-lxs"]
    row = FundMovement.objects.create(
        pairing=pairing, region=pairing.recipient, year=2026, date=dt.date(2026, 3, 2),
        type="transfer", source="fiscal", amount=Decimal("1000"), reported_by="recipient")
    client = login("linxiashi_entry")
    page = client.get(reverse("funds:delete", args=[row.pk])).content.decode()
    assert "不能恢复" in page and "确定删除" in page
    assert FundMovement.objects.filter(pk=row.pk).exists()  # asking deletes nothing
    client.post(reverse("funds:delete", args=[row.pk]))
    assert not FundMovement.objects.filter(pk=row.pk).exists()
