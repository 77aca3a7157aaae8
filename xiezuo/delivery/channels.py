"""The channels: e-mail through Django's SMTP settings, and a work-messaging group robot
(企业微信 or 钉钉) by its webhook: ``{"msgtype": "text", "text": {"content": ...}}`` as JSON."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage

from xiezuo.core.logging import mask_text
from xiezuo.delivery.models import Channel, Delivery

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_QUERY = re.compile(r"\?\S*")


class DeliveryError(Exception):
    """The channel refused or could not be reached; the delivery is tried again."""


def send(delivery: Delivery) -> None:
    if delivery.channel == Channel.EMAIL:
        email(delivery)
    elif delivery.channel == Channel.WEBHOOK:
        webhook(delivery)
    else:
        raise DeliveryError(f"unknown channel {delivery.channel}")


def email(delivery: Delivery) -> None:
    address = delivery.user.email
    if not address:
        raise DeliveryError("the user has no e-mail address")
    EmailMessage(delivery.subject, delivery.body, None, [address]).send(fail_silently=False)


def webhook(delivery: Delivery) -> None:
    pref = getattr(delivery.user, "delivery_preference", None)
    url = pref.webhook_url if pref is not None else ""
    if not url:
        raise DeliveryError("no webhook address")
    if not host_allowed(url):
        raise DeliveryError("the webhook's host is not among XIEZUO_WEBHOOK_HOSTS")
    payload = json.dumps({"msgtype": "text", "text": {"content": delivery.body}},
                         ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=payload, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8"})
    timeout = getattr(settings, "XIEZUO_WEBHOOK_TIMEOUT", 10)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(4096)
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryError(type(exc).__name__) from None
    try:
        answer = json.loads(body or b"{}")
    except ValueError:
        return  # a 2xx without JSON: taken as delivered
    code = answer.get("errcode", 0) if isinstance(answer, dict) else 0
    if code not in (0, "0"):
        raise DeliveryError(f"errcode {code}: {str(answer.get('errmsg', ''))[:100]}")


def host_allowed(url: str) -> bool:
    """Whether ``url`` names one of the robots' hosts (``XIEZUO_WEBHOOK_HOSTS``)."""
    host = (urlsplit(url).hostname or "").lower()
    return host in {h.lower() for h in getattr(settings, "XIEZUO_WEBHOOK_HOSTS", [])}


def error_text(exc: BaseException) -> str:
    """What to keep of a failure: its kind and message, without addresses or secrets."""
    text = f"{type(exc).__name__}: {exc}"
    text = _QUERY.sub("?****", _EMAIL.sub("***@***", text))
    return mask_text(text)[:300]
