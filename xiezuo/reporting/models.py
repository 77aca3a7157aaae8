"""The monthly reporting chain (报送): data sets owed, one submission per county and period,
its steps, the county's "no data this period" declarations, and in-app notifications.

The steps themselves are action functions in ``actions.py``; approved submissions lock the
ledger rows they cover (``locks.py``).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezuo.core.models import AuditedModel
from xiezuo.core.scoping import ScopedQuerySet
from xiezuo.ledgers.declare import declared_ledgers, model_of
from xiezuo.reporting.periods import MONTHLY, QUARTERLY, YEARLY, Period


class Frequency(models.TextChoices):
    MONTHLY_ = MONTHLY, _("每月")
    QUARTERLY_ = QUARTERLY, _("每季度")
    YEARLY_ = YEARLY, _("每年")


class OwedBy(models.TextChoices):
    RECIPIENT = "recipient", _("受援县")
    DONOR = "donor", _("帮扶县（区）")
    BOTH = "both", _("双方")


def reported_ledgers() -> list[str]:
    """Every declared ledger of work done (not targets, not checklists): what a data set
    that covers all ledgers covers, a ledger added later included."""
    return sorted(label for label, ledger in declared_ledgers().items() if ledger.reported)


class DataSet(AuditedModel):
    """What is owed (报送事项): which ledgers, how often, by when, and by whom."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    all_ledgers = models.BooleanField(
        _("涵盖全部工作台账"), default=False,
        help_text=_("勾选时涵盖每一本工作台账（以后新增的台账也包括在内）"))
    ledgers = models.JSONField(_("涵盖台账"), default=list, blank=True,
                               help_text=_("台账标识，如 projects.project、funds.fundmovement"))
    frequency = models.CharField(_("报送频次"), max_length=12, choices=Frequency.choices,
                                 default=MONTHLY)
    deadline_day = models.PositiveSmallIntegerField(
        _("截止日"), default=28,
        help_text=_("报送期最后一个月的第几日截止（超过当月天数按月末计）"))
    owed_by = models.CharField(_("报送单位"), max_length=12, choices=OwedBy.choices,
                               default=OwedBy.RECIPIENT)
    start_date = models.DateField(_("起报日期"), default=dt.date(2026, 1, 1),
                                  help_text=_("从包含此日期的报送期起报送"))
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("报送事项")
        verbose_name_plural = _("报送事项")
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    def covered_ledgers(self) -> list[str]:
        """The ledgers this data set covers (labels, ``funds.fundmovement``)."""
        return reported_ledgers() if self.all_ledgers else list(self.ledgers)

    def period(self, day: dt.date) -> Period:
        return Period.containing(self.frequency, day)

    def period_starting(self, start: dt.date) -> Period:
        period = self.period(start)
        if period.start != start:
            raise ValueError(start)
        return period


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    REVIEWED = "reviewed", _("已审核")
    APPROVED = "approved", _("已批准")


class SubmissionQuerySet(ScopedQuerySet["Submission"]):
    def locks(self) -> SubmissionQuerySet:
        """Approved submissions: the periods that are locked."""
        return self.filter(status=Status.APPROVED)

    def covering(self, region_keys: list[str], day: dt.date) -> SubmissionQuerySet:
        return self.filter(region_key__in=region_keys, period_start__lte=day,
                           period_end__gte=day)

    def overdue(self, today: dt.date) -> SubmissionQuerySet:
        return self.filter(Q(status=Status.DRAFT, deadline__lt=today) | Q(late=True))


class Submission(AuditedModel):
    """One county's report of one data set for one period, and where it stands."""

    data_set = models.ForeignKey(DataSet, verbose_name=_("报送事项"), on_delete=models.PROTECT,
                                 related_name="submissions")
    region = models.ForeignKey("regions.Region", verbose_name=_("报送地区"),
                               on_delete=models.PROTECT, related_name="+")
    #: the region's scope key, kept here so the lock check is one indexed query
    region_key = models.CharField(_("范围键"), max_length=12, editable=False)
    period_start = models.DateField(_("报送期开始"))
    period_end = models.DateField(_("报送期结束"))
    deadline = models.DateField(_("截止日期"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices,
                              default=Status.DRAFT)
    late = models.BooleanField(_("逾期提交"), default=False)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提交人"),
                                     null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("批准人"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    returned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("退回人"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    return_reason = models.TextField(_("退回原因"), blank=True)
    unlocked_at = models.DateTimeField(_("解锁时间"), null=True, blank=True)
    unlock_reason = models.TextField(_("解锁原因"), blank=True)

    scope_regions = ("region",)
    audit_ignored = AuditedModel.audit_ignored | {"region_key"}
    objects: ClassVar[SubmissionQuerySet] = SubmissionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("报送")
        verbose_name_plural = _("报送")
        ordering = ("-period_start", "region__code")
        constraints = [models.UniqueConstraint(fields=("data_set", "region", "period_start"),
                                               name="submission_once_per_period")]
        indexes = [models.Index(fields=("status", "region_key", "period_start"),
                                name="submission_lock_idx")]

    def __str__(self) -> str:
        return f"{self.region} {self.period.label} {self.data_set}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.region_id and not self.region_key:
            self.region_key = self.region.scope_key
        super().save(*args, **kwargs)

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_end, self.data_set.frequency)

    @property
    def lock_holder(self) -> str:
        """How the ledger layer knows this submission's lock (``ledgers.locks``)."""
        return f"reporting.submission:{self.pk}"

    @property
    def is_returned(self) -> bool:
        """Sent back and not yet moved forward again by the party it was returned to."""
        return bool(self.return_reason) and self.status in (Status.DRAFT, Status.SUBMITTED)

    @property
    def status_label(self) -> str:
        if self.is_returned:
            return str(_("已退回"))
        return str(self.get_status_display())

    def is_overdue(self, today: dt.date) -> bool:
        return self.late or (self.status == Status.DRAFT and self.deadline < today)

    @property
    def baseline_at(self) -> dt.datetime | None:
        """Since when changes to the covered rows are counted: the last approval or unlock."""
        stamps = [t for t in (self.approved_at, self.unlocked_at) if t is not None]
        return max(stamps) if stamps else None


class NoDataDeclaration(AuditedModel):
    """The county says a ledger has nothing to report this period (本期无数据)."""

    submission = models.ForeignKey(Submission, verbose_name=_("报送"), on_delete=models.CASCADE,
                                   related_name="no_data")
    ledger = models.CharField(_("台账"), max_length=64)

    scope_regions = ("submission__region",)

    class Meta:
        verbose_name = _("本期无数据声明")
        verbose_name_plural = _("本期无数据声明")
        constraints = [models.UniqueConstraint(fields=("submission", "ledger"),
                                               name="no_data_once_per_ledger")]

    def __str__(self) -> str:
        model = model_of(self.ledger)
        name = model._meta.verbose_name_plural if model is not None else self.ledger
        return f"{self.submission} {name}"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message in a user's in-app notifications: someone has work for them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接收人"),
                             on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(_("内容"), max_length=300)
    url = models.CharField(_("链接"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    objects: ClassVar[NotificationQuerySet] = NotificationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=("user", "read_at"), name="notification_unread_idx")]

    def __str__(self) -> str:
        return self.text


class RuleKind(models.TextChoices):
    RANGE = "range", _("取值范围")
    RELATION = "relation", _("字段关系（不大于）")
    YEAR_ON_YEAR = "yoy", _("同比变化")
    OUTLIER = "outlier", _("异常值（中位数绝对偏差）")


class QualityRule(AuditedModel):
    """A data quality rule (数据质量规则), kept as data and run on a county's period when it is
    submitted (``quality.py``): a field's range, a field not above another of the same row
    (实际到位 ≤ 协议, 其中 ≤ 合计), or the period's total against the same period a year before.
    A finding is shown to the reviewer; it refuses nothing."""

    name = models.CharField(_("规则名称"), max_length=100)
    ledger = models.CharField(_("台账"), max_length=64,
                              help_text=_("台账标识，如 consumption.consumption"))
    field = models.CharField(_("字段"), max_length=64, help_text=_("数值字段名，如 amount"))
    kind = models.CharField(_("规则类型"), max_length=12, choices=RuleKind.choices)
    minimum = models.DecimalField(_("下限"), max_digits=18, decimal_places=2, null=True,
                                  blank=True)
    maximum = models.DecimalField(_("上限"), max_digits=18, decimal_places=2, null=True,
                                  blank=True)
    other_field = models.CharField(_("对比字段"), max_length=64, blank=True,
                                   help_text=_("字段关系：本字段不应大于此字段"))
    ratio = models.DecimalField(_("同比倍数"), max_digits=8, decimal_places=2, null=True,
                                blank=True,
                                help_text=_("本期合计超过上年同期的 N 倍或不足其 1/N 时提示"))
    threshold = models.DecimalField(
        _("异常值阈值 k"), max_digits=5, decimal_places=2, default=Decimal("3.5"),
        help_text=_("本期合计偏离本县历史各期合计中位数超过 k 个稳健标准差（1.4826×MAD）时提示"))
    min_history = models.PositiveSmallIntegerField(
        _("最少历史期数"), default=6, help_text=_("本县此前有数据的报送期少于此数时不判断异常值"))
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("数据质量规则")
        verbose_name_plural = _("数据质量规则")
        ordering = ("ledger", "name")

    def __str__(self) -> str:
        return self.name


class QualityFinding(models.Model):
    """What a rule found in a submitted period, kept with the submission for its reviewer."""

    submission = models.ForeignKey(Submission, verbose_name=_("报送"), on_delete=models.CASCADE,
                                   related_name="findings")
    rule = models.ForeignKey(QualityRule, verbose_name=_("规则"), on_delete=models.CASCADE,
                             related_name="+")
    record_id = models.CharField(_("记录编号"), max_length=64, blank=True)
    message = models.CharField(_("提示"), max_length=300)
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=2, null=True,
                                blank=True)
    expected = models.CharField(_("预期"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("数据质量提示")
        verbose_name_plural = _("数据质量提示")
        ordering = ("rule__ledger", "rule__name", "id")

    def __str__(self) -> str:
        return self.message


class FindingExplanation(AuditedModel):
    """The county's explanation of a finding (情况说明), kept apart from the findings (which are
    replaced at each submission) and found again by rule and record: written on the month's
    page before or after submitting, until the month is approved; read by the reviewer."""

    submission = models.ForeignKey(Submission, verbose_name=_("报送"), on_delete=models.CASCADE,
                                   related_name="explanations")
    rule = models.ForeignKey(QualityRule, verbose_name=_("规则"), on_delete=models.CASCADE,
                             related_name="+")
    record_id = models.CharField(_("记录编号"), max_length=64, blank=True)
    text = models.TextField(_("情况说明"), max_length=1000)

    scope_regions = ("submission__region",)

    class Meta:
        verbose_name = _("数据质量情况说明")
        verbose_name_plural = _("数据质量情况说明")
        constraints = [models.UniqueConstraint(fields=("submission", "rule", "record_id"),
                                               name="explanation_once_per_finding")]

    def __str__(self) -> str:
        return self.text[:50]
