"""Writing ledgers through the API: the page's form, scoping, locks, versions, audit,
Idempotency-Key and the all-or-nothing bulk create.

linxiashi_entry: data entry in 临夏市        puge_entry: data entry in 普格县
gansu_viewer:    reads Gansu, writes nothing
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest

from xiezuo.consumption.models import Consumption
from xiezuo.core.models import AuditEntry
from xiezuo.ledgers import locks
from xiezuo.ledgers.testing import county

pytestmark = pytest.mark.django_db
URL = "/api/v1/ledgers/consumption/"


def body(**change: Any) -> dict[str, Any]:
    return {"date": "2024-10-12", "kind": "purchase", "region": "622901",
            "buyer_type": "government", "buyer": "济南市市中区机关事务服务中心",
            "channel": "canteen", "category": "meat_egg", "product": "手抓羊肉",
            "amount": "120000.50", **change}


def send(client: Any, method: str, url: str, data: Any, headers: dict[str, str]) -> Any:
    return getattr(client, method)(url, data=json.dumps(data), content_type="application/json",
                                   headers=headers)


def test_it_creates_through_the_form_and_audits_the_tokens_user(client, demo, bearer) -> None:
    headers = bearer("linxiashi_entry")
    response = send(client, "post", URL, body(), headers)
    assert response.status_code == 201, response.json()
    row = response.json()
    obj = Consumption.objects.get(pk=row["id"])
    assert obj.amount == Decimal("120000.50") and obj.pairing.recipient.code == "622901"
    assert response["ETag"] == '"1"' and row["version"] == 1
    assert response["Location"].endswith(f"{URL}{obj.pk}")
    entry = AuditEntry.for_object(obj).get()
    assert entry.actor_label == "linxiashi_entry" and "接口写入" in entry.reason
    got = client.get(f"{URL}{obj.pk}", headers=headers)
    assert got.json()["version"] == 1 and got["ETag"] == '"1"'


def test_it_answers_the_forms_errors_per_field(client, demo, bearer) -> None:
    headers = bearer("linxiashi_entry")
    response = send(client, "post", URL, body(amount="-3", kind="nope", date="2024-02-30"),
                    headers)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"amount", "kind", "date"} <= set(errors), errors
    assert send(client, "post", URL, body(colour="red"), headers).json()["errors"] == {
        "colour": ["没有这个字段，或您的单位不能填写它。"]}
    assert send(client, "post", URL, [1, 2], headers).status_code == 400
    bad = client.post(URL, data=b"{nope", content_type="application/json", headers=headers)
    assert bad.status_code == 400
    assert not Consumption.objects.exists()


def test_it_keeps_to_the_users_scope(client, demo, bearer) -> None:
    theirs = send(client, "post", URL, body(region="513428"), bearer("puge_entry")).json()
    headers = bearer("linxiashi_entry")
    refused = send(client, "post", URL, body(region="513428"), headers)
    assert refused.status_code == 400  # not a place of this office
    for method in ("put", "patch"):
        assert send(client, method, f"{URL}{theirs['id']}", body(), headers).status_code == 404
    assert client.delete(f"{URL}{theirs['id']}", headers=headers).status_code == 404
    viewer = send(client, "post", URL, body(), bearer("gansu_viewer"))
    assert viewer.status_code == 403
    assert Consumption.objects.count() == 1


def test_patch_changes_only_what_it_names_and_put_replaces(client, demo, bearer) -> None:
    headers = bearer("linxiashi_entry")
    made = send(client, "post", URL, body(notes="第一批"), headers).json()
    patched = send(client, "patch", f"{URL}{made['id']}", {"product": "牦牛肉"}, headers)
    assert patched.status_code == 200, patched.json()
    obj = Consumption.objects.get(pk=made["id"])
    assert (obj.product, obj.notes, obj.version) == ("牦牛肉", "第一批", 2)
    put = send(client, "put", f"{URL}{made['id']}", body(product="青稞"), headers)
    assert put.status_code == 200
    obj.refresh_from_db()
    assert (obj.product, obj.notes) == ("青稞", "")  # a replacement leaves out what it omits


def test_a_stale_change_is_refused_with_what_changed(client, demo, bearer) -> None:
    headers = bearer("linxiashi_entry")
    made = send(client, "post", URL, body(), headers).json()
    url = f"{URL}{made['id']}"
    send(client, "patch", url, {"product": "牦牛肉"}, bearer("national"))
    stale = send(client, "patch", url, {"product": "青稞", "version": 1}, headers)
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    assert stale.json()["version"] == 2
    assert stale.json()["changes"][0]["fields"]["product"]["after"] == "牦牛肉"
    matched = send(client, "patch", url, {"product": "青稞"},
                   {**headers, "If-Match": '"1"'})
    assert matched.status_code == 412
    ok = send(client, "patch", url, {"product": "青稞"}, {**headers, "If-Match": '"2"'})
    assert ok.status_code == 200 and ok["ETag"] == '"3"'


def test_a_locked_month_answers_409_with_the_reason(client, demo, bearer) -> None:
    headers = bearer("linxiashi_entry")
    made = send(client, "post", URL, body(), headers).json()
    _pairing, region = county(demo, "linxia")
    locks.lock("test", region, dt.date(2024, 10, 1), dt.date(2024, 10, 31),
               ["consumption.consumption"])
    for response in (send(client, "patch", f"{URL}{made['id']}", {"product": "改"}, headers),
                     client.delete(f"{URL}{made['id']}", headers=headers),
                     send(client, "post", URL, body(date="2024-10-20"), headers)):
        assert response.status_code == 409, response.json()
        assert response.json()["code"] == "locked" and "批准锁定" in response.json()["detail"]
    assert Consumption.objects.get().product == "手抓羊肉"


def test_delete(client, demo, bearer) -> None:
    headers = bearer("linxiashi_entry")
    made = send(client, "post", URL, body(), headers).json()
    response = client.delete(f"{URL}{made['id']}", headers=headers)
    assert response.status_code == 204 and not Consumption.objects.exists()
    assert AuditEntry.objects.filter(action="delete", object_id=str(made["id"])).exists()


def test_a_retried_create_with_the_same_key_creates_once(client, demo, bearer) -> None:
    headers = {**bearer("linxiashi_entry"), "Idempotency-Key": "req-0001"}
    first = send(client, "post", URL, body(), headers)
    again = send(client, "post", URL, body(), headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Consumption.objects.count() == 1
    other = send(client, "post", URL, body(product="别的"), headers)
    assert other.status_code == 422
    refused = send(client, "post", URL, body(amount="-1"),
                   {**headers, "Idempotency-Key": "req-0002"})
    assert refused.status_code == 400  # a refusal is not remembered: a fixed retry goes in
    fixed = send(client, "post", URL, body(), {**headers, "Idempotency-Key": "req-0002"})
    assert fixed.status_code == 201 and Consumption.objects.count() == 2


def test_bulk_is_all_or_nothing(client, demo, bearer) -> None:
    headers = bearer("linxiashi_entry")
    url = f"{URL}bulk"
    refused = send(client, "post", url, [body(), body(amount="abc"), body(kind="x")], headers)
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"1", "2"}
    assert not Consumption.objects.exists()
    made = send(client, "post", url, [body(product=f"第{i}批") for i in range(3)], headers)
    assert made.status_code == 201 and len(made.json()) == 3
    assert Consumption.objects.count() == 3
    assert AuditEntry.objects.filter(action="create").count() >= 3


def test_the_document_shows_every_write_with_its_body(client, demo, bearer) -> None:
    doc = client.get("/api/v1/openapi.json", headers=bearer("national")).json()
    ops = doc["paths"][URL]
    assert set(ops) >= {"get", "post"}
    schema = ops["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert {"date", "kind", "amount", "region"} <= set(schema["properties"])
    item = doc["paths"][f"{URL}{{id}}"]
    assert set(item) >= {"get", "put", "patch", "delete"}
    assert "post" in doc["paths"][f"{URL}bulk"]
