"""Forms of the review queue: the queue's filters, and the figures a reviewer may record.

An extracted figure becomes a ledger record only when the reviewer ticks it: an amount a
fund movement (``funds``), a count a manual aggregate figure of an indicator with the same
unit (``indicators``). The rows here only collect the reviewer's choices; the records are
validated and saved by those ledgers' own forms (see ``actions.Review``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.forms import BaseFormSet, formset_factory
from django.utils.translation import gettext_lazy as _

from xiezuo.funds.models import FundSource, MovementType
from xiezuo.indicators.models import Indicator
from xiezuo.ledgers.models import ReportingSide
from xiezuo.news.models import Status
from xiezuo.news.schema import EVENT_TYPES
from xiezuo.regions.forms import RegionField

EVENT_TYPE_LABELS = {
    "visit": _("考察调研"),
    "joint_meeting": _("联席会议"),
    "signing": _("签约"),
    "fund_delivery": _("资金交付"),
    "training": _("培训"),
    "labour": _("劳务协作"),
    "consumption": _("消费帮扶"),
    "project": _("项目"),
    "summary": _("工作总结"),
}


def _date_input() -> forms.DateInput:
    """A browser date picker, which wants ISO dates whatever the language."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QueueFilter(forms.Form):
    """Status, event date, region (its subtree) and event type of the queue's reports."""

    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[*Status.choices, ("all", _("全部"))]
    )
    date_from = forms.DateField(label=_("活动日期自"), required=False, widget=_date_input())
    date_to = forms.DateField(label=_("至"), required=False, widget=_date_input())
    region = RegionField(label=_("受援地区"), required=False)
    event_type = forms.ChoiceField(
        label=_("活动类型"),
        required=False,
        choices=[("", _("全部")), *((t, EVENT_TYPE_LABELS.get(t, t)) for t in EVENT_TYPES)],
    )

    def filter(self, reports: Any) -> Any:
        """``reports`` narrowed by the valid filters (pending ones when no status is given)."""
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status") or Status.PENDING
        if status != "all":
            reports = reports.filter(status=status)
        if data.get("date_from"):
            reports = reports.filter(event_date__gte=data["date_from"])
        if data.get("date_to"):
            reports = reports.filter(event_date__lte=data["date_to"])
        if data.get("region") is not None:
            reports = reports.filter(region__scope_key__startswith=data["region"].scope_key)
        if data.get("event_type"):
            # the record keeps its types as a JSON list: match the quoted name in it
            reports = reports.filter(record__event_types__icontains=f'"{data["event_type"]}"')
        return reports


class PasteForm(forms.Form):
    """A report pasted as text, and what the reviewer knows of where it comes from (a file
    says it itself: a saved web page its title, outlet, date and address)."""

    text = forms.CharField(
        label=_("报道正文"), required=False, max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("从网页或文档复制的正文，可连同标题和发布信息行一起粘贴。"),
    )
    title = forms.CharField(label=_("标题"), required=False, max_length=300)
    outlet = forms.CharField(label=_("来源媒体"), required=False, max_length=100)
    published_on = forms.DateField(label=_("发布日期"), required=False, widget=_date_input())
    url = forms.URLField(label=_("网址"), required=False, max_length=500, assume_scheme="https")


class FigureRowForm(forms.Form):
    """One extracted figure; ``text`` (the report's words) is shown, not edited."""

    create = forms.BooleanField(label=_("登记"), required=False)
    required_when_ticked: tuple[str, ...] = ()
    kind = ""  # the highlight class of the figure: "amount" or "count"
    fits = True  # whether the figure can be recorded at all

    def __init__(self, *args: Any, text: str = "", what: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.text, self.what = text, what

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("create"):
            for name in self.required_when_ticked:
                if cleaned.get(name) in (None, ""):
                    self.add_error(name, _("勾选登记时必须填写。"))
        return cleaned

    @property
    def ticked(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data.get("create"))


class FundFigureForm(FigureRowForm):
    """An amount of the report as a fund movement: the reviewer chooses its type."""

    type = forms.ChoiceField(
        label=_("资金环节"), required=False, choices=[("", "—"), *MovementType.choices]
    )
    source = forms.ChoiceField(
        label=_("资金来源"), choices=FundSource.choices, initial=FundSource.FISCAL
    )
    reported_by = forms.ChoiceField(
        label=_("填报方"), choices=ReportingSide.choices, initial=ReportingSide.DONOR
    )
    amount = forms.DecimalField(
        label=_("金额（元）"), required=False, max_digits=18, decimal_places=2, min_value=0
    )
    date = forms.DateField(label=_("日期"), required=False, widget=_date_input())
    required_when_ticked = ("type", "amount", "date")
    kind = "amount"


class CountFigureForm(FigureRowForm):
    """A count of the report as a manual figure of an indicator counted in its unit."""

    indicator = forms.ChoiceField(label=_("指标"), required=False)
    value = forms.DecimalField(
        label=_("数值"), required=False, max_digits=18, decimal_places=2, min_value=0
    )
    as_of = forms.DateField(label=_("截至日期"), required=False, widget=_date_input())
    required_when_ticked = ("indicator", "value", "as_of")
    kind = "count"

    def __init__(
        self, *args: Any, unit: str = "", indicators: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fits = bool(indicators)  # some indicator is counted in this figure's unit
        indicator = self.fields["indicator"]
        assert isinstance(indicator, forms.ChoiceField)
        indicator.choices = [("", "—"), *indicators]


#: counting words that count the same things as an indicator's unit (people: 名, 位 → 人)
UNIT_OF_INDICATOR = {"名": "人", "位": "人"}


def indicators_by_unit() -> dict[str, list[tuple[int, str]]]:
    """Unit → the (pk, label) of the indicators counted in it (money excluded), one query."""
    out: dict[str, list[tuple[int, str]]] = {}
    for indicator in Indicator.objects.filter(is_money=False).only("pk", "name", "unit"):
        out.setdefault(indicator.unit, []).append(
            (indicator.pk, f"{indicator.name}（{indicator.unit}）")
        )
    return out


class FigureFormSet(BaseFormSet):
    """One row per extracted figure, in the record's order; the record gives each row its
    text (and unit): nothing of it is taken from the submitted data."""

    figures: list[dict[str, Any]] = []

    def __init__(self, *args: Any, figures: list[dict[str, Any]], **kwargs: Any) -> None:
        self.figures = figures
        self._indicators: dict[str, list[tuple[int, str]]] | None = None
        super().__init__(*args, **kwargs)

    def total_form_count(self) -> int:
        return len(self.figures)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(index)
        figure = self.figures[index] if index is not None and index < len(self.figures) else {}
        kwargs.update(text=str(figure.get("text") or ""), what=str(figure.get("what") or ""))
        if self.form is CountFigureForm:
            if self._indicators is None:
                self._indicators = indicators_by_unit()
            kwargs["unit"] = unit = str(figure.get("unit") or "")
            kwargs["indicators"] = self._indicators.get(UNIT_OF_INDICATOR.get(unit, unit), [])
        return kwargs

    def ticked(self) -> list[Any]:
        return [form for form in self.forms if form.ticked]


FundFigureFormSet = cast(
    type[FigureFormSet], formset_factory(FundFigureForm, formset=FigureFormSet, extra=0)
)
CountFigureFormSet = cast(
    type[FigureFormSet], formset_factory(CountFigureForm, formset=FigureFormSet, extra=0)
)


def figure_initial(record: dict[str, Any], day: Any) -> tuple[list[dict[str, Any]], ...]:
    """Initial rows for the amounts and the counts of ``record`` (nothing ticked)."""
    funds = [
        {"amount": Decimal(str(a.get("value_yuan") or 0)), "date": day}
        for a in record.get("amounts") or []
    ]
    counts = [
        {"value": Decimal(str(c.get("value") or 0)), "as_of": day}
        for c in record.get("counts") or []
    ]
    return funds, counts
