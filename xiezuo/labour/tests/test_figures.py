"""People helped into jobs per pairing and year, from per-person records and counts."""

import datetime as dt

import pytest

from xiezuo.labour import figures
from xiezuo.labour.ledger import LabourRecordLedger
from xiezuo.labour.models import LabourCount, LabourRecord
from xiezuo.ledgers.testing import county, url

pytestmark = pytest.mark.django_db


def test_it_adds_per_person_records_and_counts(make, demo) -> None:
    make[LabourRecordLedger]("linxia", "", status="poverty", destination="donor")
    make[LabourRecordLedger]("linxia", "", status="monitored", destination="near_home",
                             organised=False)
    make[LabourRecordLedger]("linxia", "", status="other", destination="donor")
    pairing, _region = county(demo, "linxia")
    jss = demo["pairings"]["zq-jss"]
    from xiezuo.regions.models import Region

    for start, end, n in ((dt.date(2024, 1, 1), dt.date(2024, 6, 30), 100),
                          (dt.date(2024, 7, 1), dt.date(2024, 11, 30), 50)):
        LabourCount.objects.create(pairing=jss, region=Region.objects.get(code="622927"),
                                   year=2024, period_start=start, period_end=end,
                                   destination="donor", persons=n, persons_poverty=n // 2,
                                   persons_organised=n // 5)
    rows = {r.pairing_id: r for r in figures.by_pairing_year(LabourRecord.objects.all(),
                                                             LabourCount.objects.all())}
    lxs, js = rows[pairing.pk], rows[jss.pk]
    assert (lxs.persons, lxs.poverty, lxs.monitored, lxs.organised) == (3, 1, 1, 2)
    assert lxs.by_destination == {"donor": 2, "near_home": 1} and lxs.sources == {"person"}
    assert (js.persons, js.poverty, js.organised, js.sources) == (150, 75, 30, {"count"})


def test_the_pages_show_them(login, make, demo) -> None:
    make[LabourRecordLedger]("linxia", "")
    make[LabourRecordLedger]("puge", "")
    client = login("linxiashi_entry")
    summary = {str(k): v for k, v, _c in client.get(url(LabourRecordLedger, "list"))
               .context["summary"]}
    assert summary["就业人数"] == 1 and summary["其中：脱贫劳动力"] == 1
    assert summary["平均月收入"] == 4200
    [(row, pairing, _d)] = client.get("/labour/figures/", {"year": 2024}).context["table"]
    assert pairing == demo["pairings"]["szq-lxs"] and row.persons == 1
    assert client.get("/labour/figures/", {"year": 2023}).context["table"] == []
