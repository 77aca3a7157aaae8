"""Demo fund movements for the demo projects: each pairing-year committed and transferred by
the donor, received by the recipient, allocated to its projects and (mostly) spent. One
pairing-year is left unreconciled (the recipient recorded 5万元 less than the donor sent), and
recent projects hold idle money."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from xiezuo.funds.models import FundMovement, FundSource, MovementType
from xiezuo.ledgers.models import ReportingSide
from xiezuo.projects.models import Project

DONOR, RECIPIENT = ReportingSide.DONOR, ReportingSide.RECIPIENT
MISMATCH = ("510502", 2021, Decimal("50000.00"))  # donor county code, year, shortfall


def load(today: dt.date | None = None) -> list[FundMovement]:
    from xiezuo.core.demodate import demo_today
    from xiezuo.projects.demo import load as load_projects

    today = demo_today(today)
    projects = load_projects(today=today)
    if FundMovement.objects.filter(project__in=projects).exists():
        return list(FundMovement.objects.filter(pairing__in={p.pairing_id for p in projects}))
    rng = random.Random(11643)
    rows: list[FundMovement] = []
    by_pairing_year: dict[tuple[int, int], list[Project]] = defaultdict(list)
    for p in projects:
        by_pairing_year[(p.pairing_id, p.year)].append(p)
    for (_pairing_id, year), group in sorted(by_pairing_year.items()):
        pairing = group[0].pairing
        fiscal = sum((p.budget_fiscal for p in group), Decimal(0))
        social = sum((p.budget_social for p in group), Decimal(0))
        region = pairing.recipient
        committed_on = dt.date(year, 3, 1)
        transferred_on = dt.date(year, 5, 20)
        rows += [
            FundMovement(pairing=pairing, region=region, year=year, date=committed_on,
                         type=MovementType.COMMITMENT, amount=fiscal, reported_by=DONOR,
                         document_no=f"{year}年度帮扶协议"),
            FundMovement(pairing=pairing, region=region, year=year, date=transferred_on,
                         type=MovementType.TRANSFER, amount=fiscal, reported_by=DONOR,
                         document_no=f"财拨〔{year}〕{rng.randrange(10, 99)}号"),
        ]
        received = fiscal
        donor_code = pairing.donor.code if pairing.donor else ""
        if (donor_code, year) == MISMATCH[:2]:
            received -= MISMATCH[2]
        rows.append(FundMovement(pairing=pairing, region=region, year=year,
                                 date=transferred_on + dt.timedelta(days=9),
                                 type=MovementType.TRANSFER, amount=received,
                                 reported_by=RECIPIENT))
        if social:
            for side, day in ((DONOR, 1), (RECIPIENT, 2)):
                rows += [
                    FundMovement(pairing=pairing, region=region, year=year,
                                 date=dt.date(year, 6, day), type=kind, amount=social,
                                 reported_by=side, source=FundSource.SOCIAL)
                    for kind in (MovementType.COMMITMENT, MovementType.TRANSFER)
                    if not (kind == MovementType.COMMITMENT and side == RECIPIENT)
                ]
        for p in group:
            rows += _project_movements(p, rng, today)
    rows = [r for r in rows if r.date <= today]  # this year's later steps are still to come
    FundMovement.objects.bulk_create(rows, batch_size=500)
    return rows


def _project_movements(p: Project, rng: random.Random, today: dt.date) -> list[FundMovement]:
    out: list[FundMovement] = []
    common = {"pairing": p.pairing, "region": p.region, "year": p.year, "project": p,
              "reported_by": RECIPIENT}
    if p.budget_fiscal:
        allocated_on = dt.date(p.year, 6, 10)
        out.append(FundMovement(**common, date=allocated_on, type=MovementType.ALLOCATION,
                                amount=p.budget_fiscal, source=FundSource.FISCAL))
        share = Decimal(1) if today.year - p.year >= 2 else Decimal(rng.choice(
            ["0", "0.3", "0.6", "0.9"]))
        spent = (p.budget_fiscal * share / 100).quantize(Decimal(1)) * 100
        if spent:
            first = (spent * 6 / 1000).quantize(Decimal(1)) * 100
            out.append(FundMovement(**common, date=dt.date(p.year, 9, 15),
                                    type=MovementType.SPENDING, amount=first))
            if spent - first:
                out.append(FundMovement(**common, date=dt.date(p.year, 12, 20),
                                        type=MovementType.SPENDING, amount=spent - first))
    if p.budget_social:
        out.append(FundMovement(**common, date=dt.date(p.year, 7, 1),
                                type=MovementType.ALLOCATION, amount=p.budget_social,
                                source=FundSource.SOCIAL))
        if today.year - p.year >= 2:
            out.append(FundMovement(**common, date=dt.date(p.year, 11, 1),
                                    type=MovementType.SPENDING, amount=p.budget_social,
                                    source=FundSource.SOCIAL))
    return out
