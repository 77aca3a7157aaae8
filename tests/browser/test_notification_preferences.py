"""Setting a notification preference: 临夏市's clerk opens 通知偏好 from the user menu, asks
for returns by e-mail and by a 企业微信 robot, saves, and finds the choice kept — at the
desktop size and on a phone, without the page scrolling sideways."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOOK = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx"
OVERFLOW = "document.scrollingElement.scrollWidth - window.innerWidth"


@pytest.mark.parametrize("size", [(1366, 768), (390, 844)], ids=["desktop", "phone"])
def test_choose_channels_for_returns(signed_in, size) -> None:
    from xiezuo.core.models import AuditEntry
    from xiezuo.delivery.models import Preference

    page = signed_in("linxiashi_entry")
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.click("details.user-menu > summary")
    page.click("#menu-preferences")
    page.check("#id_kind_return_0")  # 电子邮件
    page.check("#id_kind_return_1")  # 群机器人
    page.fill("#id_webhook_url", HOOK)
    assert page.evaluate(OVERFLOW) <= 0
    page.click("#preferences-form button[type=submit]")
    assert "通知偏好已保存" in page.text_content("body")
    assert page.is_checked("#id_kind_return_0") and page.is_checked("#id_kind_return_1")
    assert not page.is_checked("#id_kind_notice_0")
    assert page.input_value("#id_webhook_url") == HOOK
    pref = Preference.objects.get(user__username="linxiashi_entry")
    assert pref.channels == {"return": ["email", "webhook"]}
    [entry] = AuditEntry.objects.filter(action="preferences")
    assert "693a91f6" not in str(entry.changes)
    page.goto("about:blank")  # no request of the last page lands after the cookies go
