"""Fund movements (资金) in yuan: committed, transferred, allocated, spent, returned."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from xiezuo.core.money import MoneyField
from xiezuo.core.scoping import ScopedQuerySet
from xiezuo.ledgers.models import LedgerRecord, ReportingSide


class MovementType(models.TextChoices):
    COMMITMENT = "commitment", _("计划/协议")
    TRANSFER = "transfer", _("拨付")
    ALLOCATION = "allocation", _("安排")
    SPENDING = "spending", _("支出")
    RETURN = "return", _("退回")


class FundSource(models.TextChoices):
    FISCAL = "fiscal", _("财政援助资金")
    SOCIAL = "social", _("社会帮扶资金")


#: movements that belong to a project
PROJECT_TYPES = {MovementType.ALLOCATION, MovementType.SPENDING}


class FundMovementQuerySet(ScopedQuerySet["FundMovement"]):
    def of_type(self, kind: str) -> FundMovementQuerySet:
        return self.filter(type=kind)

    def in_year(self, year: int) -> FundMovementQuerySet:
        return self.filter(year=year)

    def project_balance(self, project_id: int) -> dict[str, Any]:
        """Allocated, spent and returned for one project, in one query."""
        return self.filter(project_id=project_id).aggregate(
            allocated=Sum("amount", filter=Q(type=MovementType.ALLOCATION), default=0),
            spent=Sum("amount", filter=Q(type=MovementType.SPENDING), default=0),
            returned=Sum("amount", filter=Q(type=MovementType.RETURN), default=0),
        )


class FundMovement(LedgerRecord):
    year = models.PositiveSmallIntegerField(_("资金年度"))
    date = models.DateField(_("日期"))
    type = models.CharField(_("资金环节"), max_length=12, choices=MovementType.choices)
    source = models.CharField(_("资金来源"), max_length=8, choices=FundSource.choices,
                              default=FundSource.FISCAL)
    amount = MoneyField(_("金额"))
    reported_by = models.CharField(_("填报方"), max_length=12, choices=ReportingSide.choices)
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("项目"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="fund_movements",
    )
    document_no = models.CharField(_("文号/凭证号"), max_length=100, blank=True)
    override_reason = models.CharField(
        _("超支说明"), max_length=200, blank=True,
        help_text=_("管理员准许支出超过安排金额时必须填写，记入操作日志"),
    )

    period_field = "date"
    objects: ClassVar[FundMovementQuerySet] = FundMovementQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("资金流水")
        verbose_name_plural = _("资金流水")
        ordering = ("-date", "-id")
        indexes = [
            models.Index(fields=("pairing", "year", "type")),
            models.Index(fields=("project", "type")),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fund_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_type_display()} {self.amount} 元"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = _("金额必须大于零。")
        if self.type in PROJECT_TYPES and self.project_id is None:
            errors["project"] = _("「%(t)s」须指明项目。") % {"t": self.get_type_display()}
        project = self.project
        if project is not None and self.region_id and project.region_id != self.region_id:
            errors["project"] = _("项目「%(p)s」不在 %(r)s。") % {
                "p": self.project, "r": self.region}
        if project is not None and self.pairing_id and project.pairing_id != self.pairing_id:
            errors["project"] = _("项目「%(p)s」属于另一个结对。") % {"p": self.project}
        if self.date and self.year and abs(self.date.year - self.year) > 1:
            errors["year"] = _("资金年度与日期相差超过一年，请检查。")
        if errors:
            raise ValidationError(errors)

    def save(self, *args: object, **kwargs: object) -> None:
        """Spending beyond a project's allocation is refused unless an override reason is
        given (only administrators may give one); the check runs with the project locked, so
        two spendings at once cannot both slip through."""
        from django.db import transaction

        from xiezuo.projects.models import Project

        with transaction.atomic():
            if self.type == MovementType.SPENDING and self.project_id:
                Project.objects.select_for_update().filter(pk=self.project_id).first()
                available = self.available_for_spending()
                if self.amount > available:
                    if not self.override_reason:
                        raise ValidationError({"amount": overspend_message(available)})
                    kwargs.setdefault("audit_action", "override")
                    kwargs.setdefault("audit_reason", self.override_reason)
            super().save(*args, **kwargs)  # type: ignore[arg-type]

    def available_for_spending(self) -> Decimal:
        """What the project may still spend: allocated − returned − spent (other rows)."""
        others = FundMovement.objects.exclude(pk=self.pk)
        b: dict[str, Any] = others.project_balance(self.project_id or 0)
        return Decimal(b["allocated"]) - Decimal(b["returned"]) - Decimal(b["spent"])


def overspend_message(available: Decimal) -> str:
    from xiezuo.core.money import format_amount

    message = _("支出超过项目安排的资金：本项目最多还可支出 %(a)s（%(y)s）。"
                "超支须由管理员填写超支说明。")
    left = max(available, Decimal(0))
    return str(message % {"a": format_amount(left), "y": format_amount(left, "yuan")})
