"""The record's vocabulary that the pages share with the reader (see the corpus SCHEMA).

Plain constants with no import: a form that lists the event types does not load the
reader's patterns for them.
"""

from __future__ import annotations

#: the event types a record may carry, in the schema's order
EVENT_TYPES = (
    "visit",
    "joint_meeting",
    "signing",
    "fund_delivery",
    "summary",
    "training",
    "labour",
    "consumption",
    "project",
)
