"""The audit log is append-only and tamper-evident: every entry chained to the one before by
a keyed digest, ``xiezuo audit verify`` names an edited or deleted entry; role and right
changes, API tokens, exports are audited; the log exports with its digests."""

import datetime as dt
import io
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.urls import reverse

from xiezuo.core.audit import acting_as
from xiezuo.core.chain import verify
from xiezuo.core.models import AuditChainHead, AuditEntry, record_audit
from xiezuo.pairings.models import Kind, Pairing
from xiezuo.regions.models import Region

pytestmark = pytest.mark.django_db


def _pairings(n: int) -> list[Pairing]:
    donor, recipient = Region.objects.get(code="370100"), Region.objects.get(code="622900")
    out = []
    for i in range(n):
        p = Pairing(donor=donor, recipient=recipient, kind=Kind.EAST_WEST, level="prefecture",
                    start_date=dt.date(2000 + i, 1, 1), end_date=dt.date(2000 + i, 12, 31))
        p.save()
        out.append(p)
    return out


def _verify() -> str:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit", "verify", stdout=out, stderr=err)
    except CommandError as exc:
        return f"BROKEN {exc} {err.getvalue()}"
    return out.getvalue()


def test_every_entry_is_chained_and_the_chain_verifies(demo) -> None:
    pairings = _pairings(3)
    pairings[0].notes = "改"
    pairings[0].save()
    record_audit(pairings[1], "approve", {}, "审核通过")
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    assert all(len(e.digest) == 64 for e in entries)
    assert AuditChainHead.objects.get().seq == len(entries)
    assert "chain intact" in _verify()
    assert list(verify()) == []


def test_verify_finds_an_edited_entry(demo) -> None:
    pairings = _pairings(3)
    victim = AuditEntry.objects.filter(object_id=str(pairings[1].pk)).get()
    AuditEntry.objects.filter(pk=victim.pk).update(reason="改过")  # an UPDATE behind the app
    report = _verify()
    assert report.startswith("BROKEN") and f"seq {victim.seq} " in report
    assert "edited" in report


def test_verify_finds_a_deleted_entry_and_a_deleted_tail(demo) -> None:
    _pairings(4)
    entries = list(AuditEntry.objects.order_by("seq"))
    AuditEntry.objects.filter(pk=entries[2].pk).delete()
    report = _verify()
    assert "BROKEN" in report and f"entries {entries[2].seq}–{entries[2].seq} missing" in report
    AuditEntry.objects.filter(pk=entries[-1].pk).delete()
    assert "newest entries were deleted" in _verify()


def test_a_forged_entry_without_the_key_is_found(demo) -> None:
    _pairings(2)
    last = AuditEntry.objects.order_by("-seq").first()
    position = int(last.seq or 0) + 1
    forged = AuditEntry(actor_label="x", action="delete", content_type=last.content_type,
                        object_id="1", object_repr="伪造", seq=position, digest="f" * 64)
    AuditEntry.objects.bulk_create([forged])
    AuditChainHead.objects.update(seq=position, digest="f" * 64)
    assert "BROKEN" in _verify()


def test_bulk_inserts_are_chained_too(demo) -> None:
    from xiezuo.ledgers import actions
    from xiezuo.projects.models import Project, Sector

    pairing = demo["pairings"]["szq-lxs"]
    region = Region.objects.get(code="622901", valid_to__isnull=True)
    sector = Sector.objects.get(code="industry")

    def projects(prefix):
        return [Project(pairing=pairing, region=region, year=2024, name=f"{prefix}{i}",
                        sector=sector) for i in range(5)]

    Project.bulk_create_audited(projects("甲"))
    actions.write(demo["users"]["national"], projects("乙"))  # an import's batch
    assert AuditEntry.objects.filter(seq__isnull=True).count() == 0
    assert list(verify()) == []


@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_do_not_fork_the_chain(regions) -> None:
    """Four threads append at once, each in its own transaction and connection: the
    positions are 1..N without a gap or a repeat and the chain verifies."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite writes one transaction at a time: nothing to race")
    from django.db import connections

    region = Region.objects.get(code="622900")
    before = AuditEntry.objects.count()  # what an earlier transactional test's setup left
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(10):
                with transaction.atomic():
                    record_audit(region, "touch", {"n": [None, 1]})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, before + 41))
    assert list(verify()) == []


def test_role_and_right_changes_are_audited(demo) -> None:
    user = demo["users"]["puge_entry"]
    with acting_as(demo["users"]["national"]):
        user.role = "office_admin"
        user.may_see_personal_data = True
        user.save()
        user.set_password("Another-Pass-2026")
        user.save()
    rows = AuditEntry.objects.filter(object_id=str(user.pk), content_type__model="user")
    role = rows.get(action="role")
    assert role.actor_label == "national"
    assert role.changes["role"] == ["data_entry", "office_admin"]
    assert role.changes["may_see_personal_data"] == [False, True]
    password = rows.get(action="password")
    assert "Another" not in str(password.changes) and "pbkdf2" not in str(password.changes)


def test_token_issue_and_revocation_are_audited(demo) -> None:
    from xiezuo.api.models import ApiToken

    token, key = ApiToken.issue(demo["users"]["puge_entry"], "统计接口", days=30)
    err = io.StringIO()
    call_command("apitoken", "puge_entry", f"--revoke={token.prefix}", stderr=err)
    assert not ApiToken.objects.exists()
    actions = list(AuditEntry.objects.filter(content_type__model="apitoken")
                   .order_by("seq").values_list("action", flat=True))
    assert actions == ["token_issue", "token_revoke"]
    assert key not in str(list(AuditEntry.objects.values_list("changes", flat=True)))


def test_an_export_is_audited_with_its_filter_and_unmasking(login, demo) -> None:
    from xiezuo.labour.ledger import LabourRecordLedger
    from xiezuo.ledgers.testing import url

    client = login("national")  # may see personal data
    b"".join(client.get(url(LabourRecordLedger, "export", "csv"), {"year": "2024"})
             .streaming_content)
    entry = AuditEntry.objects.filter(action="export").get()
    assert entry.actor_label == "national"
    assert entry.changes["query"][1] == "year=2024"
    assert entry.changes["personal_data_unmasked"][1] is True
    client = login("puge_entry")
    client.get(url(LabourRecordLedger, "export", "xlsx"))
    latest = AuditEntry.objects.filter(action="export").order_by("-seq").first()
    assert latest.changes["personal_data_unmasked"][1] is False


def test_nobody_deletes_or_edits_the_log_through_the_application(demo) -> None:
    from django.contrib.admin.sites import site

    admin = site._registry[AuditEntry]
    assert not admin.has_delete_permission(None) and not admin.has_change_permission(None)


def test_the_log_exports_with_its_digests(login, demo, tmp_path) -> None:
    _pairings(2)
    out = tmp_path / "audit.jsonl"
    call_command("audit", "export", "--format", "jsonl", "-o", str(out), stderr=io.StringIO())
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == AuditEntry.objects.count() and '"digest"' in lines[0]
    client = login("national")
    body = b"".join(client.get(reverse("core:audit_export")).streaming_content)
    assert body.decode("utf-8-sig").startswith("seq,digest,at")
    assert login("jinan_admin").get(reverse("core:audit_export")).status_code == 403
