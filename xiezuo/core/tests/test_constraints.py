"""Check constraints answered in Python give the database's answer, NULLs included, for every
check constraint of every model, on random rows (``core/constraints.py``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiezuo.core import constraints

pytestmark = pytest.mark.django_db

CHECKS = [(model, c) for model in apps.get_models() if model.__module__.startswith("xiezuo.")
          for c in model._meta.constraints if isinstance(c, models.CheckConstraint)]


def value_of(field: models.Field[Any, Any]) -> st.SearchStrategy[Any]:
    """Values a row may hold in ``field``, NULL among them, edges often."""
    if isinstance(field, models.ForeignKey):
        plain: st.SearchStrategy[Any] = st.integers(1, 4)
    elif isinstance(field, models.DecimalField):
        plain = st.sampled_from([Decimal("-1"), Decimal(0), Decimal("0.01"), Decimal(5)])
    elif isinstance(field, models.IntegerField):
        plain = st.integers(-2, 5)
    elif isinstance(field, models.DateField):
        plain = st.sampled_from([dt.date(2024, 1, 1), dt.date(2024, 6, 30), dt.date(2025, 1, 1)])
    elif isinstance(field, models.BooleanField):
        plain = st.booleans()
    else:
        plain = st.sampled_from(["", "甲", "乙"])
    return st.one_of(st.none(), plain) if field.null or not field.concrete else plain


@pytest.mark.parametrize(("model", "constraint"), CHECKS,
                         ids=[f"{m._meta.label}.{c.name}" for m, c in CHECKS])
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_python_answers_as_the_database(model, constraint, data) -> None:
    values: dict[str, Any] = {"pk": None}
    for field in model._meta.concrete_fields:
        nullable = st.one_of(st.none(), value_of(field))
        values[field.name] = data.draw(nullable if field.null else value_of(field), field.name)
    ours = constraints.check(Q(constraint.condition), values)
    assert ours is not constraints.UNSUPPORTED, constraint  # every check we declare
    row = model()
    for field in model._meta.concrete_fields:
        setattr(row, field.attname, values[field.name])
    database = Q(constraint.condition).check(row._get_field_expression_map(meta=model._meta))
    assert (ours is not False) == database, (values, ours)


def test_it_leaves_to_the_database_what_it_cannot_answer() -> None:
    assert constraints.check(Q(name__gt="a"), {"name": "b"}) is constraints.UNSUPPORTED
    assert constraints.check(Q(name__icontains="a"), {"name": "b"}) is constraints.UNSUPPORTED
    assert constraints.check(Q(a__lt=models.F("b__c")), {"a": 1, "b": 2}) \
        is constraints.UNSUPPORTED


def test_unknown_is_not_a_violation() -> None:
    assert constraints.check(Q(amount__gt=0), {"amount": None}) is None
    assert constraints.check(~Q(a=models.F("b")), {"a": 1, "b": None}) is None
    assert constraints.check(Q(a__isnull=True) | Q(a__gte=models.F("b")),
                             {"a": None, "b": 3}) is True
