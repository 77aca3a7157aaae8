"""Meetings, visits and agreements (会议协议): delegation visits, joint meetings and
symposia with the officials who led them, the agreements signed, the funds handed over, and
the reports that are their public trace."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xiezuo.core.models import AuditedModel
from xiezuo.core.money import MoneyField
from xiezuo.core.scoping import ScopedQuerySet
from xiezuo.ledgers.models import LedgerRecord


class EventType(models.TextChoices):
    VISIT = "visit", _("党政代表团考察")
    JOINT_MEETING = "joint_meeting", _("联席会议")
    SYMPOSIUM = "symposium", _("座谈会")
    SIGNING = "signing", _("签约仪式")
    OTHER = "other", _("其他")


class Direction(models.TextChoices):
    TO_RECIPIENT = "to_recipient", _("帮扶方赴受援方")
    TO_DONOR = "to_donor", _("受援方赴帮扶方")
    ONLINE = "online", _("视频会议")
    OTHER = "other", _("其他")


class Side(models.TextChoices):
    DONOR = "donor", _("帮扶方")
    RECIPIENT = "recipient", _("受援方")
    OTHER = "other", _("其他")


class MeetingQuerySet(ScopedQuerySet["Meeting"]):
    pass


class Meeting(LedgerRecord):
    """A visit or meeting; ``region`` is where it took place."""

    type = models.CharField(_("活动类型"), max_length=16, choices=EventType.choices)
    title = models.CharField(_("名称"), max_length=200)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True,
                                help_text=_("一天的活动留空"))
    place = models.CharField(_("地点"), max_length=100)
    direction = models.CharField(_("考察方向"), max_length=16, choices=Direction.choices,
                                 default=Direction.TO_RECIPIENT)
    summary = models.TextField(_("主要内容"), blank=True)
    funds_handed_over = MoneyField(_("交付资金"), null=True, blank=True,
                                   help_text=_("活动中交付的帮扶资金；报道未写金额时留空"))
    funds_note = models.CharField(_("资金交付说明"), max_length=200, blank=True)

    period_field = "start_date"
    objects: ClassVar[MeetingQuerySet] = MeetingQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("会议活动")
        verbose_name_plural = _("会议活动")
        ordering = ("-start_date", "id")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("meetings:meetings:detail", args=[self.pk])

    @property
    def last_date(self) -> dt.date:
        return self.end_date or self.start_date

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = str(_("结束日期不能早于开始日期。"))
        if self.funds_handed_over is not None and self.funds_handed_over <= 0:
            errors["funds_handed_over"] = str(_("交付资金应大于零；未写金额时留空并填写说明。"))
        if errors:
            raise ValidationError(errors)


class Role(models.TextChoices):
    LEAD = "lead", _("带队")
    CHAIR = "chair", _("主持")
    SPEAK = "speak", _("讲话/介绍情况")
    ATTEND = "attend", _("出席")
    ACCOMPANY = "accompany", _("陪同")


class Official(AuditedModel):
    """A leading official at a meeting, with the title the report gives."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议活动"), on_delete=models.CASCADE,
                                related_name="officials")
    side = models.CharField(_("所属方"), max_length=12, choices=Side.choices)
    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职务"), max_length=200)
    role = models.CharField(_("角色"), max_length=12, choices=Role.choices,
                            default=Role.ATTEND)

    scope_regions = ("meeting__region",)
    scope_pairings = ("meeting__pairing",)

    class Meta:
        verbose_name = _("出席领导")
        verbose_name_plural = _("出席领导")
        ordering = ("id",)

    def __str__(self) -> str:
        return f"{self.title} {self.name}"


class AgreementQuerySet(ScopedQuerySet["Agreement"]):
    pass


class AgreementKind(models.TextChoices):
    FRAMEWORK = "framework", _("框架协议")
    COOPERATION = "cooperation", _("合作协议")
    CONTRACT = "contract", _("合同")
    MEMORANDUM = "memorandum", _("备忘录")
    OTHER = "other", _("其他")


class Agreement(LedgerRecord):
    """An agreement signed under the pairing, at a meeting or on its own."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("签约活动"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="agreements")
    title = models.CharField(_("协议名称"), max_length=200)
    kind = models.CharField(_("协议类型"), max_length=12, choices=AgreementKind.choices,
                            default=AgreementKind.COOPERATION)
    party_a = models.CharField(_("签约一方"), max_length=100)
    party_b = models.CharField(_("签约另一方"), max_length=100)
    signed_on = models.DateField(_("签约日期"), blank=True,
                                 help_text=_("在活动中签订的，留空时取活动开始日期"))
    amount = MoneyField(_("协议金额"), null=True, blank=True,
                        help_text=_("协议写明金额的填写；未写明的留空"))

    period_field = "signed_on"
    objects: ClassVar[AgreementQuerySet] = AgreementQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("签约协议")
        verbose_name_plural = _("签约协议")
        ordering = ("-signed_on", "id")

    def __str__(self) -> str:
        return f"《{self.title}》"

    def get_absolute_url(self) -> str:
        return reverse("meetings:agreements:detail", args=[self.pk])

    def clean(self) -> None:
        meeting = self.attached_meeting()
        if self.signed_on is None and meeting is not None:
            self.signed_on = meeting.start_date
        super().clean()
        errors: dict[str, str] = {}
        if self.signed_on is None:
            errors["signed_on"] = str(_("请填写签约日期。"))
        elif meeting is not None and meeting.start_date and not (
                meeting.start_date <= self.signed_on <= meeting.last_date):
            errors["signed_on"] = str(_(
                "签约日期应在活动「%(m)s」的日期之内（%(s)s 至 %(e)s）。") % {
                "m": meeting, "s": meeting.start_date, "e": meeting.last_date})
        if self.party_a and self.party_a == self.party_b:
            errors["party_b"] = str(_("签约双方不能相同。"))
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = str(_("协议金额应大于零；未写明金额时留空。"))
        if errors:
            raise ValidationError(errors)

    def attached_meeting(self) -> Meeting | None:
        try:
            meeting: Meeting | None = self.meeting
        except Meeting.DoesNotExist:
            return None
        return meeting


class Source(AuditedModel):
    """A news report or work briefing that records the meeting (evidence for assessment)."""

    meeting = models.ForeignKey(Meeting, verbose_name=_("会议活动"), on_delete=models.CASCADE,
                                related_name="sources")
    title = models.CharField(_("报道标题"), max_length=300)
    publisher = models.CharField(_("来源媒体"), max_length=100, blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    url = models.URLField(_("网址"), max_length=500, blank=True)

    scope_regions = ("meeting__region",)
    scope_pairings = ("meeting__pairing",)

    class Meta:
        verbose_name = _("来源报道")
        verbose_name_plural = _("来源报道")
        ordering = ("published_on", "id")

    def __str__(self) -> str:
        return self.title
