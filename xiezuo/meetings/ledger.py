from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from xiezuo.ledgers.declare import (
    Column,
    Ledger,
    Money,
    Number,
    Section,
    pairing_column,
    region_column,
)
from xiezuo.ledgers.inlines import Inline, child_count
from xiezuo.meetings.filters import AgreementFilter, MeetingFilter
from xiezuo.meetings.forms import AgreementForm, AgreementRowForm, MeetingForm, SourceRowForm
from xiezuo.meetings.models import Agreement, Meeting, Official, Source

GROUP = _("会议协议")


def _dates(o: Any) -> str:
    return _date_span(o.start_date, o.end_date)


def _date_span(start: dt.date, end: dt.date | None) -> str:
    """2022年12月1日 至 2022年12月2日 (in the user's language)."""
    if end and end != start:
        return _("%(s)s 至 %(e)s") % {"s": date_format(start), "e": date_format(end)}
    return date_format(start)


class MeetingLedger(Ledger):
    #: a complete row as an office in 临夏市 writes it: the template's example row, and
    #: what the checks every ledger passes enter by the form, a sheet and the API
    import_example = {
        "type": "联席会议",
        "title": "市中区—临夏市2024年东西部协作联席会议",
        "start_date": "2024年4月12日",
        "place": "临夏市",
        "region": "临夏市",
        "direction": "帮扶方赴受援方",
    }
    model = Meeting
    form = MeetingForm
    filterset = MeetingFilter
    namespace = "meetings:meetings"
    url_prefix = ""  # the app's root: /meetings/12/
    nav_order = 10
    group_label = GROUP
    ordering = ("-start_date", "-id")
    natural_key = ("title", "start_date")
    columns = [
        Column("start_date", _("日期"), render=_dates, fetch=("start_date", "end_date"),
               combine=_date_span),
        Column("type"),
        Column("title", link=True),
        Column("place"),
        region_column(),
        Column("direction", in_list=False),
        Number("official_count", _("出席领导（人）"), total=False,
               fetch=("official_count",)),
        Number("agreement_count", _("签约协议（份）"), fetch=("agreement_count",)),
        Money("funds_handed_over"),
        Column("funds_note", in_list=False),
        Column("summary", in_list=False),
        pairing_column(),
        Column("notes", in_list=False),
    ]
    sections = [
        Section(_("活动"), ["type", "title", "start_date", "end_date", "place", "region",
                            "direction", "pairing", "summary", "funds_handed_over",
                            "funds_note", "notes"]),
    ]
    inlines = [
        Inline(Official, ("side", "name", "title", "role"), _("出席领导"), extra=3),
        Inline(Agreement, ("title", "kind", "party_a", "party_b", "signed_on", "amount"),
               _("签约协议"), form=AgreementRowForm, inherit=("pairing", "region"),
               ordering=("signed_on", "id")),
        Inline(Source, ("title", "publisher", "published_on", "url"), _("来源报道"),
               form=SourceRowForm, extra=1),
    ]

    #: the tasks made from the meeting (xiezuo.checklists)
    tabs = [("tasks", _("任务清单"), "checklists/_source_tasks.html")]

    @classmethod
    def queryset(cls) -> Any:
        return super().queryset().annotate(
            official_count=child_count(Official, "meeting"),
            agreement_count=child_count(Agreement, "meeting"))


class AgreementLedger(Ledger):
    #: a complete row as an office in 临夏市 writes it: the template's example row, and
    #: what the checks every ledger passes enter by the form, a sheet and the API
    import_example = {
        "title": "2024年东西部协作框架协议",
        "kind": "框架协议",
        "party_a": "济南市市中区",
        "party_b": "临夏市",
        "signed_on": "2024年4月12日",
        "amount": "2000",
        "region": "临夏市",
    }
    model = Agreement
    form = AgreementForm
    filterset = AgreementFilter
    namespace = "meetings:agreements"
    nav_order = 20
    group_label = GROUP
    select_related = ("pairing__donor", "pairing__recipient", "region", "meeting")
    ordering = ("-signed_on", "-id")
    natural_key = ("title", "party_a", "party_b", "signed_on")
    columns = [
        Column("signed_on"),
        Column("title", link=True),
        Column("kind"),
        Column("party_a"),
        Column("party_b"),
        Money("amount"),
        Column("meeting", render=lambda o: o.meeting or "", fetch=("meeting__title",)),
        region_column(),
        pairing_column(),
        Column("notes", in_list=False),
    ]
    #: the tasks made from the agreement (xiezuo.checklists)
    tabs = [("tasks", _("任务清单"), "checklists/_source_tasks.html")]
