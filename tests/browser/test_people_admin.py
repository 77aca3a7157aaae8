"""An office administrator manages their people in the browser: 济南's administrator creates
an account for a clerk of 济南's office, reads the temporary password, makes the clerk an
office administrator, and the clerk signs in with the temporary password and must change it."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_create_promote_and_first_sign_in(signed_in, live_server) -> None:
    page = signed_in("jinan_admin")
    page.click("nav.sidenav >> text=用户管理")
    assert "gansu_viewer" not in page.text_content("#people")
    page.click("text=新增用户")
    page.fill("#id_username", "jn_clerk")
    page.fill("#id_full_name", "济南录入员")
    page.select_option("#id_office", label="济南市东西部协作办公室")
    page.select_option("#id_role", label="查看")
    page.click("form.edit button[type=submit]")
    password = page.text_content("#temporary-password").strip()
    assert re.fullmatch(r"\S{14}", password)

    page.click("text=返回用户管理")
    page.click("#people tr:has-text('jn_clerk') >> text=编辑")
    page.select_option("#id_role", label="单位管理员")
    page.fill("#id_reason", "接任")
    page.click("form.edit button[type=submit]")
    assert "单位管理员" in page.text_content("#people tr:has-text('jn_clerk')")

    page.goto("about:blank")  # no request of the last page lands after the cookies go

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "jn_clerk")
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/pairings/")
    assert page.url.endswith("/accounts/password/")
