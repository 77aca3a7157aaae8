"""The monthly situation report (情况一月一报告) of a region or a pairing: figures of the period
from every ledger, as a page, a PDF (CJK font embedded) and an editable Word file.

Everything is computed for the period's dates and seen through the reader's scope (or, when
archiving on approval, for the whole region). Indicators are year to date at the period's last
day, against the year's signed targets.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from xiezuo.assessment.report import PDF_FONTS, chinese_document, docx_bytes
from xiezuo.checklists.checklist import clearing_rates
from xiezuo.checklists.models import Problem, Task, TaskStatus
from xiezuo.consumption.models import Consumption, Kind
from xiezuo.core.money import format_amount
from xiezuo.funds import figures as fund_figures
from xiezuo.funds.models import FundMovement
from xiezuo.indicators import compute as c
from xiezuo.indicators.models import Indicator
from xiezuo.labour.models import LabourCount, LabourRecord
from xiezuo.labour.models import Status as LabourStatus
from xiezuo.meetings.models import Meeting
from xiezuo.people.models import Cadre, Direction, Training
from xiezuo.projects.models import Project, Status, Transition

LIMIT = 20


@dataclass(frozen=True)
class ReportPeriod:
    start: dt.date
    end: dt.date
    kind: str = "month"  # month, quarter, year, or range

    @classmethod
    def parse(cls, text: str) -> ReportPeriod:
        """``2024-03`` (a month), ``2024-Q1`` (a quarter) or ``2024`` (a year)."""
        text = (text or "").strip().upper()
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
            year, month = int(m[1]), int(m[2])
            if 1 <= month <= 12:
                return cls.month(year, month)
        elif m := re.fullmatch(r"(\d{4})-Q([1-4])", text):
            year, q = int(m[1]), int(m[2])
            last = q * 3
            return cls(dt.date(year, last - 2, 1),
                       dt.date(year, last, calendar.monthrange(year, last)[1]), "quarter")
        elif re.fullmatch(r"\d{4}", text):
            return cls(dt.date(int(text), 1, 1), dt.date(int(text), 12, 31), "year")
        raise ValueError(_("报告期「%(t)s」无法识别，请写成 2024-03、2024-Q1 或 2024。") % {
            "t": text})

    @classmethod
    def month(cls, year: int, month: int) -> ReportPeriod:
        return cls(dt.date(year, month, 1),
                   dt.date(year, month, calendar.monthrange(year, month)[1]), "month")

    @property
    def key(self) -> str:
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month + 2) // 3}"
        return str(self.start.year)

    @property
    def label(self) -> str:
        if self.kind == "month":
            return _("%(y)d年%(m)d月") % {"y": self.start.year, "m": self.start.month}
        if self.kind == "quarter":
            return _("%(y)d年第%(q)d季度") % {"y": self.start.year,
                                              "q": (self.start.month + 2) // 3}
        if self.kind == "year":
            return _("%(y)d年") % {"y": self.start.year}
        return _("%(s)s至%(e)s") % {"s": self.start.isoformat(), "e": self.end.isoformat()}

    def previous(self) -> ReportPeriod:
        before = self.start - dt.timedelta(days=1)
        return ReportPeriod.month(before.year, before.month)


def span(start: dt.date, end: dt.date) -> ReportPeriod:
    """The period of two dates: a month, quarter or year when they are one, else a range."""
    for kind in ("month", "quarter", "year"):
        key = {"month": f"{start:%Y-%m}", "quarter": f"{start.year}-Q{(start.month + 2) // 3}",
               "year": str(start.year)}[kind]
        candidate = ReportPeriod.parse(key)
        if candidate.start == start and candidate.end == end:
            return candidate
    return ReportPeriod(start, end, "range")


@dataclass
class Block:
    title: str
    figures: list[tuple[str, str]] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    empty: str = ""


def _scoped(model: Any, user: Any) -> Any:
    qs = model._default_manager.order_by()
    return qs.visible_to(user) if user is not None else qs


def _money(value: Decimal | None) -> str:
    return format_amount(value)


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{Decimal(value) * 100:.1f}%"


def _number(value: Decimal | int | None, unit: str = "") -> str:
    if value is None:
        return "—"
    number = Decimal(value)
    text = f"{number:,.0f}" if number == number.to_integral_value() else f"{number:,.2f}"
    return f"{text} {unit}".strip()


def build(subject: c.Subject, period: ReportPeriod, user: Any = None,
          today: dt.date | None = None) -> dict[str, Any]:
    """The report's figures (``raw``) and its text blocks, in a fixed number of queries."""
    start, end = period.start, period.end
    raw: dict[str, Any] = {}
    blocks: list[Block] = []

    def rows_of(model: Any) -> Any:
        return _scoped(model, user).filter(subject.q())

    # Key indicators, year to date at the period's last day, against the year's targets.
    indicators = list(Indicator.objects.for_year(end.year).headline()
                      .order_by("sort_order", "code"))
    cut = c.Period(end.year, (end.month, end.day))
    results = c.compute(indicators, [subject], [cut], user)
    goals = c.targets(indicators, [subject], [end.year])
    ind = Block(_("一、主要指标（截至 %(d)s，年度累计）") % {"d": end.isoformat()},
                headers=[_("指标"), _("完成"), _("年度目标"), _("完成率")],
                empty=_("无可计算的指标。"))
    raw["indicators"] = {}
    for i in indicators:
        cell = results.get(i, subject, cut)
        if not cell.available and cell.value is None:
            continue
        target = goals.get((i.pk, subject.key, end.year))
        raw["indicators"][i.code] = (cell.value, target)
        unit = i.unit

        def show(v: Decimal | None, money: bool = i.is_money, unit: str = unit) -> str:
            return _money(v) if money else _number(v, unit)

        ind.rows.append([i.name, show(cell.value), show(target) if target else "—",
                         _pct(c.completion(cell.value, target))])
    blocks.append(ind)

    # Projects: approved (立项) and completed (完工) in the period.
    projects = rows_of(Project)
    moves = list(Transition.objects.filter(
        project__in=projects.values("pk"), date__range=(start, end),
        to_status__in=(Status.APPROVED, Status.COMPLETED))
        .select_related("project").order_by("date", "id"))
    new = [t for t in moves if t.to_status == Status.APPROVED]
    done = [t for t in moves if t.to_status == Status.COMPLETED]
    raw["projects_new"], raw["projects_completed"] = len(new), len(done)
    raw["projects_building"] = projects.filter(status=Status.BUILDING).count()
    blocks.append(Block(
        _("二、项目建设"),
        [(_("本期新立项"), _number(len(new), _("个"))),
         (_("本期完工"), _number(len(done), _("个"))),
         (_("目前在建"), _number(raw["projects_building"], _("个")))],
        [_("日期"), _("项目"), _("变动")],
        [[t.date.isoformat(), t.project.name, t.get_to_status_display()]
         for t in moves[:LIMIT]], _("本期无项目立项或完工。")))

    # Money: the period's movements and the year to date.
    movements = rows_of(FundMovement)
    month = fund_figures.totals(movements.filter(date__range=(start, end)))
    ytd = fund_figures.totals(movements.filter(year=end.year, date__lte=end))
    raw["funds"], raw["funds_ytd"] = month, ytd
    blocks.append(Block(_("三、资金"), [
        (_("本期到位"), _money(month.received)), (_("本期安排"), _money(month.allocated)),
        (_("本期支出"), _money(month.spent)),
        (_("年度累计到位"), _money(ytd.received)), (_("年度累计安排"), _money(ytd.allocated)),
        (_("年度累计支出"), _money(ytd.spent)),
        (_("年度执行率"), _pct(ytd.execution_rate))]))

    # People dispatched in the period, and training.
    cadres = rows_of(Cadre).filter(start_date__range=(start, end)).aggregate(
        total=Count("pk"), east_west=Count("pk", filter=Q(direction=Direction.EAST_WEST)))
    trained = rows_of(Training).filter(start_date__range=(start, end)).aggregate(
        n=Sum("participants"))["n"] or 0
    raw["cadres"], raw["cadres_east_west"], raw["trained"] = (
        cadres["total"], cadres["east_west"], trained)
    blocks.append(Block(_("四、干部人才"), [
        (_("本期选派干部人才"), _number(cadres["total"], _("人"))),
        (_("其中东→西"), _number(cadres["east_west"], _("人"))),
        (_("本期培训"), _number(trained, _("人次")))]))

    # Labour and consumption.
    labour = rows_of(LabourRecord).filter(start_date__range=(start, end)).aggregate(
        n=Count("pk"), poverty=Count("pk", filter=Q(status=LabourStatus.POVERTY)))
    counted = rows_of(LabourCount).filter(period_end__range=(start, end)).aggregate(
        n=Sum("persons"))["n"] or 0
    bought = rows_of(Consumption).filter(date__range=(start, end)).aggregate(
        purchase=Sum("amount", filter=Q(kind=Kind.PURCHASE)),
        help_sell=Sum("amount", filter=Q(kind=Kind.HELP_SELL)))
    raw["labour"], raw["labour_poverty"], raw["labour_counted"] = (
        labour["n"], labour["poverty"], counted)
    raw["purchase"] = bought["purchase"] or Decimal(0)
    raw["help_sell"] = bought["help_sell"] or Decimal(0)
    blocks.append(Block(_("五、劳务协作与消费帮扶"), [
        (_("本期帮助就业（逐人登记）"), _number(labour["n"], _("人"))),
        (_("其中脱贫劳动力"), _number(labour["poverty"], _("人"))),
        (_("本期帮助就业（汇总填报）"), _number(counted, _("人"))),
        (_("本期采购"), _money(raw["purchase"])),
        (_("本期帮助销售"), _money(raw["help_sell"]))]))

    # Tasks and problems.
    tasks = rows_of(Task)
    overdue = list(tasks.overdue_on(end).select_related("owner_office")
                   .order_by("deadline", "id")[:LIMIT])
    t = tasks.aggregate(
        overdue=Count("pk", filter=Q(deadline__lt=end) & (
            Q(done_on__isnull=True) | Q(done_on__gt=end))),
        done=Count("pk", filter=Q(status=TaskStatus.DONE, done_on__range=(start, end))))
    raw["tasks_overdue"], raw["tasks_done"] = t["overdue"], t["done"]
    blocks.append(Block(
        _("六、任务清单"),
        [(_("本期完成任务"), _number(t["done"], _("项"))),
         (_("期末逾期任务"), _number(t["overdue"], _("项")))],
        [_("任务"), _("责任单位"), _("完成时限")],
        [[x.title, x.owner_office.name, x.deadline.isoformat()] for x in overdue],
        _("无逾期任务。")))
    problems = rows_of(Problem)
    rate = clearing_rates(problems, [(start, end)])[0]
    cleared = problems.filter(cleared_on__range=(start, end)).count()
    raw["problems_found"], raw["problems_cleared"] = rate.found, cleared
    raw["problems_open"], raw["clearing_rate"] = rate.open_at_end, rate.rate
    raw["clearing_due"], raw["clearing_done"] = rate.due, rate.cleared
    blocks.append(Block(_("七、问题清单"), [
        (_("本期发现问题"), _number(rate.found, _("个"))),
        (_("本期清零问题"), _number(cleared, _("个"))),
        (_("期末未清零"), _number(rate.open_at_end, _("个"))),
        (_("清零率"), _("%(r)s（应清零 %(d)d 个，已清零 %(c)d 个）") % {
            "r": _pct(rate.rate), "d": rate.due, "c": rate.cleared})]))

    # Meetings.
    meetings = list(rows_of(Meeting).filter(start_date__range=(start, end))
                    .order_by("start_date", "id")[:LIMIT])
    raw["meetings"] = len(meetings)
    blocks.append(Block(_("八、会议活动"), [], [_("日期"), _("活动"), _("地点")],
                        [[m.start_date.isoformat(), m.title, m.place] for m in meetings],
                        _("本期无会议活动。")))
    return {"subject": subject, "period": period, "raw": raw, "blocks": blocks,
            "title": title(subject, period),
            "generated_at": timezone.localtime(), "today": today or timezone.localdate()}


def title(subject: c.Subject, period: ReportPeriod) -> str:
    return _("%(s)s %(p)s东西部协作工作情况报告") % {"s": subject.label, "p": period.label}


def pdf(data: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string("situation/report_pdf.html", {**data, "fonts": PDF_FONTS})
    return bytes(HTML(string=html).write_pdf())


def docx(data: dict[str, Any]) -> bytes:
    """The editable Word file, its Chinese font embedded as in the assessment report."""
    doc = chinese_document()
    doc.add_heading(data["title"], 0)
    doc.add_paragraph(_("报告期：%(s)s 至 %(e)s；生成时间：%(g)s。") % {
        "s": data["period"].start.isoformat(), "e": data["period"].end.isoformat(),
        "g": data["generated_at"].strftime("%Y-%m-%d %H:%M")})
    for block in data["blocks"]:
        doc.add_heading(block.title, 1)
        for label, value in block.figures:
            doc.add_paragraph(f"{label}：{value}", style="List Bullet")
        if block.headers:
            if not block.rows:
                doc.add_paragraph(block.empty)
                continue
            table = doc.add_table(rows=1, cols=len(block.headers))
            table.style = "Table Grid"
            for cell, text in zip(table.rows[0].cells, block.headers, strict=True):
                cell.text = str(text)
            for row in block.rows:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = str(text)
    return docx_bytes(doc)
