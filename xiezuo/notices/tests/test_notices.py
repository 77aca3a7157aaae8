"""Notices (通知公告): 甘肃省's office administrator publishes a notice with an attachment to
the offices below (临夏州, 临夏市) or to chosen ones; each recipient sees it on the workbench
until read; the sender sees who has read it. 普格 and 济南 see nothing of it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from xiezuo.accounts.models import Office, User
from xiezuo.core.inbox import items_for
from xiezuo.core.models import Attachment, AuditEntry
from xiezuo.core.scoping import Role
from xiezuo.notices import actions
from xiezuo.notices.models import Notice, NoticeRead

pytestmark = pytest.mark.django_db

GANSU, LINXIA, LINXIASHI = "甘肃省乡村振兴局", "临夏州东西部协作办公室", "临夏市东西部协作工作组"


@pytest.fixture
def sender(demo) -> User:
    return User.objects.create(username="gansu_admin", full_name="甘肃省管理员",
                               office=Office.objects.get(name=GANSU), role=Role.OFFICE_ADMIN)


def _pdf(name: str = "通知.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 notice", content_type="application/pdf")


def _publish(client, **data):
    form = {"title": "关于报送2026年度协作成效材料的通知", "body": "请于12月15日前报送。",
            "deadline": "2026-12-15", "attachments": _pdf(), **data}
    return client.post(reverse("notices:create"), form)


def test_it_publishes_to_every_office_below_with_its_attachment(client, sender, users):
    client.force_login(sender)
    r = _publish(client)
    assert r.status_code == 302
    notice = Notice.objects.get()
    assert sorted(notice.recipients.values_list("office__name", flat=True)) == sorted(
        [LINXIA, LINXIASHI])
    [attachment] = Attachment.for_object(notice)
    assert attachment.original_name == "通知.pdf"
    [entry] = AuditEntry.for_object(notice).filter(action="publish")
    assert entry.actor_label == "gansu_admin"
    assert entry.changes["files"] == [None, ["通知.pdf"]]


def test_a_recipient_sees_it_on_the_workbench_until_read(client, sender, users, login):
    actions.publish(sender, title="春耕通知", body="正文", deadline=dt.date(2026, 11, 30),
                    offices=[], files=[_pdf()])
    clerk = users["linxiashi_entry"]
    [item] = [i for i in items_for(clerk, dt.date(2026, 11, 23)) if i.kind == "notice"]
    assert item.title == "春耕通知" and item.due == dt.date(2026, 11, 30)
    client = login("linxiashi_entry")
    assert "春耕通知" in client.get(reverse("core:home")).content.decode()
    notice = Notice.objects.get()
    page = client.get(reverse("notices:detail", args=[notice.pk])).content.decode()
    assert 'id="mark-read"' in page and 'id="readers"' not in page
    assert not NoticeRead.objects.exists()  # opening is not reading: a GET writes nothing
    assert client.post(reverse("notices:read", args=[notice.pk])).status_code == 302
    assert client.post(reverse("notices:read", args=[notice.pk])).status_code == 302
    assert not [i for i in items_for(clerk, dt.date(2026, 11, 23)) if i.kind == "notice"]
    [read] = AuditEntry.for_object(notice).filter(action="read")
    assert read.actor_label == "linxiashi_entry"
    # the sender sees who has read it, office by office
    client.force_login(sender)
    page = client.get(reverse("notices:detail", args=[notice.pk])).content.decode()
    readers = page.split('id="readers"')[1].split("</table>")[0]
    assert "临夏市录入员" in readers and "1/2" in page
    linxia_row = readers.split(LINXIA)[1].split("</tr>")[0]
    assert "未读" in linxia_row


def test_chosen_offices_only_and_nobody_else(client, sender, users, login):
    client.force_login(sender)
    r = _publish(client, offices=[Office.objects.get(name=LINXIASHI).pk])
    assert r.status_code == 302
    notice = Notice.objects.get()
    attachment = Attachment.for_object(notice).get()
    detail = reverse("notices:detail", args=[notice.pk])
    download = reverse("notices:attachment", args=[notice.pk, attachment.pk])
    assert login("linxiashi_entry").get(download).status_code == 200
    for persona in ("linxia_reviewer", "puge_entry", "jinan_admin"):
        client = login(persona)
        assert client.get(detail).status_code == 404
        assert client.get(download).status_code == 404
        assert client.post(reverse("notices:read", args=[notice.pk])).status_code == 404
        listed = client.get(reverse("notices:list")).content.decode()
        assert "关于报送" not in listed.split('id="notices"')[1]
    # the sending office's other people see it and its read status, but do not "read" it
    client = login("gansu_viewer")
    assert 'id="readers"' in client.get(detail).content.decode()
    assert client.post(reverse("notices:read", args=[notice.pk])).status_code == 403


def test_an_office_addresses_no_office_outside_its_own_below(client, sender, users, login):
    client.force_login(sender)
    puge = Office.objects.get(name="普格县对口帮扶工作组")
    r = _publish(client, offices=[puge.pk])
    assert r.status_code == 200 and "has-error" in r.content.decode()
    with pytest.raises(PermissionDenied):
        actions.publish(sender, title="x", body="x", deadline=None, offices=[puge], files=[])
    with pytest.raises(PermissionDenied):
        actions.publish(sender, title="x", body="x", deadline=None,
                        offices=[Office.objects.get(name=GANSU)], files=[])
    assert not Notice.objects.exists()
    assert login("gansu_viewer").get(reverse("notices:create")).status_code == 403
    assert login("linxiashi_entry").post(reverse("notices:create")).status_code == 403


def test_a_bad_attachment_is_refused_and_nothing_is_written(client, sender):
    client.force_login(sender)
    r = _publish(client, attachments=SimpleUploadedFile("通知.pdf", b"MZ not a pdf"))
    assert r.status_code == 200 and "id_attachments-errors" in r.content.decode()
    assert not Notice.objects.exists() and not Attachment.objects.exists()


def test_the_list_costs_the_same_for_many_notices(client, sender, login,
                                                  django_assert_max_num_queries):
    for n in range(25):
        actions.publish(sender, title=f"通知{n}", body="正文", deadline=None, offices=[],
                        files=[])
    client = login("linxiashi_entry")
    with django_assert_max_num_queries(10):
        page = client.get(reverse("notices:list")).content.decode()
    assert page.count("未读") >= 25
