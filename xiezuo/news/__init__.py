"""The report reader: cleaning, extraction, deduplication and evaluation of news reports.

Pure Python, usable without Django (the ``news`` management command is a thin shell)::

    from xiezuo.news import clean_text, extract_text
    report = clean_text(raw)          # .simplified / .original / .raw, line-aligned
    record = extract_text(raw)        # the SCHEMA record: date, event types, regions…

Tables load lazily, once per process; nothing is fetched from the network.
"""

from __future__ import annotations

from typing import Any

__all__ = ["clean_file", "clean_text", "extract_file", "extract_text"]


def __getattr__(name: str) -> Any:
    if name in ("clean_text", "clean_file"):
        from xiezuo.news import clean

        return getattr(clean, name)
    if name in ("extract_text", "extract_file"):
        from xiezuo.news import extract

        return getattr(extract, name)
    raise AttributeError(name)
