"""Cadres and talent (干部人才) exchanged under a pairing, 组团式 teams, and training (培训)."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Self, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xiezuo.core.personal import IdNumberField, PhoneField
from xiezuo.core.scoping import ScopedQuerySet
from xiezuo.ledgers.models import LedgerRecord


class Direction(models.TextChoices):
    EAST_WEST = "east_west", _("东→西（帮扶方派往受援方）")
    WEST_EAST = "west_east", _("西→东（受援方派往帮扶方）")


class CadreType(models.TextChoices):
    PARTY_GOVERNMENT = "party_government", _("党政挂职")
    EDUCATION = "education", _("教育")
    MEDICAL = "medical", _("医疗")
    AGRICULTURE = "agriculture", _("农业")
    SCIENCE = "science", _("科技")
    OTHER = "other", _("其他")


class TeamKind(models.TextChoices):
    EDUCATION = "education", _("教育组团式")
    MEDICAL = "medical", _("医疗组团式")
    OTHER = "other", _("其他")


_M = TypeVar("_M", bound=models.Model)


class DatedQuerySet(ScopedQuerySet[_M]):
    """Records with a start date and an open or closed end date."""

    def in_post_on(self, day: dt.date) -> Self:
        return self.filter(Q(start_date__lte=day), Q(end_date__isnull=True) | Q(end_date__gte=day))

    def overlapping(self, start: dt.date, end: dt.date | None) -> Self:
        qs = self.filter(start_date__lte=end) if end else self
        return qs.filter(Q(end_date__isnull=True) | Q(end_date__gte=start))

    def in_year(self, year: int) -> Self:
        return self.overlapping(dt.date(year, 1, 1), dt.date(year, 12, 31))


class TeamQuerySet(DatedQuerySet["Team"]):
    pass


class CadreQuerySet(DatedQuerySet["Cadre"]):
    pass


class TrainingQuerySet(DatedQuerySet["Training"]):
    pass


def _check_dates(record: models.Model, errors: dict[str, str]) -> None:
    start, end = getattr(record, "start_date", None), getattr(record, "end_date", None)
    if start and end and end < start:
        errors["end_date"] = str(_("结束日期不能早于开始日期。"))


class Team(LedgerRecord):
    """A 组团式 team: teachers or doctors of the donor side taking over a school or hospital."""

    name = models.CharField(_("团队名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=12, choices=TeamKind.choices,
                            default=TeamKind.EDUCATION)
    host_unit = models.CharField(_("受援学校/医院"), max_length=100)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True)

    period_field = "start_date"
    objects: ClassVar[TeamQuerySet] = TeamQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("组团式帮扶团队")
        verbose_name_plural = _("组团式帮扶团队")
        ordering = ("-start_date", "name")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:teams:detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        _check_dates(self, errors)
        if errors:
            raise ValidationError(errors)


class Cadre(LedgerRecord):
    """A seconded cadre or professional (teacher, doctor, agronomist) on one posting."""

    name = models.CharField(_("姓名"), max_length=50)
    id_number = IdNumberField(_("身份证号"), blank=True,
                              help_text=_("选填；填写后按身份证号识别同一人"))
    phone = PhoneField(_("联系电话"), blank=True)
    direction = models.CharField(_("派出方向"), max_length=12, choices=Direction.choices,
                                 default=Direction.EAST_WEST)
    type = models.CharField(_("人才类型"), max_length=20, choices=CadreType.choices)
    team = models.ForeignKey(Team, verbose_name=_("组团式团队"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="members")
    home_unit = models.CharField(_("派出单位"), max_length=100)
    host_unit = models.CharField(_("接收单位"), max_length=100)
    post = models.CharField(_("挂职岗位/职务"), max_length=100, blank=True)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True,
                                help_text=_("留空表示仍在岗、期满日期未定"))

    period_field = "start_date"
    #: the recipient side keeps the exchange in both directions (who came, who went east to
    #: learn); the donor reads it (``xiezuo/core/scoping.py``)
    scope_reporting_side = "recipient"
    audit_masked: ClassVar[frozenset[str]] = frozenset({"id_number", "phone"})
    objects: ClassVar[CadreQuerySet] = CadreQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("干部人才")
        verbose_name_plural = _("干部人才")
        ordering = ("-start_date", "name")
        indexes = [models.Index(fields=("start_date", "end_date")),
                   models.Index(fields=("name", "home_unit"))]
        constraints = [models.CheckConstraint(
            condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
            name="cadre_end_after_start")]

    def __str__(self) -> str:
        return f"{self.name}（{self.host_unit}）"

    def get_absolute_url(self) -> str:
        return reverse("people:cadres:detail", args=[self.pk])

    def same_person(self) -> Q:
        """Other postings of this person: the same ID number, or the same name and home unit
        where an ID number is missing."""
        by_name = Q(name=self.name, home_unit=self.home_unit)
        if self.id_number:
            return Q(id_number=self.id_number) | (by_name & Q(id_number=""))
        return by_name

    def clashing(self) -> Cadre | None:
        """Another posting of the same person whose period overlaps this one."""
        if not (self.name and self.home_unit and self.start_date):
            return None
        others = Cadre.objects.filter(self.same_person()).exclude(pk=self.pk)
        return others.overlapping(self.start_date, self.end_date).order_by("start_date").first()

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        _check_dates(self, errors)
        team = self.team
        if team is not None and self.region_id and team.region_id != self.region_id:
            errors["team"] = str(_("团队「%(t)s」在%(r)s，与本人所在地区不同。") % {
                "t": team, "r": team.region})
        if self.pairing_id and self.region_id and "region" not in errors:
            self._check_direction(errors)
        if not errors:
            clash = self.clashing()
            if clash is not None:
                errors["start_date"] = str(_(
                    "%(n)s（%(u)s）已有 %(s)s 至 %(e)s 的派出记录，派出时间不能重叠。") % {
                    "n": self.name, "u": self.home_unit, "s": clash.start_date.isoformat(),
                    "e": clash.end_date.isoformat() if clash.end_date else _("至今")})
        if errors:
            raise ValidationError(errors)

    def _check_direction(self, errors: dict[str, str]) -> None:
        """东→西 postings are served in the recipient's area, 西→东 in the donor's."""
        pairing, region = self.pairing, self.region
        if self.direction == Direction.EAST_WEST and not region.is_within(pairing.recipient):
            errors["region"] = str(_("派往受援方的干部人才，所在地区应在受援方「%(r)s」范围内。")
                                   % {"r": pairing.recipient})
        elif (self.direction == Direction.WEST_EAST and pairing.donor is not None
              and not region.is_within(pairing.donor)):
            errors["region"] = str(_("派往帮扶方的干部人才，所在地区应在帮扶方「%(r)s」范围内。")
                                   % {"r": pairing.donor})


class TargetGroup(models.TextChoices):
    CADRES = "cadres", _("党政干部")
    TECHNICIANS = "technicians", _("专业技术人才")
    RURAL_LABOUR = "rural_labour", _("农村劳动力")
    LEADERS = "leaders", _("乡村振兴带头人")
    OTHER = "other", _("其他")


class Organiser(models.TextChoices):
    DONOR = "donor", _("帮扶方")
    RECIPIENT = "recipient", _("受援方")
    JOINT = "joint", _("双方联合")


class Training(LedgerRecord):
    """A training course (培训班) held under the pairing."""

    topic = models.CharField(_("培训主题"), max_length=200)
    target_group = models.CharField(_("培训对象"), max_length=16, choices=TargetGroup.choices)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    place = models.CharField(_("培训地点"), max_length=100)
    organiser = models.CharField(_("组织方"), max_length=12, choices=Organiser.choices)
    participants = models.PositiveIntegerField(_("培训人次"))
    participants_poverty = models.PositiveIntegerField(_("其中：脱贫人口"), default=0)

    period_field = "start_date"
    objects: ClassVar[TrainingQuerySet] = TrainingQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("培训")
        verbose_name_plural = _("培训")
        ordering = ("-start_date", "topic")
        constraints = [models.CheckConstraint(
            condition=Q(participants_poverty__lte=models.F("participants")),
            name="training_poverty_part")]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("people:trainings:detail", args=[self.pk])

    @property
    def days(self) -> int | None:
        return course_days(self.start_date, self.end_date)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        _check_dates(self, errors)
        if self.participants is not None and self.participants < 1:
            errors["participants"] = str(_("培训人次至少为 1。"))
        if (self.participants is not None and self.participants_poverty is not None
                and self.participants_poverty > self.participants):
            errors["participants_poverty"] = str(_("脱贫人口不能多于培训人次。"))
        if errors:
            raise ValidationError(errors)


def course_days(start: dt.date | None, end: dt.date | None) -> int | None:
    """A course's length in days, both ends counted; None without both dates."""
    if start and end:
        return (end - start).days + 1
    return None
