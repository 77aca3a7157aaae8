"""Office administrators manage the people of their office and the offices below it
(用户管理): create accounts, change roles, disable, reset passwords, see the last sign-in;
never above their own scope, never a national role; every change audited.

Personas: 山东省's administrator (shandong_admin, without the right to see personal data)
manages 济南's people; 济南's administrator (jinan_admin) manages 济南's only; neither reaches
甘肃 or the national office; a viewer (gansu_viewer) manages nobody."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from xiezuo.accounts import actions
from xiezuo.accounts.models import Office, User
from xiezuo.core.models import AuditEntry
from xiezuo.core.scoping import Role

pytestmark = pytest.mark.django_db

JINAN = "济南市东西部协作办公室"
GANSU = "甘肃省乡村振兴局"


def _office(name: str) -> Office:
    return Office.objects.get(name=name)


def _entries(user: User, action: str) -> list[AuditEntry]:
    return list(AuditEntry.for_object(user).filter(action=action).order_by("id"))


def _new(login, creator: str = "shandong_admin", **data: str) -> tuple[User, str]:
    client = login(creator)
    form = {"username": "jn_clerk", "full_name": "济南录入员", "email": "",
            "office": str(_office(JINAN).pk), "role": Role.VIEWER, **data}
    r = client.post(reverse("accounts:user_create"), form)
    assert r.status_code == 200, r.content.decode()[:400]
    page = r.content.decode()
    password = re.search(r'id="temporary-password">([^<]+)<', page)
    assert password, page[:2000]
    return User.objects.get(username=form["username"]), password.group(1)


def test_it_lists_the_people_of_the_office_and_below_only(login, django_assert_max_num_queries):
    client = login("shandong_admin")
    for n in range(15):
        User.objects.create(username=f"jn{n}", office=_office(JINAN), role=Role.VIEWER)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("accounts:users")).content.decode()
    assert "jinan_admin" in page and "jn14" in page
    assert "gansu_viewer" not in page and ">national<" not in page
    assert "从未登录" in page  # the last sign-in column


def test_it_creates_an_account_with_a_temporary_password_to_change(login, client):
    user, password = _new(login)
    assert user.office == _office(JINAN) and user.role == Role.VIEWER
    assert user.must_change_password
    [created] = _entries(user, "create")
    assert created.actor_label == "shandong_admin" and "shandong_admin" in created.reason
    assert created.changes["role"] == [None, Role.VIEWER]
    client.logout()
    r = client.post(reverse("accounts:login"), {"username": "jn_clerk", "password": password})
    assert r.status_code == 302
    r = client.get(reverse("pairings:list"))
    assert r.status_code == 302 and r["Location"] == reverse("accounts:password_change")
    r = client.post(reverse("accounts:password_change"), {
        "old_password": password, "new_password1": "Jinan-Clerk-2026",
        "new_password2": "Jinan-Clerk-2026"})
    assert r.status_code == 302
    assert client.get(reverse("pairings:list")).status_code == 200
    user.refresh_from_db()
    assert not user.must_change_password


def test_a_role_change_from_viewer_to_office_admin_is_audited(login):
    user, _ = _new(login)
    client = login("shandong_admin")
    r = client.post(reverse("accounts:user_edit", args=[user.pk]), {
        "full_name": "济南管理员二", "email": "admin2@jinan.example", "office": _office(JINAN).pk,
        "role": Role.OFFICE_ADMIN, "is_active": "on", "reason": "接任单位管理员"})
    assert r.status_code == 302, r.content.decode()[:1000]
    user.refresh_from_db()
    assert user.role == Role.OFFICE_ADMIN
    [role] = _entries(user, "role")
    assert role.changes == {"role": [Role.VIEWER, Role.OFFICE_ADMIN]}
    assert role.actor_label == "shandong_admin" and role.reason == "接任单位管理员"
    [update] = _entries(user, "update")
    assert update.changes["full_name"] == ["济南录入员", "济南管理员二"]
    assert update.changes["email"] == ["", "admin2@jinan.example"]


def test_a_disabled_account_signs_in_no_more(login, client):
    user, password = _new(login)
    client = login("shandong_admin")
    r = client.post(reverse("accounts:user_edit", args=[user.pk]), {
        "full_name": user.full_name, "office": _office(JINAN).pk, "role": Role.VIEWER})
    assert r.status_code == 302
    [role] = _entries(user, "role")
    assert role.changes == {"is_active": [True, False]}
    client.logout()
    r = client.post(reverse("accounts:login"), {"username": "jn_clerk", "password": password})
    assert r.status_code == 200 and "_auth_user_id" not in client.session


def test_a_reset_gives_a_new_temporary_password(login, client):
    user, first = _new(login)
    r = login("shandong_admin").post(reverse("accounts:user_password", args=[user.pk]))
    second = re.search(r'id="temporary-password">([^<]+)<', r.content.decode()).group(1)
    assert second != first
    user.refresh_from_db()
    assert user.check_password(second) and not user.check_password(first)
    assert user.must_change_password
    [reset] = _entries(user, "password")
    assert reset.changes == {"password": ["***", "***"]} and "shandong_admin" in reset.reason
    assert first not in str(AuditEntry.objects.values_list("changes", "reason")[:])
    assert second not in str(AuditEntry.objects.values_list("changes", "reason")[:])


def test_nobody_reaches_an_account_above_or_beside_their_scope(login, users):
    client = login("jinan_admin")
    for other in ("shandong_admin", "gansu_viewer", "national"):
        pk = users[other].pk
        assert client.get(reverse("accounts:user_edit", args=[pk])).status_code == 404
        assert client.post(reverse("accounts:user_password", args=[pk])).status_code == 404
    client = login("gansu_viewer")
    assert client.get(reverse("accounts:users")).status_code == 403
    assert client.get(reverse("accounts:user_edit",
                              args=[users["gansu_viewer"].pk])).status_code == 403


def test_an_office_admin_gives_no_national_role_and_no_office_above(login, users):
    client = login("jinan_admin")
    form = {"username": "jn_x", "full_name": "某人", "office": _office(JINAN).pk,
            "role": Role.NATIONAL_ADMIN}
    r = client.post(reverse("accounts:user_create"), form)
    assert r.status_code == 200 and 'id="id_role-errors"' in r.content.decode()
    r = client.post(reverse("accounts:user_create"), {
        **form, "role": Role.VIEWER, "office": _office(GANSU).pk})
    assert r.status_code == 200 and 'id="id_office-errors"' in r.content.decode()
    r = client.post(reverse("accounts:user_create"), {
        **form, "role": Role.VIEWER, "office": _office("山东省东西部协作办公室").pk})
    assert r.status_code == 200 and 'id="id_office-errors"' in r.content.decode()
    assert not User.objects.filter(username="jn_x").exists()
    with pytest.raises(PermissionDenied):  # the action refuses whoever calls it
        actions.create_user(users["jinan_admin"], username="jn_y", full_name="某人", email="",
                            office=_office(JINAN), role=Role.NATIONAL_ADMIN)
    with pytest.raises(PermissionDenied):
        actions.create_user(users["jinan_admin"], username="jn_y", full_name="某人", email="",
                            office=_office(GANSU), role=Role.VIEWER)
    assert not User.objects.filter(username="jn_y").exists()


def test_an_admin_neither_demotes_nor_disables_themselves(login, users):
    me = users["jinan_admin"]
    r = login("jinan_admin").post(reverse("accounts:user_edit", args=[me.pk]), {
        "full_name": me.full_name, "office": me.office_id, "role": Role.VIEWER,
        "may_see_personal_data": "on", "is_active": "on"})
    assert r.status_code == 200 and "不能修改自己的角色" in r.content.decode()
    me.refresh_from_db()
    assert me.role == Role.OFFICE_ADMIN and not _entries(me, "role")


def test_the_right_to_see_personal_data_is_given_only_by_who_has_it(login, users):
    user, _ = _new(login, may_see_personal_data="on")  # 山东's admin lacks it: ignored
    assert not user.may_see_personal_data
    with pytest.raises(PermissionDenied):
        actions.change_user(users["shandong_admin"], user, full_name="x", email="",
                            office=_office(JINAN), role=Role.VIEWER,
                            may_see_personal_data=True, is_active=True)
    actions.change_user(users["jinan_admin"], user, full_name="x", email="",
                        office=_office(JINAN), role=Role.VIEWER, may_see_personal_data=True,
                        is_active=True)
    user.refresh_from_db()
    assert user.may_see_personal_data


def test_a_recipient_office_admin_manages_the_counties_below(users):
    gansu_admin, _ = actions.create_user(
        users["national"], username="gansu_admin", full_name="甘肃管理员", email="",
        office=_office(GANSU), role=Role.OFFICE_ADMIN)
    managed = set(actions.manageable_users(gansu_admin).values_list("username", flat=True))
    assert {"linxiashi_entry", "linxia_reviewer", "gansu_viewer", "gansu_admin"} <= managed
    assert not managed & {"puge_entry", "jinan_admin", "national"}
