"""Consumption assistance (消费帮扶): the donor side buying the recipient's products (采购) or
helping to sell them (帮助销售). The two are different figures and are never added together."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xiezuo.core.money import MoneyField, format_amount
from xiezuo.core.scoping import ScopedQuerySet
from xiezuo.ledgers.models import LedgerRecord

#: a single entry outside this range (yuan) is taken for a unit mistake (元 typed as 万元...)
AMOUNT_RANGE = (Decimal(100), Decimal(1_000_000_000))


class Kind(models.TextChoices):
    PURCHASE = "purchase", _("采购")
    HELP_SELL = "help_sell", _("帮助销售")


class BuyerType(models.TextChoices):
    GOVERNMENT = "government", _("机关事业单位")
    ENTERPRISE = "enterprise", _("企业")
    UNION = "union", _("工会")
    INDIVIDUAL = "individual", _("个人（经平台）")
    OTHER = "other", _("其他")


class Channel(models.TextChoices):
    FAIR = "fair", _("展销会")
    ECOMMERCE = "ecommerce", _("电商平台")
    PLATFORM_832 = "platform_832", _("832平台")
    CANTEEN = "canteen", _("单位食堂")
    STORE = "store", _("消费帮扶专馆/专柜")
    CONTRACT = "contract", _("订单直采")
    OTHER = "other", _("其他")


class Category(models.TextChoices):
    GRAIN_OIL = "grain_oil", _("粮油")
    MEAT_EGG = "meat_egg", _("肉禽蛋奶")
    FRUIT_VEG = "fruit_veg", _("果蔬")
    TEA = "tea", _("茶叶")
    HERBS = "herbs", _("中药材")
    PROCESSED = "processed", _("加工食品")
    HANDICRAFT = "handicraft", _("手工艺品")
    OTHER = "other", _("其他")


#: channels open to each buyer type (832平台 serves budget units and unions; individuals buy
#: through platforms, fairs and stores)
CHANNELS_FOR: dict[str, set[str]] = {
    BuyerType.INDIVIDUAL: {Channel.ECOMMERCE, Channel.FAIR, Channel.STORE, Channel.OTHER},
}
BUYERS_FOR_832 = {BuyerType.GOVERNMENT, BuyerType.UNION}


class ConsumptionQuerySet(ScopedQuerySet["Consumption"]):
    def purchases(self) -> ConsumptionQuerySet:
        return self.filter(kind=Kind.PURCHASE)

    def help_sold(self) -> ConsumptionQuerySet:
        return self.filter(kind=Kind.HELP_SELL)

    def in_year(self, year: int) -> ConsumptionQuerySet:
        return self.filter(date__year=year)


class Consumption(LedgerRecord):
    """One purchase or help-to-sell entry. ``region`` is where the products come from."""

    date = models.DateField(_("日期"))
    kind = models.CharField(_("方式"), max_length=12, choices=Kind.choices)
    buyer_type = models.CharField(_("购买方类型"), max_length=12, choices=BuyerType.choices)
    buyer = models.CharField(_("购买方"), max_length=100)
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    category = models.CharField(_("产品类别"), max_length=12, choices=Category.choices)
    product = models.CharField(_("产品"), max_length=100)
    supplier = models.CharField(_("供货主体"), max_length=100, blank=True,
                                help_text=_("受援地企业、合作社或农户"))
    amount = MoneyField(_("金额"))

    period_field = "date"
    objects: ClassVar[ConsumptionQuerySet] = ConsumptionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("消费帮扶")
        verbose_name_plural = _("消费帮扶")
        ordering = ("-date", "-id")
        indexes = [models.Index(fields=("kind", "date")),
                   # the list's order: a page is read from the index, not sorted
                   models.Index(fields=("date", "id"), name="consumption_list_order_idx")]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0),
                                              name="consumption_amount_positive")]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.product}"

    def get_absolute_url(self) -> str:
        return reverse("consumption:detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.amount is not None:
            low, high = AMOUNT_RANGE
            if self.amount < low:
                errors["amount"] = str(_("金额 %(v)s 低于单笔下限 %(lo)s，是否应以万元填写？") % {
                    "v": format_amount(self.amount, "yuan"), "lo": format_amount(low, "yuan")})
            elif self.amount > high:
                errors["amount"] = str(_(
                    "金额 %(v)s 超过单笔上限 %(hi)s，请检查单位（元/万元/亿元）。") % {
                    "v": format_amount(self.amount, "yi"), "hi": format_amount(high, "yi")})
        allowed = CHANNELS_FOR.get(self.buyer_type)
        if allowed is not None and self.channel and self.channel not in allowed:
            errors["channel"] = str(_("个人购买只能经电商平台、展销会或专馆专柜等渠道。"))
        if self.channel == Channel.PLATFORM_832 and self.buyer_type not in BUYERS_FOR_832:
            errors["buyer_type"] = str(_("832平台的购买方应为机关事业单位或工会。"))
        if errors:
            raise ValidationError(errors)
