"""The labour indicator reads two ledgers: people listed one by one (a distinct count of ID
numbers) and places that report counts only (a sum). A place and year is kept in one form
or the other, so nobody is counted twice.

    积石山县 (章丘 → 积石山), per person, 2023:  A (脱贫) 2023-03-01, B (脱贫) 2023-05-01,
                                             C (其他) 2023-12-10 (after the cut-off)
    临夏市 (市中区 → 临夏市), counts, 2023:      Jan–Jun 40 of whom 15 脱贫; Jul–Dec 9 of whom 2
                                             (its period ends after the cut-off)

By 30 November: 积石山 2 (2 脱贫), 临夏市 40 (15), 临夏州 42 (17); the full year: 44 (19) +
C = 52 (19).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from xiezuo.indicators import aggregates
from xiezuo.indicators import compute as c
from xiezuo.indicators.models import Indicator
from xiezuo.labour.models import LabourCount, LabourRecord
from xiezuo.ledgers import actions

pytestmark = pytest.mark.django_db
NOV, FULL = c.Period(2023), c.Period(2023, c.FULL_YEAR)


@pytest.fixture
def labour(gansu):
    p, r = gansu["pairings"], gansu["regions"]
    for name, number, status, day in (("甲", "622927199001010011", "poverty", (3, 1)),
                                      ("乙", "622927199001010038", "poverty", (5, 1)),
                                      ("丙", "622927199001010054", "other", (12, 10))):
        LabourRecord.objects.create(
            pairing=p["zq-jss"], region=r["622927"], year=2023, name=name, id_number=number,
            village="某村", status=status, destination="donor", employer="某企业",
            start_date=dt.date(2023, *day))
    for start, end, persons, poverty in (((1, 1), (6, 30), 40, 15),
                                         ((7, 1), (12, 31), 9, 2)):
        LabourCount.objects.create(
            pairing=p["szq-lxs"], region=r["622901"], year=2023,
            period_start=dt.date(2023, *start), period_end=dt.date(2023, *end),
            destination="donor", persons=persons, persons_poverty=poverty)
    return gansu


@pytest.mark.parametrize("built", [False, True])
def test_it_adds_people_listed_and_people_counted(labour, built) -> None:
    if built:
        aggregates.rebuild()
    jobs = Indicator.objects.get(code="labour_jobs")
    poor = Indicator.objects.get(code="labour_jobs_poverty")
    assert (jobs.pk in c.from_aggregates([jobs], [NOV])) is built
    p, r = labour["pairings"], labour["regions"]
    forest = c.Forest()
    subjects = {"积石山": c.pairing_subject(p["zq-jss"], forest),
                "临夏市": c.pairing_subject(p["szq-lxs"], forest),
                "临夏州": c.pairing_subject(p["jn-lx"], forest),
                "甘肃": c.region_subject(r["620000"])}
    def got(ind, period):
        results = c.compute([jobs, poor], list(subjects.values()), [period])
        return {k: int(results.get(ind, s, period).value) for k, s in subjects.items()}

    assert got(jobs, NOV) == {"积石山": 2, "临夏市": 40, "临夏州": 42, "甘肃": 42}
    assert got(poor, NOV) == {"积石山": 2, "临夏市": 15, "临夏州": 17, "甘肃": 17}
    assert got(jobs, FULL) == {"积石山": 3, "临夏市": 49, "临夏州": 52, "甘肃": 52}
    assert got(poor, FULL) == {"积石山": 2, "临夏市": 17, "临夏州": 19, "甘肃": 19}
    # the assessment's path (grouped by pairing) gives the same
    grouped = c.compute_pairings([jobs], [subjects["积石山"], subjects["临夏市"]], [NOV])
    assert grouped.get(jobs, subjects["临夏市"], NOV).value == 40
    assert grouped.get(jobs, subjects["积石山"], NOV).value == 2


def test_it_keeps_a_place_and_year_in_one_form(labour) -> None:
    """The labour ledgers refuse the second form for the same place and year."""
    p, r = labour["pairings"], labour["regions"]
    count = LabourCount(pairing=p["zq-jss"], region=r["622927"], year=2023,
                        period_start=dt.date(2023, 1, 1), period_end=dt.date(2023, 3, 31),
                        destination="nearby", persons=5)
    with pytest.raises(ValidationError, match="已逐人登记"):
        count.full_clean()
    person = LabourRecord(pairing=p["szq-lxs"], region=r["622901"], year=2023, name="丁",
                          id_number="622901199001010017", village="某村", status="other",
                          destination="donor", employer="某企业",
                          start_date=dt.date(2023, 4, 1))
    with pytest.raises(ValidationError):
        person.full_clean()


def test_it_follows_a_count_entry_edited(labour, users) -> None:
    aggregates.rebuild()
    jobs = Indicator.objects.get(code="labour_jobs")
    lxs = c.pairing_subject(labour["pairings"]["szq-lxs"])
    entry = LabourCount.objects.get(persons=40)
    entry.persons = 45
    actions.save(users["national"], entry)
    assert jobs.pk in c.from_aggregates([jobs], [NOV])
    assert c.compute([jobs], [lxs], [NOV]).get(jobs, lxs, NOV).value == 45


def test_it_lists_the_count_entries_behind_the_figure(labour, login) -> None:
    from django.urls import reverse

    jobs = Indicator.objects.get(code="labour_jobs")
    client = login("national")
    page = client.get(reverse("indicators:drill"), {
        "indicator": jobs.pk, "year": 2023, "pairing": labour["pairings"]["jn-lx"].pk,
    }).content.decode()
    import re

    total = re.search(r'id="drill-total">([^<]+)<', page).group(1)
    assert total.strip().startswith("42"), total  # 2 listed + 40 counted
    people = page[page.index('id="drill-rows"'):page.index("</table>",
                                                           page.index('id="drill-rows"'))]
    assert people.count("<tr>") == 3  # header + 甲, 乙 (丙 is after the cut-off)
    counts = page[page.index("drill-extra"):]
    counts = counts[:counts.index("</table>")]
    assert counts.count("<tr>") == 2 and ">40<" in counts  # header + Jan–Jun; Jul–Dec later
    # a county user sees the count entries of its own county only
    client = login("linxiashi_entry")
    mine = client.get(reverse("indicators:drill"), {
        "indicator": jobs.pk, "year": 2023, "region": "622901"}).content.decode()
    assert ">40<" in mine[mine.index("drill-extra"):]
    other = client.get(reverse("indicators:drill"), {
        "indicator": jobs.pk, "year": 2023, "region": "622927"})
    assert other.status_code == 404
