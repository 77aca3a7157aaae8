"""Projects as IATI activities (standard 2.03), in XML and in JSON, written as a stream.

One project is one ``iati-activity``; its fund movements are its transactions. What IATI has
no element for (the pairing, the project's budget by fund source, its benefit link, and the
pairing's cadres, labour and consumption figures) goes into the extension namespace ``XZ``.
The mapping is documented in docs/OPEN_DATA.md.

Each activity is first built as a plain dict (the JSON form), then turned into XML from that
dict, so the two outputs cannot drift apart. Projects are read in chunks of ``CHUNK`` by
primary key, each chunk with its movements and status changes prefetched: three queries per
chunk, and memory bounded by the chunk, whatever the size of the export.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy
from lxml import etree

from xiezuo.core.logging import mask_text
from xiezuo.funds.models import FundMovement, MovementType
from xiezuo.ledgers.models import ReportingSide
from xiezuo.projects.models import BUDGET_FIELDS, Project, Status, Transition

IATI_VERSION = "2.03"
#: the extension namespace for what IATI has no element for
XZ = "https://xiezuo.example/ns/iati-ext/1"
#: IATI requires at least one activity: an empty file would not be valid, so none is made
EMPTY = gettext_lazy(
    "没有符合条件的项目：IATI 文件至少要有一个活动，无法导出空文件。请放宽筛选条件。")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CURRENCY = "CNY"
CHUNK = 500

#: project lifecycle → IATI ActivityStatus (1 pipeline, 2 implementation, 3 finalisation,
#: 4 closed): an approved project has not started yet; acceptance closes the aid activity
#: (what operates afterwards is the recipient's asset)
ACTIVITY_STATUS = {
    Status.PLANNED: "1",
    Status.APPROVED: "1",
    Status.BUILDING: "2",
    Status.COMPLETED: "3",
    Status.ACCEPTED: "4",
    Status.OPERATING: "4",
}

#: IATI OrganisationRole and OrganisationType codes used here
ROLE_FUNDING, ROLE_IMPLEMENTING = "1", "4"
ORG_TYPE_GOVERNMENT = "10"

#: the project's own sector list (vocabulary 99, reporting organisation) is always given; the
#: sectors that have a clear OECD DAC 3-digit counterpart (vocabulary 2) carry it too
DAC3 = {
    "industry": "321",  # Industry
    "employment": "160",  # Other social infrastructure and services (16020 employment)
    "education": "111",  # Education, level unspecified
    "training": "113",  # Secondary education (11330 vocational training)
    "health": "121",  # Health, general
    "housing": "160",  # Other social infrastructure and services (16030/16040 housing)
    "culture_tourism": "332",  # Tourism
    "digital": "220",  # Communications
}

#: fund movement → IATI TransactionType, and the sign of its value. A return (退回) lowers
#: what the project was given: a negative outgoing commitment (a de-commitment).
def transaction_type(movement: FundMovement) -> tuple[str, int]:
    if movement.type == MovementType.COMMITMENT:
        return "2", 1  # Outgoing Commitment
    if movement.type == MovementType.TRANSFER:
        if movement.reported_by == ReportingSide.RECIPIENT:
            return "1", 1  # Incoming Funds
        return "3", 1  # Disbursement
    if movement.type == MovementType.ALLOCATION:
        return "2", 1  # Outgoing Commitment
    if movement.type == MovementType.SPENDING:
        return "4", 1  # Expenditure
    return "2", -1  # return: negative Outgoing Commitment


def org_id() -> str:
    return str(getattr(settings, "OPENDATA_IATI_ORG_ID", "XZ-PLACEHOLDER"))


def org_name() -> str:
    return str(getattr(settings, "OPENDATA_IATI_ORG_NAME", "东西部协作信息平台"))


def identifier(project_id: int) -> str:
    """Stable: the reporting organisation's identifier and the project's id."""
    return f"{org_id()}-P{project_id}"


def _money(value: Decimal | int) -> str:
    return f"{Decimal(value):.2f}"


def _text(value: str) -> str:
    """Free text leaves with ID and mobile numbers masked (open data carries no personal
    data, whatever was typed into a description)."""
    return mask_text(value.strip())


def projects(queryset: Any) -> Iterator[Project]:
    """The projects of ``queryset`` (already scoped and filtered), by primary key, in chunks
    with their fund movements and status changes: three queries per chunk."""
    movements = FundMovement.objects.order_by("date", "id")
    transitions = Transition.objects.order_by("date", "id")
    base = queryset.order_by("pk").select_related(
        "pairing__donor", "pairing__recipient", "region", "sector").prefetch_related(
        Prefetch("fund_movements", queryset=movements),
        Prefetch("transitions", queryset=transitions))
    last = 0
    while True:
        chunk = list(base.filter(pk__gt=last)[:CHUNK])
        yield from chunk
        if len(chunk) < CHUNK:
            return
        last = chunk[-1].pk


def _dates(project: Project) -> list[dict[str, str]]:
    """IATI ActivityDateType: 1 planned start, 2 actual start, 3 planned end, 4 actual end."""
    dates: list[dict[str, str]] = []
    started = finished = None
    for t in project.transitions.all():
        if t.to_status == Status.BUILDING and started is None:
            started = t.date
        if t.to_status == Status.COMPLETED and finished is None:
            finished = t.date
    if project.planned_start:
        dates.append({"type": "1", "iso-date": project.planned_start.isoformat()})
    if started:
        dates.append({"type": "2", "iso-date": started.isoformat()})
    if project.planned_finish:
        dates.append({"type": "3", "iso-date": project.planned_finish.isoformat()})
    if finished:
        dates.append({"type": "4", "iso-date": finished.isoformat()})
    if not dates:  # IATI requires one: the start of the project's year, as planned start
        dates.append({"type": "1", "iso-date": dt.date(project.year, 1, 1).isoformat()})
    return dates


def activity(project: Project) -> dict[str, Any]:
    """The project as an IATI activity, in the JSON form (see docs/OPEN_DATA.md)."""
    pairing, region = project.pairing, project.region
    orgs: list[dict[str, str]] = [
        {"role": ROLE_FUNDING, "type": ORG_TYPE_GOVERNMENT, "narrative": pairing.donor_name},
        {"role": ROLE_IMPLEMENTING, "type": ORG_TYPE_GOVERNMENT,
         "narrative": pairing.recipient.name},
    ]
    if project.implementing_unit.strip():
        orgs.append({"role": ROLE_IMPLEMENTING, "narrative": _text(project.implementing_unit)})
    place = "".join(p for p in (project.township, project.village) if p)
    location: dict[str, Any] = {"ref": region.code, "name": region.name}
    if place:
        location["description"] = _text(place)
    if region.lat is not None and region.lng is not None:
        location["point"] = {"lat": region.lat, "lng": region.lng}
    sectors = [{"vocabulary": "99", "code": project.sector.code, "percentage": "100",
                "narrative": project.sector.name}]
    if project.sector.code in DAC3:
        sectors.append({"vocabulary": "2", "code": DAC3[project.sector.code],
                        "percentage": "100"})
    total = project.budget_total
    budgets = []
    if total:
        start = dt.date(project.year, 1, 1).isoformat()
        budgets.append({"type": "1", "status": "1" if project.status == Status.PLANNED else "2",
                        "period-start": start,
                        "period-end": dt.date(project.year, 12, 31).isoformat(),
                        "value": _money(total), "value-date": start})
    transactions = []
    for m in project.fund_movements.all():
        code, sign = transaction_type(m)
        transactions.append({
            "ref": f"{identifier(project.pk)}-T{m.pk}", "transaction-type": code,
            "transaction-date": m.date.isoformat(), "value": _money(sign * m.amount),
            "value-date": m.date.isoformat(),
            "description": f"{m.get_type_display()}（{m.get_source_display()}，"
                           f"{m.get_reported_by_display()}）"})
    description = _text(project.content) or project.name
    return {
        "iati-identifier": identifier(project.pk),
        "last-updated-datetime": project.updated_at.isoformat(timespec="seconds"),
        "default-currency": CURRENCY,
        "xml:lang": "zh",
        "reporting-org": {"ref": org_id(), "type": ORG_TYPE_GOVERNMENT,
                          "narrative": org_name()},
        "title": project.name,
        "description": description,
        "participating-org": orgs,
        "activity-status": ACTIVITY_STATUS[Status(project.status)],
        "activity-date": _dates(project),
        "recipient-country": "CN",
        "location": location,
        "sector": sectors,
        "budget": budgets,
        "transaction": transactions,
        "xz": {
            "pairing": pairing.pk,
            "year": project.year,
            "status": project.status,
            "budget-lines": {f.removeprefix("budget_"): _money(getattr(project, f))
                             for f in BUDGET_FIELDS},
            "benefit-type": project.benefit_type,
            "beneficiaries": project.beneficiaries,
            "beneficiaries-poverty": project.beneficiaries_poverty,
            "beneficiaries-monitored": project.beneficiaries_monitored,
            "households": project.households,
            "jobs-created": project.jobs_created,
        },
    }


# --- the pairings the activities belong to, with what IATI has no element for ------------

@dataclass
class PairingTotals:
    """The figures of one pairing in one year (counts and sums only: nothing personal)."""

    cadres: int = 0
    technicians: int = 0
    trainees: int = 0
    labour_persons: int = 0
    labour_poverty: int = 0
    consumption: dict[str, Decimal] = field(default_factory=dict)


def visible(model: Any, user: Any) -> Any:
    """The rows of ``model`` the user may see; ``None`` is the command line, which exports
    everything (like a national office)."""
    return model.objects.all() if user is None else model.objects.restrict(user, "view")


def pairing_figures(user: Any, pairing_years: dict[int, set[int]]) -> list[dict[str, Any]]:
    """The pairings referenced by the exported activities, with their yearly figures for the
    years exported: a constant number of queries, every ledger read through the user's scope.
    """
    from xiezuo.consumption.models import Consumption
    from xiezuo.labour import figures as labour_figures
    from xiezuo.labour.models import LabourCount, LabourRecord
    from xiezuo.pairings.models import Pairing
    from xiezuo.people.models import Cadre, CadreType, Direction, Training

    if not pairing_years:
        return []
    ids = set(pairing_years)
    years = set().union(*pairing_years.values())
    totals: dict[tuple[int, int], PairingTotals] = defaultdict(PairingTotals)

    def scoped(model: Any) -> Any:
        return visible(model, user).filter(pairing_id__in=ids)

    cadres = (scoped(Cadre).filter(direction=Direction.EAST_WEST)
              .annotate(y=ExtractYear("start_date")).filter(y__in=years)
              .order_by().values("pairing_id", "y")
              .annotate(party=Count("pk", filter=Q(type=CadreType.PARTY_GOVERNMENT)),
                        others=Count("pk", filter=~Q(type=CadreType.PARTY_GOVERNMENT))))
    for r in cadres:
        t = totals[(r["pairing_id"], r["y"])]
        t.cadres, t.technicians = r["party"], r["others"]
    trained = (scoped(Training).annotate(y=ExtractYear("start_date")).filter(y__in=years)
               .order_by().values("pairing_id", "y").annotate(n=Sum("participants")))
    for r in trained:
        totals[(r["pairing_id"], r["y"])].trainees = r["n"] or 0
    for tr in labour_figures.by_pairing_year(scoped(LabourRecord).filter(year__in=years),
                                             scoped(LabourCount).filter(year__in=years)):
        t = totals[(tr.pairing_id, tr.year)]
        t.labour_persons, t.labour_poverty = tr.persons, tr.poverty
    bought = (scoped(Consumption).annotate(y=ExtractYear("date")).filter(y__in=years)
              .order_by().values("pairing_id", "y", "kind").annotate(n=Sum("amount")))
    for r in bought:
        totals[(r["pairing_id"], r["y"])].consumption[r["kind"]] = r["n"] or Decimal(0)

    out = []
    for p in visible(Pairing, user).with_regions().filter(
            pk__in=ids).order_by("pk"):
        out.append({
            "id": p.pk, "kind": p.kind, "level": p.level,
            "donor": p.donor_name, "donor-code": p.donor.code if p.donor else None,
            "recipient": p.recipient.name, "recipient-code": p.recipient.code,
            "start-date": p.start_date.isoformat(),
            "end-date": p.end_date.isoformat() if p.end_date else None,
            "years": [_year_figures(y, totals[(p.pk, y)])
                      for y in sorted(pairing_years[p.pk])],
        })
    return out


def _year_figures(year: int, t: PairingTotals) -> dict[str, Any]:
    return {"year": year, "cadres": t.cadres, "technicians": t.technicians,
            "trainees": t.trainees, "labour-persons": t.labour_persons,
            "labour-poverty": t.labour_poverty,
            "consumption-purchase": _money(t.consumption.get("purchase", 0)),
            "consumption-help-sell": _money(t.consumption.get("help_sell", 0))}


# --- XML ------------------------------------------------------------------------------------

def _el(parent: etree._Element, tag: str, attrib: dict[str, str] | None = None,
        text: str | None = None) -> etree._Element:
    node = etree.SubElement(parent, tag, {k: v for k, v in (attrib or {}).items()
                                          if v not in (None, "")})
    if text is not None:
        node.text = text
    return node


def _narrative(parent: etree._Element, text: str) -> None:
    _el(parent, "narrative", {XML_LANG: "zh"}, text)


def _x(name: str) -> str:
    return f"{{{XZ}}}{name}"


def activity_xml(a: dict[str, Any]) -> etree._Element:
    """The JSON form of an activity as its ``iati-activity`` element."""
    root = etree.Element("iati-activity", {
        "last-updated-datetime": a["last-updated-datetime"],
        "default-currency": a["default-currency"], XML_LANG: a["xml:lang"]},
        nsmap={"xz": XZ})
    _el(root, "iati-identifier", text=a["iati-identifier"])
    rep = a["reporting-org"]
    _narrative(_el(root, "reporting-org", {"ref": rep["ref"], "type": rep["type"]}),
               rep["narrative"])
    _narrative(_el(root, "title"), a["title"])
    _narrative(_el(root, "description", {"type": "1"}), a["description"])
    for org in a["participating-org"]:
        _narrative(_el(root, "participating-org",
                       {"role": org["role"], "type": org.get("type", "")}), org["narrative"])
    _el(root, "activity-status", {"code": a["activity-status"]})
    for d in a["activity-date"]:
        _el(root, "activity-date", {"type": d["type"], "iso-date": d["iso-date"]})
    _el(root, "recipient-country", {"code": a["recipient-country"], "percentage": "100"})
    loc = a["location"]
    node = _el(root, "location", {"ref": loc["ref"]})
    _narrative(_el(node, "name"), loc["name"])
    if "description" in loc:
        _narrative(_el(node, "description"), loc["description"])
    if "point" in loc:  # IATI: latitude first, WGS 84
        point = _el(node, "point", {"srsName": "http://www.opengis.net/def/crs/EPSG/0/4326"})
        _el(point, "pos", text=f"{loc['point']['lat']:.6f} {loc['point']['lng']:.6f}")
        _el(node, "exactness", {"code": "2"})  # approximate: the county's point
    _el(node, "location-class", {"code": "1"})  # administrative region
    for s in a["sector"]:
        sector = _el(root, "sector", {"vocabulary": s["vocabulary"], "code": s["code"],
                                      "percentage": s["percentage"]})
        if s.get("narrative"):
            _narrative(sector, s["narrative"])
    for b in a["budget"]:
        budget = _el(root, "budget", {"type": b["type"], "status": b["status"]})
        _el(budget, "period-start", {"iso-date": b["period-start"]})
        _el(budget, "period-end", {"iso-date": b["period-end"]})
        _el(budget, "value", {"value-date": b["value-date"]}, b["value"])
    for t in a["transaction"]:
        tx = _el(root, "transaction", {"ref": t["ref"]})
        _el(tx, "transaction-type", {"code": t["transaction-type"]})
        _el(tx, "transaction-date", {"iso-date": t["transaction-date"]})
        _el(tx, "value", {"value-date": t["value-date"]}, t["value"])
        _narrative(_el(tx, "description"), t["description"])
    ext = a["xz"]
    project = _el(root, _x("project"), {"pairing": str(ext["pairing"]),
                                        "year": str(ext["year"]), "status": ext["status"]})
    for source, value in ext["budget-lines"].items():
        _el(project, _x("budget-line"), {"source": source}, value)
    _el(project, _x("benefit"), {
        "type": ext["benefit-type"], "beneficiaries": str(ext["beneficiaries"]),
        "beneficiaries-poverty": str(ext["beneficiaries-poverty"]),
        "beneficiaries-monitored": str(ext["beneficiaries-monitored"]),
        "households": str(ext["households"]), "jobs-created": str(ext["jobs-created"])})
    return root


def pairing_xml(p: dict[str, Any]) -> etree._Element:
    node = etree.Element(_x("pairing"), {
        k: str(p[k]) for k in ("id", "kind", "level", "donor-code", "recipient-code",
                               "start-date", "end-date") if p[k] not in (None, "")},
        nsmap={"xz": XZ})
    _el(node, _x("donor"), text=p["donor"])
    _el(node, _x("recipient"), text=p["recipient"])
    for y in p["years"]:
        _el(node, _x("figures"), {k: str(v) for k, v in y.items()})
    return node


def _serialise(node: etree._Element) -> bytes:
    return etree.tostring(node, encoding="utf-8") + b"\n"


@dataclass
class Export:
    """One export: the user's scoped, filtered projects and the pairings they belong to."""

    user: Any
    queryset: Any
    pairing_years: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))

    def activities(self) -> Iterator[dict[str, Any]]:
        for project in projects(self.queryset):
            self.pairing_years[project.pairing_id].add(project.year)
            yield activity(project)

    def pairings(self) -> list[dict[str, Any]]:
        return pairing_figures(self.user, self.pairing_years)

    def xml(self) -> Iterator[bytes]:
        """The ``iati-activities`` document, one activity at a time. IATI wants at least one
        activity in a file: an empty export is a document without any, which says so."""
        now = timezone.now().isoformat(timespec="seconds")
        yield (f'<?xml version="1.0" encoding="UTF-8"?>\n'
               f'<iati-activities version="{IATI_VERSION}" generated-datetime="{now}" '
               f'xmlns:xz="{XZ}">\n').encode()
        for a in self.activities():
            yield _serialise(activity_xml(a))
        for p in self.pairings():
            yield _serialise(pairing_xml(p))
        yield b"</iati-activities>\n"

    def json(self) -> Iterator[bytes]:
        """The same as JSON: ``{"version", "generated-datetime", "activities": [...],
        "pairings": [...]}``, written one activity at a time."""
        head = {"version": IATI_VERSION,
                "generated-datetime": timezone.now().isoformat(timespec="seconds"),
                "extension-namespace": XZ}
        yield json.dumps(head, ensure_ascii=False)[:-1].encode() + b', "activities": [\n'
        yield from _joined(json.dumps(a, ensure_ascii=False).encode()
                           for a in self.activities())
        pairings = json.dumps(self.pairings(), ensure_ascii=False, indent=None)
        yield f'\n], "pairings": {pairings}}}\n'.encode()


def _joined(parts: Iterable[bytes]) -> Iterator[bytes]:
    first = True
    for part in parts:
        yield part if first else b",\n" + part
        first = False
