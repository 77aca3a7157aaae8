"""Outliers by a robust rule (the modified z-score of Iglewicz and Hoaglin): a figure is an
outlier when it lies more than ``k`` robust standard deviations from the median of its
history, the robust standard deviation being 1.4826 × the median absolute deviation (MAD).
Median and MAD are not pulled by the outliers of the history themselves, as a mean and a
standard deviation are. Plain Python, no Django.

When the MAD is zero (half the history or more is the same figure) the mean absolute
deviation stands in (× 1.2533, its ratio to the standard deviation of a normal law); when
that is zero too (a history of one figure repeated), any other figure is an outlier.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from statistics import median

MAD_SCALE = Decimal("1.4826")
MEAN_AD_SCALE = Decimal("1.2533")


@dataclass(frozen=True)
class Outlier:
    value: Decimal
    median: Decimal
    spread: Decimal  # the robust standard deviation (0 when the history is one figure)
    score: Decimal | None  # |value − median| / spread; None when spread is 0

    def bounds(self, k: Decimal) -> tuple[Decimal, Decimal]:
        """The figures that would not have been flagged."""
        return self.median - k * self.spread, self.median + k * self.spread


def spread(history: Sequence[Decimal]) -> tuple[Decimal, Decimal]:
    """The history's median and robust standard deviation."""
    middle = Decimal(median(history))
    mad = Decimal(median([abs(x - middle) for x in history]))
    if mad:
        return middle, MAD_SCALE * mad
    mean_ad = sum((abs(x - middle) for x in history), Decimal(0)) / len(history)
    return middle, MEAN_AD_SCALE * mean_ad


def outlier(history: Sequence[Decimal], value: Decimal, k: Decimal,
            min_history: int) -> Outlier | None:
    """``value`` as an outlier of ``history``, or None when it is not one or the history is
    shorter than ``min_history``."""
    if not history or len(history) < min_history:
        return None
    middle, sd = spread(history)
    distance = abs(value - middle)
    if sd == 0:
        return Outlier(value, middle, sd, None) if distance else None
    score = distance / sd
    return Outlier(value, middle, sd, score) if score > k else None
