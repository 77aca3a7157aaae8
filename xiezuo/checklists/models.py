"""Checklist management (清单制) and two of the 三项制度: tasks ticked off one by one, the
problem list cleared monthly (问题一月一清零), and the monthly household visit log
(一月一走访)."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xiezuo.core.models import AuditedModel
from xiezuo.core.personal import IdNumberField, PhoneField
from xiezuo.core.scoping import ScopedQuerySet
from xiezuo.ledgers.models import LedgerRecord


class TaskStatus(models.TextChoices):
    """What people type; 逾期 is derived (see :class:`TaskState`)."""

    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("进行中")
    DONE = "done", _("已完成")


class TaskState(models.TextChoices):
    """The status as shown: a task not done after its deadline is overdue."""

    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("进行中")
    DONE = "done", _("已完成")
    OVERDUE = "overdue", _("逾期")


class TaskSource(models.TextChoices):
    AGREEMENT = "agreement", _("协议")
    MEETING = "meeting", _("会议")
    MANUAL = "manual", _("手工新增")


class TaskQuerySet(ScopedQuerySet["Task"]):
    def open(self) -> TaskQuerySet:
        return self.exclude(status=TaskStatus.DONE)

    def overdue(self, today: dt.date | None = None) -> TaskQuerySet:
        """Not done, and the deadline has passed."""
        return self.open().filter(deadline__lt=today or timezone.localdate())

    def overdue_on(self, day: dt.date) -> TaskQuerySet:
        """Overdue as things stood at the end of ``day``: deadline before it, not done by it."""
        return self.filter(Q(done_on__isnull=True) | Q(done_on__gt=day), deadline__lt=day)

    def with_state(self, today: dt.date | None = None) -> TaskQuerySet:
        """Annotate ``current_state`` (a :class:`TaskState` value) for filtering and
        sorting."""
        today = today or timezone.localdate()
        return self.annotate(current_state=Case(
            When(status=TaskStatus.DONE, then=Value(TaskState.DONE.value)),
            When(deadline__lt=today, then=Value(TaskState.OVERDUE.value)),
            default="status", output_field=models.CharField()))


class Task(LedgerRecord):
    """One item of a task list: who must do what by when, under a pairing."""

    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("任务"), max_length=300)
    source = models.CharField(_("任务来源"), max_length=12, choices=TaskSource.choices,
                              default=TaskSource.MANUAL)
    agreement = models.ForeignKey("meetings.Agreement", verbose_name=_("来源协议"), null=True,
                                  blank=True, on_delete=models.SET_NULL, related_name="tasks")
    meeting = models.ForeignKey("meetings.Meeting", verbose_name=_("来源会议"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="tasks")
    owner_office = models.ForeignKey("accounts.Office", verbose_name=_("责任单位"),
                                     on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField(_("完成时限"))
    status = models.CharField(_("填报状态"), max_length=12, choices=TaskStatus.choices,
                              default=TaskStatus.NOT_STARTED)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    description = models.TextField(_("任务要求"), blank=True)

    objects: ClassVar[TaskQuerySet] = TaskQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("任务")
        verbose_name_plural = _("任务清单")
        ordering = ("deadline", "id")
        indexes = [models.Index(fields=("status", "deadline"))]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("checklists:tasks:detail", args=[self.pk])

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return task_state(self.status, self.deadline, today) == TaskState.OVERDUE

    def state_on(self, today: dt.date | None = None) -> str:
        return task_state(self.status, self.deadline, today)

    @property
    def state(self) -> str:
        return self.state_on()

    def get_state_display(self) -> str:
        return str(TaskState(self.state).label)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.status == TaskStatus.DONE and self.done_on is None:
            errors["done_on"] = _("已完成的任务请填写完成日期。")
        if self.status != TaskStatus.DONE and self.done_on is not None:
            errors["done_on"] = _("任务未完成时不应填写完成日期。")
        if self.year and self.deadline and self.deadline.year < self.year:
            errors["deadline"] = _("完成时限不能早于任务年度。")
        if errors:
            raise ValidationError(errors)


class TaskProgress(AuditedModel):
    """A dated note of how a task is going."""

    task = models.ForeignKey(Task, verbose_name=_("任务"), on_delete=models.CASCADE,
                             related_name="progress")
    date = models.DateField(_("日期"))
    note = models.CharField(_("进展情况"), max_length=500)

    scope_regions = ("task__region",)
    scope_pairings = ("task__pairing",)

    class Meta:
        verbose_name = _("任务进展")
        verbose_name_plural = _("任务进展")
        ordering = ("date", "id")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.note[:40]}"


class VisitQuerySet(ScopedQuerySet["Visit"]):
    pass


class Visit(LedgerRecord):
    """A household (or project) visit of the monthly round (一月一走访)."""

    date = models.DateField(_("走访日期"))
    visitor = models.CharField(_("走访人"), max_length=100)
    visitor_office = models.ForeignKey("accounts.Office", verbose_name=_("走访人单位"),
                                       null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")
    household = models.CharField(_("走访户户主"), max_length=50, blank=True)
    household_id_number = IdNumberField(_("户主身份证号"), blank=True)
    household_phone = PhoneField(_("户主联系电话"), blank=True)
    village = models.CharField(_("所在乡镇村"), max_length=100, blank=True)
    project = models.ForeignKey("projects.Project", verbose_name=_("走访项目"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="+")
    findings = models.TextField(_("走访发现"))

    period_field = "date"
    audit_masked: ClassVar[frozenset[str]] = frozenset(
        {"household_id_number", "household_phone"})
    objects: ClassVar[VisitQuerySet] = VisitQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("走访记录")
        verbose_name_plural = _("走访记录")
        ordering = ("-date", "-id")

    def __str__(self) -> str:
        return visit_label(self.date, self.visitor, self.household,
                           self.project.name if self.project_id and self.project else "")

    def get_absolute_url(self) -> str:
        return reverse("checklists:visits:detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if not self.household and not self.project_id:
            raise ValidationError({"household": _("请填写走访户户主或选择走访项目。")})


class ProblemSource(models.TextChoices):
    VISIT = "visit", _("走访发现")
    INSPECTION = "inspection", _("督查检查")
    MEETING = "meeting", _("会议反映")
    REPORT = "report", _("群众反映")
    OTHER = "other", _("其他")


class ProblemQuerySet(ScopedQuerySet["Problem"]):
    def open_on(self, day: dt.date) -> ProblemQuerySet:
        """Found by ``day`` and not cleared by it."""
        return self.filter(Q(cleared_on__isnull=True) | Q(cleared_on__gt=day), found_on__lte=day)

    def due_in(self, start: dt.date, end: dt.date) -> ProblemQuerySet:
        """The problems counted in the 清零 rate of ``start``–``end`` (see :func:`due_q`)."""
        return self.filter(due_q(start, end))


def due_q(start: dt.date, end: dt.date) -> Q:
    """The problems that had to be cleared within ``start``–``end``: due in it, or due
    earlier and still open when it began."""
    return Q(due_on__lte=end) & (Q(due_on__gte=start) | Q(cleared_on__isnull=True)
                                 | Q(cleared_on__gte=start))


def cleared_q(start: dt.date, end: dt.date) -> Q:
    """Of :func:`due_q`, those cleared by the end of the period."""
    return due_q(start, end) & Q(cleared_on__lte=end)


class Problem(LedgerRecord):
    """A problem found (on a visit, an inspection...) that must be cleared by a date."""

    description = models.TextField(_("问题描述"))
    source = models.CharField(_("发现途径"), max_length=12, choices=ProblemSource.choices,
                              default=ProblemSource.VISIT)
    visit = models.ForeignKey(Visit, verbose_name=_("来源走访"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="problems")
    owner_office = models.ForeignKey("accounts.Office", verbose_name=_("责任单位"),
                                     on_delete=models.PROTECT, related_name="+")
    found_on = models.DateField(_("发现日期"))
    due_on = models.DateField(_("清零时限"))
    cleared_on = models.DateField(_("清零日期"), null=True, blank=True)
    clearing_note = models.TextField(_("整改情况"), blank=True)

    period_field = "found_on"
    objects: ClassVar[ProblemQuerySet] = ProblemQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("问题")
        verbose_name_plural = _("问题清单")
        ordering = ("-found_on", "-id")
        indexes = [models.Index(fields=("due_on", "cleared_on"))]

    def __str__(self) -> str:
        return problem_label(self.description)

    def get_absolute_url(self) -> str:
        return reverse("checklists:problems:detail", args=[self.pk])

    @property
    def is_cleared(self) -> bool:
        return self.cleared_on is not None

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return self.cleared_on is None and self.due_on < (today or timezone.localdate())

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.found_on and self.due_on and self.due_on < self.found_on:
            errors["due_on"] = _("清零时限不能早于发现日期。")
        if self.cleared_on is not None:
            if not self.clearing_note.strip():
                errors["clearing_note"] = _("清零时请填写整改情况。")
            if self.found_on and self.cleared_on < self.found_on:
                errors["cleared_on"] = _("清零日期不能早于发现日期。")
        elif self.clearing_note.strip():
            errors["cleared_on"] = _("已填写整改情况，请同时填写清零日期。")
        if errors:
            raise ValidationError(errors)


def task_state(status: str, deadline: dt.date, today: dt.date | None = None) -> str:
    """A task's state (a ``TaskState`` value): overdue when not done after its deadline."""
    if status != TaskStatus.DONE and deadline < (today or timezone.localdate()):
        return TaskState.OVERDUE
    return TaskStatus(status).value


def visit_label(date: dt.date, visitor: str, household: str, project: str | None) -> str:
    """A visit as listed: its date, the visitor, and the household (or project) visited."""
    return f"{date:%Y-%m-%d} {visitor} {household or project or ''}".strip()


def problem_label(description: str) -> str:
    """A problem as listed: the first line of its description, at most 40 characters."""
    text = description.strip().splitlines()[0] if description.strip() else ""
    return text[:40] + ("…" if len(text) > 40 else "")
