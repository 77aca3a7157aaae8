"""One ledger form re-bound row after row validates exactly as a fresh form per row, for every
importable ledger, with and without the batch's records (``records.py``) in play.

Rows of form data are made up field by field from values a field takes, values it refuses
and blanks (mixed at random with a fixed seed, so most rows break several rules at once and
some break none), then validated twice: by a fresh form of the kind, as the page builds it,
and by the import's one form re-bound to row after row (``LedgerForm.rebind``). With the
batch's records active, related records are given as the records themselves (as the importer
gives them) and marked as found in the field's queryset. Both ways must give the same errors
on the same fields, the same cleaned values and the same record.
"""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest
from django import forms
from django.db import models

from xiezuo.ledgers.forms import LedgerForm
from xiezuo.ledgers.records import Records
from xiezuo.regions.forms import RegionField
from xiezuo.regions.models import Region
from xiezuo.transfer.spec import importables

pytestmark = pytest.mark.django_db

ROWS = 24
REGIONS = ["622901", "622921", "370102", "370100", "513428", "110101"]


def candidates(name: str, f: forms.Field, as_records: bool) -> list[dict[str, Any]]:
    """Data for one field: a likely good value first, then others, refused ones, blanks."""
    def one(*values: Any) -> list[dict[str, Any]]:
        return [{name: v} for v in values]

    widget = f.widget
    if isinstance(widget, forms.MultiWidget):
        suffixes = getattr(widget, "widgets_names", ["_0", "_1"])
        pairs = [("1000", "yuan"), ("12.5", "wan"), ("-3", "yuan"), ("abc", "yuan"),
                 ("", ""), ("1e30", "yi")]
        return [{name + s: part for s, part in zip(suffixes, pair, strict=False)}
                for pair in pairs]
    if isinstance(f, RegionField):
        if as_records:
            found = Region.objects.filter(code__in=REGIONS, valid_to__isnull=True)
            return one(*sorted(found, key=lambda r: REGIONS.index(r.code)), "")
        return one(*REGIONS, "", "999999")
    if isinstance(f, forms.ModelChoiceField):
        found = list(f.queryset.order_by("pk")[:4])
        if as_records:
            return one(*found, "")
        return one(*[str(o.pk) for o in found], "", "99999999")
    if isinstance(f, forms.ChoiceField):
        choices: Any = f.choices
        keys = [str(k) for k, label in choices if not isinstance(label, list | tuple)]
        return one(*[k for k in keys if k][:5], "", "no-such-choice")
    if isinstance(f, forms.DateField):
        return one("2024-03-01", "2023-12-31", "2024-02-30", "", "yesterday", "2019-06-15")
    if isinstance(f, forms.BooleanField):
        return one(True, False)
    if isinstance(f, forms.IntegerField):
        return one("2024", "12", "0", "-5", "", "2.5", "x", "1000000")
    if isinstance(f, forms.DecimalField | forms.FloatField):
        return one("1000", "0", "-1", "", "abc", "12345678901234567890.5")
    return one("协作", "", "x" * 600, "  ")


def rows(form: forms.Form, rng: random.Random, as_records: bool) -> list[dict[str, Any]]:
    pools = [candidates(name, f, as_records) for name, f in form.fields.items()]
    made = []
    for i in range(ROWS):
        data: dict[str, Any] = {}
        for pool in pools:
            # the first rows lean to the first choices: some rows break no rule
            pick = pool[0] if i < 8 and rng.random() < 0.8 else rng.choice(pool)
            data.update(pick)
        made.append(data)
    return made


def outcome(form: forms.ModelForm) -> tuple[Any, ...]:
    errors = form.errors.get_json_data()
    cleaned = {k: (v.pk if isinstance(v, models.Model) else v)
               for k, v in getattr(form, "cleaned_data", {}).items()}
    record = {f.attname: getattr(form.instance, f.attname)
              for f in form.instance._meta.concrete_fields}
    return errors, cleaned, record


@pytest.mark.parametrize(("username", "as_records"),
                         [("national", False), ("linxiashi_entry", True)])
def test_a_rebound_form_validates_as_a_fresh_form(demo, username, as_records) -> None:
    from xiezuo.projects import demo as projects

    projects.load()
    user = demo["users"][username]
    rng = random.Random(2026)
    compared = valid = kinds = 0
    for _key, importable in sorted(importables().items()):
        if not importable.permitted(user) or not issubclass(importable.form, LedgerForm):
            continue
        kinds += 1
        reused = importable.make_form(user, {}, importable.model())
        assert isinstance(reused, LedgerForm)
        prototype = reused.instance
        batch = Records()
        for data in rows(importable.make_form(user), rng, as_records):
            if as_records:
                for name, value in data.items():
                    if isinstance(value, models.Model):
                        batch.offer(name, value)
            fresh = importable.make_form(user, dict(data), importable.model())
            expected = outcome(fresh)
            with batch.active():
                got = outcome(reused.rebind(dict(data), copy.copy(prototype)))
            assert got == expected, (importable.key, data)
            compared += 1
            valid += not expected[0]
    assert kinds >= 10
    assert compared >= 10 * ROWS
    assert valid >= 5  # and some rows are accepted, not only refusals compared
