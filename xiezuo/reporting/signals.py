"""Signals of the reporting chain, for apps that act when a period is approved or reopened."""

from __future__ import annotations

from django.dispatch import Signal

#: Sent inside the approving transaction, after the submission is saved as approved.
#: Keyword arguments: ``submission`` (the approved submission), ``region`` (the county),
#: ``period_start`` and ``period_end`` (dates, inclusive), ``user`` (the approver).
period_approved = Signal()

#: Sent when an approved period is unlocked for correction, with the same arguments plus
#: ``reason``.
period_unlocked = Signal()
