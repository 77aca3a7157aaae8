"""ID numbers and phones are never shown, exported or logged in full to a user who may not see
personal data, and are to one who may.

gansu_viewer   甘肃省 viewer, sees 临夏市's rows, may not see personal data
linxiashi_entry 临夏市 data entry, enters the rows, may not see personal data
jinan_admin    济南市 office admin, party to the 市中区 → 临夏市 pairing, may see personal data
national       national admin, may see personal data
"""

import io
import logging

import pytest
from django.urls import reverse

from xiezuo.core.logging import MaskPersonalDataFilter
from xiezuo.core.models import AuditEntry
from xiezuo.labour.ledger import LabourRecordLedger
from xiezuo.labour.models import LabourRecord
from xiezuo.labour.tests.conftest import new_id
from xiezuo.labour.tests.test_rules import person
from xiezuo.ledgers.testing import export_text, url

pytestmark = pytest.mark.django_db
PHONE = "13912345678"


@pytest.fixture
def record(login):
    """A labourer entered through the form by 临夏市, then edited once."""
    id_number = new_id()
    client = login("linxiashi_entry")
    r = client.post(url(LabourRecordLedger, "create"), person(id_number=id_number, phone=PHONE))
    assert r.status_code == 302, r.context["form"].errors
    saved = LabourRecord.objects.get()
    r = client.post(url(LabourRecordLedger, "edit", saved.pk),
                    person(id_number=id_number, phone=PHONE, employer="济南某家政服务有限公司"))
    assert r.status_code == 302
    return saved


def masked(text: str) -> str:
    return f"{text[:4]}{'*' * (len(text) - 8)}{text[-4:]}"


def pages(client, record):
    return {
        "list": client.get(url(LabourRecordLedger, "list")).content.decode(),
        "detail": client.get(url(LabourRecordLedger, "detail", record.pk)).content.decode(),
        "history": client.get(url(LabourRecordLedger, "detail", record.pk),
                              {"tab": "log"}).content.decode(),
        "csv": export_text(client, LabourRecordLedger, "csv"),
        "xlsx": export_text(client, LabourRecordLedger, "xlsx"),
    }


@pytest.mark.parametrize("username", ["gansu_viewer", "linxiashi_entry"])
def test_without_permission_only_the_masked_number_is_shown(login, record, username) -> None:
    client = login(username)
    for where, text in pages(client, record).items():
        assert record.id_number not in text, where
        assert PHONE not in text, where
        if where != "list":  # the list shows the ID number, the others the phone too
            assert masked(PHONE) in text, where
        assert masked(record.id_number) in text, where


def test_with_permission_the_full_number_is_shown_and_exported(login, record) -> None:
    client = login("jinan_admin")
    shown = pages(client, record)
    for where in ("list", "detail", "csv", "xlsx"):
        assert record.id_number in shown[where], where
    assert PHONE in shown["detail"] and PHONE in shown["csv"]
    # the audit trail holds the masked number only, whoever reads it
    assert record.id_number not in shown["history"]


def test_the_audit_log_never_holds_the_full_number(login, record) -> None:
    entries = AuditEntry.objects.filter(content_type__model="labourrecord")
    assert [e.action for e in entries] == ["update", "create"]
    stored = str([e.changes for e in entries])
    assert record.id_number not in stored and PHONE not in stored
    assert masked(record.id_number) in stored
    page = login("national").get("/audit/").content.decode()  # may see personal data: still masked
    assert "labourrecord" in str(entries[0].content_type.model)
    assert record.id_number not in page and masked(record.id_number) in page


def test_the_edit_form_shows_the_masked_number_and_keeps_the_stored_one(login, record) -> None:
    client = login("linxiashi_entry")
    form = client.get(url(LabourRecordLedger, "edit", record.pk)).content.decode()
    assert record.id_number not in form and masked(record.id_number) in form
    assert PHONE not in form
    r = client.post(url(LabourRecordLedger, "edit", record.pk),
                    person(id_number=masked(record.id_number), phone=masked(PHONE),
                           employer="兰州某物流有限公司"))
    assert r.status_code == 302, r.context["form"].errors
    record.refresh_from_db()
    assert record.employer == "兰州某物流有限公司" and record.phone == PHONE
    assert len(record.id_number) == 18 and "*" not in record.id_number
    assert record.id_number in login("national").get(
        url(LabourRecordLedger, "edit", record.pk)).content.decode()


def test_searching_by_id_number_is_exact_and_only_for_those_who_may_see_it(login, record) -> None:
    def found(username, text):  # the list's form posts, and its search comes back as a GET
        client = login(username)
        r = client.post(reverse("core:search"), {"target": url(LabourRecordLedger, "list"),
                                                 "q": text})
        return list(client.get(r["Location"]).context["page"].object_list)

    assert found("jinan_admin", record.id_number.lower()) == [record]
    assert found("jinan_admin", record.id_number[:10]) == []  # no partial matches
    assert found("gansu_viewer", record.id_number) == []
    assert found("gansu_viewer", record.name) == [record]


@pytest.fixture
def log_output():
    """What the configured log handler writes (the one with the masking filter)."""
    handlers = [h for h in logging.getLogger().handlers
                if any(isinstance(f, MaskPersonalDataFilter) for f in h.filters)]
    assert handlers, "the logging configuration must mask personal data"
    stream = io.StringIO()
    old = [h.setStream(stream) for h in handlers]
    yield stream
    for h, s in zip(handlers, old, strict=True):
        h.setStream(s)


def test_log_records_never_hold_the_full_number(login, record, log_output) -> None:
    # a refused second registration is logged
    r = login("linxiashi_entry").post(url(LabourRecordLedger, "create"),
                                      person(id_number=record.id_number))
    assert r.status_code == 200
    # and any code that logs a number, in its message or in a traceback, is masked too
    try:
        raise ValueError(f"身份证号 {record.id_number} 无法导入，联系电话 {PHONE}")
    except ValueError:
        logging.getLogger("xiezuo.import").exception("导入第 3 行失败：%s", record.id_number)
    written = log_output.getvalue()
    assert "refused a second labour record" in written and "ValueError" in written
    assert record.id_number not in written and PHONE not in written
    assert masked(record.id_number) in written


def test_the_indicator_drill_down_shows_the_counted_numbers_masked(login, record) -> None:
    from xiezuo.indicators.models import Indicator

    indicator = Indicator.objects.filter(code="labour_jobs").first()
    if indicator is None:
        pytest.skip("the national indicator catalogue is not loaded")
    query = {"indicator": indicator.pk, "region": "622901", "year": record.year,
             "cutoff": "12-31"}
    page = login("gansu_viewer").get("/indicators/drill/", query).content.decode()
    assert record.name in page  # the row is listed...
    assert record.id_number not in page and masked(record.id_number) in page  # ...masked
    by_pairing = {k: v for k, v in query.items() if k != "region"}
    page = login("jinan_admin").get("/indicators/drill/", {**by_pairing,
                                                           "pairing": record.pairing_id})
    assert record.id_number in page.content.decode()
