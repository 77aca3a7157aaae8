"""Accounts to 等保 level 3: the password policy (10+ characters of three kinds, none of the
last five, an expiry), an idle timeout besides the absolute one, a TOTP second factor for
office and national administrators, the demo's shared password refused outside demo mode."""

import datetime as dt
import os
import subprocess
import sys

import pytest
import time_machine
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from xiezuo.accounts.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh():
    cache.clear()
    yield


def _login(client, username, password=DEMO_PASSWORD):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


@pytest.mark.parametrize("password", ["abcdefghijk", "abcdefgh12", "ABCDEFGH-=", "Ab1-x"])
def test_a_weak_password_is_refused(demo, password) -> None:
    with pytest.raises(ValidationError):
        validate_password(password, demo["users"]["puge_entry"])


def test_a_password_of_three_kinds_is_taken(demo) -> None:
    validate_password("Liangshan-pg26", demo["users"]["puge_entry"])
    validate_password("liangshan-pg26", demo["users"]["puge_entry"])  # lower, digit, sign


def test_none_of_the_last_five_passwords_comes_back(demo) -> None:
    user = demo["users"]["puge_entry"]
    used = [f"Puge-County-{n}a" for n in range(6)]
    for password in used:
        validate_password(password, user)
        user.set_password(password)
        user.save()
    for password in used[1:]:  # the current one and the four before it
        with pytest.raises(ValidationError, match="最近 5 次"):
            validate_password(password, user)
    validate_password(used[0], user)  # the sixth back may return


def test_an_expired_password_must_be_changed_first(client, demo, settings) -> None:
    settings.PASSWORD_MAX_AGE_DAYS = 90
    user = demo["users"]["puge_entry"]
    type(user).objects.filter(pk=user.pk).update(
        password_changed_at=timezone.now() - dt.timedelta(days=91))
    assert _login(client, "puge_entry").status_code == 302
    r = client.get(reverse("pairings:list"))
    assert r.status_code == 302 and r["Location"] == reverse("accounts:password_change")
    r = client.post(reverse("accounts:password_change"), {
        "old_password": DEMO_PASSWORD, "new_password1": "Liangshan-2027-pg",
        "new_password2": "Liangshan-2027-pg"})
    assert r.status_code == 302
    assert client.get(reverse("pairings:list")).status_code == 200


def test_an_idle_session_ends_after_thirty_minutes(client, demo, settings) -> None:
    assert settings.SESSION_IDLE_TIMEOUT == 30 * 60
    assert settings.SESSION_COOKIE_AGE == 8 * 3600  # the absolute limit stays
    assert _login(client, "puge_entry").status_code == 302
    start = timezone.now()
    with time_machine.travel(start + dt.timedelta(minutes=29), tick=False):
        assert client.get(reverse("pairings:list")).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=58), tick=False):
        assert client.get(reverse("pairings:list")).status_code == 200  # 29 idle minutes
    with time_machine.travel(start + dt.timedelta(minutes=89), tick=False):
        r = client.get(reverse("pairings:list"))
    assert r.status_code == 302 and r["Location"].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session


def _code(user) -> str:
    from django_otp.oath import TOTP
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.get(user=user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = timezone.now().timestamp()
    return str(totp.token()).zfill(device.digits)


def test_administrators_set_up_and_enter_a_second_factor(client, demo, settings) -> None:
    settings.OTP_REQUIRED = True
    admin = demo["users"]["jinan_admin"]
    assert _login(client, "jinan_admin").status_code == 302
    r = client.get(reverse("pairings:list"))
    assert r.status_code == 302 and r["Location"].startswith(reverse("accounts:otp_setup"))
    page = client.get(reverse("accounts:otp_setup")).content.decode()
    assert 'id="otp-secret"' in page
    r = client.post(reverse("accounts:otp_setup"), {"otp_token": "000000", "next": "/"})
    assert client.get(reverse("pairings:list")).status_code == 302  # still not through
    later = timezone.now() + dt.timedelta(seconds=5)  # django-otp throttles after a wrong code
    with time_machine.travel(later):
        r = client.post(reverse("accounts:otp_setup"), {"otp_token": _code(admin), "next": "/"})
    assert r.status_code == 302
    assert client.get(reverse("pairings:list")).status_code == 200
    client.post(reverse("accounts:logout"))
    # the next sign-in asks for the code of the device now set up
    assert _login(client, "jinan_admin").status_code == 302
    r = client.get(reverse("pairings:list"))
    assert r["Location"].startswith(reverse("accounts:otp") + "?")
    for _n in range(5):
        r = client.post(reverse("accounts:otp"), {"otp_token": "123456"})
    assert r["Location"] == reverse("accounts:login")  # too many wrong codes: signed out
    assert "_auth_user_id" not in client.session


def test_data_entry_needs_no_second_factor(client, demo, settings) -> None:
    settings.OTP_REQUIRED = True
    assert _login(client, "puge_entry").status_code == 302
    assert client.get(reverse("pairings:list")).status_code == 200


def test_demo_mode_needs_no_second_factor(client, demo, settings) -> None:
    settings.OTP_REQUIRED = False  # the default in demo mode
    assert _login(client, "national").status_code == 302
    assert client.get(reverse("pairings:list")).status_code == 200


def test_the_demo_password_is_refused_outside_demo_mode(client, demo, settings) -> None:
    settings.DEMO = False
    r = _login(client, "puge_entry")
    assert r.status_code == 200 and "演示环境的公用密码" in r.content.decode()
    assert "_auth_user_id" not in client.session
    with pytest.raises(ValidationError):
        validate_password(DEMO_PASSWORD, demo["users"]["puge_entry"])
    with pytest.raises(CommandError, match="demo mode only"):
        call_command("demo")


def test_production_refuses_demo_mode(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XIEZUO_")}
    env.update({"XIEZUO_PRODUCTION": "1", "XIEZUO_SECRET_KEY": "k3J9x" * 10,
                "XIEZUO_VAR_DIR": str(tmp_path), "XIEZUO_DEMO": "1"})
    r = subprocess.run([sys.executable, "-c", "import xiezuo.settings"], env=env,
                       capture_output=True, text=True, check=False)
    assert r.returncode != 0 and "XIEZUO_DEMO" in r.stderr
    env.pop("XIEZUO_DEMO")
    r = subprocess.run([sys.executable, "-c",
                        "import xiezuo.settings as s; print(s.DEMO, s.OTP_REQUIRED, "
                        "s.PASSWORD_MAX_AGE_DAYS)"], env=env, capture_output=True, text=True,
                       check=False)
    assert r.stdout.split() == ["False", "True", "90"], r.stderr
