from __future__ import annotations

from django.db import models

from xiezuo.ledgers.models import LedgerRecord


class SampleVisit(LedgerRecord):
    """A visit of the sample ledger: a date and what was seen."""

    date = models.DateField("日期")
    summary = models.CharField("情况", max_length=200)

    period_field = "date"

    class Meta:
        verbose_name = "样例记录"
        verbose_name_plural = "样例记录"

    def __str__(self) -> str:
        return f"{self.date} {self.summary}"
