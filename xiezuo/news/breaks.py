"""The nearest punctuation mark before or after a place in a report: where its sentence or
clause starts and ends.

``last_of(text, "。!?\\n", at)`` is ``max(text.rfind(m, 0, at) for m in "。!?\\n")``, and
``first_of`` the nearest ``text.find(m, at)``; but a mark the text does not hold (a "!" in
most reports) sends such a search over the whole text, at every place asked. Both look
near the place first: a mark found there is nearer than any beyond, and only when none is
found are the marks sought in the whole text.
"""

from __future__ import annotations

#: characters looked at first, before and after the place (longer than most sentences)
NEAR = 200


def last_of(text: str, marks: str, at: int) -> int:
    """The place of the last of ``marks`` (single characters) before ``at``, or -1."""
    if at > NEAR:
        found = max([text.rfind(mark, at - NEAR, at) for mark in marks])
        if found != -1:
            return found
    return max([text.rfind(mark, 0, at) for mark in marks])


def first_of(text: str, marks: str, at: int) -> int:
    """The place of the first of ``marks`` (single characters) from ``at`` on, or -1."""
    if 0 <= at and at + NEAR < len(text):
        near = [i for i in [text.find(mark, at, at + NEAR) for mark in marks] if i != -1]
        if near:
            return min(near)
    found = [i for i in [text.find(mark, at) for mark in marks] if i != -1]
    return min(found) if found else -1
