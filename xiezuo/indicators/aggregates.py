"""The indicators' pre-aggregated figures: which stored ledger figures each indicator reads.

The figures themselves belong to the ledger layer (:mod:`xiezuo.ledgers.figures`): a
:class:`~xiezuo.ledgers.models.LedgerMeasure` per way of adding up a ledger, its figures kept
current by the ledger write action. Here an indicator's measures (its main ledger, then each
``also`` ledger) are matched to stored measures by their definition, so:

- an indicator whose measures are all stored and built is read from the figures;
- an indicator edited since (its measures' definition differs) finds no built measure and is
  computed from the ledgers until :func:`rebuild` runs for it (the catalogue editor does);
- "latest value" indicators and distinct counts that are not row counts are always computed
  from the ledger rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from xiezuo.indicators.models import Aggregation, Indicator, Measure
from xiezuo.ledgers import figures
from xiezuo.ledgers.models import LedgerMeasure

#: indicator pk → {measure part → stored measure id}, for indicators read from the figures
Stored = dict[int, dict[int, int]]


def storable(measure: Measure) -> bool:
    """Whether this measure of an indicator can be kept pre-aggregated at all."""
    if measure.model() is None or measure.unavailable_reason():
        return False
    if measure.aggregation == Aggregation.LATEST:
        return False
    return figures.storable(measure.source, measure.aggregation, measure.value_field)


def _signature(measure: Measure) -> str:
    model = measure.model()
    label = model._meta.label if model is not None else measure.source
    return figures.signature(label, measure.aggregation, measure.value_field, measure.filters)


def built(indicators: Sequence[Indicator]) -> Stored:
    """The indicators all of whose measures are stored and built, with their measure ids
    (one query)."""
    wanted = {ind.pk: ind.measures() for ind in indicators
              if ind.source and all(storable(m) for m in ind.measures())}
    if not wanted:
        return {}
    signatures = {_signature(m) for ms in wanted.values() for m in ms}
    ids = dict(LedgerMeasure.objects.filter(signature__in=sorted(signatures),
                                            built_at__isnull=False)
               .values_list("signature", "pk"))
    out: Stored = {}
    for pk, ms in wanted.items():
        parts = {m.part: ids.get(_signature(m)) for m in ms}
        if all(v is not None for v in parts.values()):
            out[pk] = {part: v for part, v in parts.items() if v is not None}
    return out


def rebuild(indicators: Iterable[Indicator] | None = None) -> dict[str, int]:
    """Build the figures of ``indicators`` (default: all, and drop stored measures no
    indicator reads any more). Returns the number of figures stored per indicator code."""
    everything = indicators is None
    chosen = list(Indicator.objects.all() if indicators is None else indicators)
    wanted: dict[str, LedgerMeasure] = {}
    of_indicator: dict[str, list[str]] = {}
    for ind in chosen:
        ms = ind.measures()
        if not ind.source or not all(storable(m) for m in ms):
            continue
        sigs = []
        for m in ms:
            stored = figures.measure(m.source, m.aggregation, m.value_field, m.filters)
            wanted[stored.signature] = stored
            sigs.append(stored.signature)
        of_indicator[ind.code] = sigs
    counts = figures.build(wanted.values())
    if everything:
        figures.forget(m.pk for m in wanted.values())
    return {code: sum(counts.get(wanted[s].pk, 0) for s in sigs)
            for code, sigs in of_indicator.items()}
