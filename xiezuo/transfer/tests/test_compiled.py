"""The compiled form validates exactly as Django's form does, for every importable kind.

Rows of form data are made up field by field from values a field takes, values it refuses
and blanks (mixed at random with a fixed seed, so most rows break several rules at once and
some break none), then validated twice: by a fresh form of the kind, as the page builds it,
and by the import's one compiled form bound to row after row. Both must give the same
errors on the same fields, the same cleaned values and the same record.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from django import forms
from django.db import models

from xiezuo.regions.forms import RegionField
from xiezuo.transfer.compiled import CompiledSteps, compile_form
from xiezuo.transfer.engine import RowForm, _skip_repeated_queries
from xiezuo.transfer.spec import importables

pytestmark = pytest.mark.django_db

ROWS = 40
REGIONS = ["622901", "622921", "370102", "370100", "513428", "110101"]


def candidates(name: str, f: forms.Field) -> list[dict[str, Any]]:
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
        return one(*REGIONS, "", "999999")
    if isinstance(f, forms.ModelChoiceField):
        pks = [str(pk) for pk in f.queryset.order_by("pk").values_list("pk", flat=True)[:4]]
        return one(*pks, "", "99999999")
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


def rows(form: forms.Form, rng: random.Random) -> list[dict[str, Any]]:
    pools = [candidates(name, f) for name, f in form.fields.items()]
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


@pytest.mark.parametrize("username", ["national", "linxiashi_entry"])
def test_the_compiled_form_validates_as_the_form_does(demo, username) -> None:
    from xiezuo.projects import demo as projects

    projects.load()
    user = demo["users"][username]
    rng = random.Random(2026)
    compared = compiled = 0
    valid = 0
    for key, importable in sorted(importables().items()):
        if not importable.permitted(user):
            continue
        reused = RowForm(importable, user)
        compiled += isinstance(reused.form, CompiledSteps)
        for data in rows(importable.make_form(user), rng):
            plain = importable.make_form(user, dict(data), importable.model())
            _skip_repeated_queries(plain.instance, set())
            bound = reused.bind(dict(data), {})
            expected, got = outcome(plain), outcome(bound)
            assert got == expected, (key, data)
            compared += 1
            valid += not expected[0]
    assert compiled >= 10  # the ledgers' forms are compiled, not left as they were
    assert compared >= 10 * ROWS
    assert valid >= 10  # and some rows are accepted, not only refusals compared


def test_a_form_the_plans_cannot_describe_is_left_alone(demo) -> None:
    from xiezuo.funds.forms import FundMovementForm
    from xiezuo.funds.models import FundMovement

    user = demo["users"]["national"]
    form = FundMovementForm({}, instance=FundMovement(), user=user)
    form.fields["notes"].disabled = True
    assert not isinstance(compile_form(form), CompiledSteps)
    stored = FundMovementForm({}, instance=FundMovement(pk=1), user=user)
    assert not isinstance(compile_form(stored), CompiledSteps)


def test_uniqueness_is_checked_where_a_new_record_could_clash(demo) -> None:
    """A model with a unique field keeps the check, with Django's message; a ledger (no
    unique field, the primary key not yet given) skips a check that could find nothing."""
    from xiezuo.accounts.models import Office
    from xiezuo.transfer.spec import get_importable

    class OfficeForm(forms.ModelForm):
        class Meta:
            model = Office
            fields = ("name", "side", "region")

    taken = Office.objects.order_by("pk").first()
    assert taken is not None
    reused = compile_form(OfficeForm({}, instance=Office()))
    assert isinstance(reused, CompiledSteps)
    assert reused._import_plan.unique_checks
    for data in ({"name": taken.name, "side": taken.side, "region": taken.region_id or ""},
                 {"name": "新单位", "side": "donor", "region": "622901"},
                 {"name": taken.name, "side": "no-such-side"}):
        plain = OfficeForm(data, instance=Office())
        reused.data, reused.is_bound, reused._errors = data, True, None
        reused._validate_unique = False
        reused.instance = Office()
        assert outcome(reused) == outcome(plain), data
    assert "name" in OfficeForm({"name": taken.name, "side": taken.side}).errors
    fund_form = RowForm(get_importable("funds.fundmovement"), demo["users"]["national"]).form
    assert not fund_form._import_plan.unique_checks


def test_a_column_s_repeated_cells_are_read_once_and_errors_every_time(demo) -> None:
    """The converter remembers what a cell gave (the same value for the same cell, of the
    same type and unit) and never an error: a bad cell is refused on every row."""
    import datetime as dt

    from xiezuo.transfer import parse
    from xiezuo.transfer.spec import Converter, get_importable

    user = demo["users"]["national"]
    importable = get_importable("funds.fundmovement")
    probe = importable.make_form(user)
    specs = {s.name: s for s in importable.field_specs(probe)}
    memo = Converter(importable, user, probe)
    cells = [("type", "拨付", None), ("type", "拨付", None), ("region", "622901", None),
             ("region", "622901", None), ("amount", 12.5, "wan"), ("amount", 12.5, "yuan"),
             ("year", 2024.0, None), ("year", "2024", None),
             ("date", dt.datetime(2024, 3, 1), None), ("date", "2024年3月1日", None)]
    for name, cell, unit in cells * 2:
        expected = Converter(importable, user, probe).value(specs[name], cell, unit)
        assert memo.value(specs[name], cell, unit) == expected
    assert memo.value(specs["amount"], 12.5, "wan") == memo.value(specs["amount"], 125000, "yuan")
    for _ in range(3):
        with pytest.raises(parse.ParseError):
            memo.value(specs["type"], "不存在的环节", None)
