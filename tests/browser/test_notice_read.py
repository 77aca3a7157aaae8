"""A notice from publishing to reading: the national office publishes a notice with an
attachment to 临夏市's office; 临夏市's clerk finds it on the workbench, opens it and says it is
read; it leaves the workbench; the publisher sees who has read it."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于做好2026年度东西部协作考核材料报送的通知"


def test_publish_read_and_see_who_read(signed_in, live_server, tmp_path) -> None:
    attachment = tmp_path / "考核材料清单.pdf"
    attachment.write_bytes(b"%PDF-1.4 notice")

    page = signed_in("national")
    page.click("nav.sidenav >> text=通知公告")
    page.click("text=发布通知")
    page.fill("#id_title", TITLE)
    page.fill("#id_body", "请于12月15日前报送考核材料。")
    page.fill("#id_deadline", "2026-12-15")
    page.get_by_label("临夏市东西部协作工作组").check()
    page.set_input_files("#id_attachments", str(attachment))
    page.click("#publish")
    assert page.text_content("#notice-title").strip() == TITLE
    assert "考核材料清单.pdf" in page.text_content("#notice-files")
    assert "未读" in page.text_content("#readers")
    notice_url = page.url

    page.goto("about:blank")  # no request of the last page lands after the cookies go

    page.context.clear_cookies()
    page = signed_in("linxiashi_entry")
    page.click(f"#inbox-items >> text={TITLE}")
    page.click("#mark-read")
    assert "已读" in page.text_content("#notice-read")
    page.goto(f"{live_server.url}/")
    assert TITLE not in page.text_content("#inbox-items")

    page.goto("about:blank")  # no request of the last page lands after the cookies go

    page.context.clear_cookies()
    page = signed_in("national")
    page.goto(notice_url)
    readers = page.text_content("#readers")
    assert "临夏市录入员" in readers and "已读" in readers
