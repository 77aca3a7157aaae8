"""The form renderer's Python templates give what Django's template files give, byte for byte:
on every ledger's filter and edit form (empty, and filled with awkward text) and on
generated widgets."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xiezuo.core.renderers import WRITERS, FormRenderer
from xiezuo.ledgers.declare import declared_ledgers
from xiezuo.pairings.forms import PairingInput
from xiezuo.regions.forms import RegionInput


class Strict(FormRenderer):
    """Fails when a template written in Python goes to its file after all."""

    def unwritten(self, template_name: str) -> None:
        raise AssertionError(f"{template_name} rendered by its file")


FILES = DjangoTemplates()
PYTHON = Strict()


def both(bound: Any) -> tuple[str, str]:
    """A bound field's widget rendered by the template files and by the renderer."""
    shown = []
    for renderer in (FILES, PYTHON):
        bound.form.renderer = renderer
        shown.append(str(bound.as_widget()))
    return shown[0], shown[1]


def same_widgets(form: forms.BaseForm) -> int:
    """Every field of ``form`` rendered both ways; the number written in Python."""
    written = 0
    for bound in form:
        files, python = both(bound)
        assert python == files, (type(form).__name__, bound.name)
        written += bound.field.widget.template_name in WRITERS
    return written


AWKWARD = 'a<b>&"c\'  2024 临夏 → 济南'


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_ledger_form_renders_as_the_template_files_do(demo, users, language) -> None:
    written = 0
    with override(language):
        for ledger in declared_ledgers().values():
            user = users["linxiashi_entry"]
            filters = ledger.filterset(None, queryset=ledger.queryset(), user=user)
            written += same_widgets(filters.form)
            data = {name: AWKWARD for name in filters.form.fields}
            # a number: shown as the pairing's label
            data["pairing"] = str(demo["pairings"]["jn-lx"].pk)
            bound = ledger.filterset(data, queryset=ledger.queryset(), user=user)
            bound.form.is_valid()
            written += same_widgets(bound.form)
            written += same_widgets(ledger.form(user=user))
            filled = ledger.form({name: AWKWARD for name in ledger.form.base_fields}, user=user)
            filled.is_valid()
            written += same_widgets(filled)
    assert written > 500  # the Python templates were used, not only the files


texts = st.one_of(
    st.text(alphabet='ab<>&"\' 临夏\n', max_size=8),
    st.text(max_size=4),
    st.sampled_from([gettext_lazy("金额单位"), mark_safe("<b>safe</b>"), "", " "]),
)
values = st.one_of(
    texts, st.none(), st.booleans(), st.integers(-3, 12000),
    st.dates(dt.date(1999, 1, 1), dt.date(2030, 12, 31)),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-1000,
                max_value=10**7),
    st.tuples(st.integers(0, 3), texts),
)
attrs = st.dictionaries(st.sampled_from(["class", "placeholder", "id", "data-x", "required",
                                         "disabled", "list", "min", "title"]), values,
                        max_size=4)
choices = st.lists(st.tuples(st.one_of(st.integers(0, 5), texts), st.one_of(texts, st.integers())),
                   max_size=4)
groups = st.lists(st.one_of(
    st.tuples(st.one_of(st.integers(0, 5), texts), st.one_of(texts, st.integers())),
    st.tuples(texts, choices)), max_size=4)

INPUTS = [forms.TextInput, forms.NumberInput, forms.DateInput, forms.HiddenInput,
          forms.EmailInput, forms.URLInput, forms.PasswordInput, forms.Textarea,
          forms.CheckboxInput, forms.DateTimeInput, forms.TimeInput, forms.SearchInput,
          forms.TelInput, forms.ColorInput, forms.FileInput]


@settings(max_examples=200, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(widget=st.sampled_from(INPUTS), name=texts, value=values, attrs=attrs,
       language=st.sampled_from(["zh-hans", "en"]))
def test_inputs_render_as_the_template_files_do(widget: Any, name: str, value: Any,
                                                attrs: dict[str, Any], language: str) -> None:
    with override(language):
        w = widget(attrs=attrs)
        assert w.render(name, value, renderer=PYTHON) == w.render(name, value, renderer=FILES)


@settings(max_examples=200, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(multiple=st.booleans(), name=texts, value=st.one_of(values, st.lists(values, max_size=3)),
       attrs=attrs, groups=groups, language=st.sampled_from(["zh-hans", "en"]))
def test_selects_render_as_the_template_files_do(multiple: bool, name: str, value: Any,
                                                 attrs: dict[str, Any], groups: Any,
                                                 language: str) -> None:
    with override(language):
        w = (forms.SelectMultiple if multiple else forms.Select)(attrs=attrs, choices=groups)
        assert w.render(name, value, renderer=PYTHON) == w.render(name, value, renderer=FILES)


@pytest.mark.django_db
@pytest.mark.parametrize("widget", [RegionInput(), PairingInput(attrs={"id": "p<"})])
@pytest.mark.parametrize("value", [None, "", "622901 临夏市", AWKWARD])
def test_the_region_input_renders_as_its_template_does(widget: Any, value: Any) -> None:
    assert widget.render("region", value, renderer=PYTHON) == widget.render(
        "region", value, renderer=FILES)


def test_what_it_does_not_cover_goes_to_the_template_files() -> None:
    loose = FormRenderer()
    radio = forms.RadioSelect(choices=[(1, "<一>"), (2, "二")])
    assert radio.render("r", 1, renderer=loose) == radio.render("r", 1, renderer=FILES)
    odd = forms.TextInput(attrs={"items": "x"})  # the template reads attrs["items"], and fails
    for renderer in (FILES, loose):
        with pytest.raises(ValueError, match="unpack"):
            odd.render("t", "v", renderer=renderer)
