from __future__ import annotations

from xiezuo.ledgers.declare import Column, Ledger
from xiezuo.ledgers.filters import LedgerFilter
from xiezuo.ledgers.forms import LedgerForm

from .models import SampleVisit


class SampleVisitForm(LedgerForm):
    class Meta:
        model = SampleVisit
        fields = ("date", "summary", "region", "pairing", "notes")


class SampleVisitFilter(LedgerFilter):
    class Meta:
        model = SampleVisit
        fields = ("q", "region", "pairing")


class SampleVisitLedger(Ledger):
    model = SampleVisit
    form = SampleVisitForm
    filterset = SampleVisitFilter
    namespace = "sample_ledger"
    group_label = "样例"
    columns = [Column("date", link=True), Column("summary"), Column("region")]
    import_example = {"date": "2024年3月5日", "summary": "走访", "region": "临夏市"}
