"""Each ledger's rows have their own schema in the OpenAPI document, generated from the
ledger's declaration, and the rows the API serves match it exactly."""

import importlib
import json

import jsonschema_rs
import pytest
from django.core.serializers.json import DjangoJSONEncoder

from xiezuo.api.api import LEDGERS, api, slug
from xiezuo.labour.ledger import LabourRecordLedger

pytestmark = pytest.mark.django_db


def _document() -> dict:
    return json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder))


def _row_schema(doc: dict, ledger) -> dict:
    page = doc["paths"][f"/api/v1/ledgers/{slug(ledger)}/"]["get"]["responses"]["200"]
    ref = page["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    items = doc["components"]["schemas"][ref]["properties"]["results"]["items"]["$ref"]
    return doc["components"]["schemas"][items.rsplit("/", 1)[1]]


def test_every_ledger_has_its_own_row_schema() -> None:
    doc = _document()
    names = set()
    for ledger in LEDGERS:
        row = _row_schema(doc, ledger)
        names.add(row["title"])
        assert set(row["properties"]) == {"id", "version"} | {c.path for c in ledger.columns}
        assert row["additionalProperties"] is False
        detail = doc["paths"][f"/api/v1/ledgers/{slug(ledger)}/{{id}}"]["get"]["responses"]
        assert detail["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
            row["title"])
    assert len(names) == len(LEDGERS)


def test_the_project_row_says_types_money_and_nullability() -> None:
    from xiezuo.projects.ledger import ProjectLedger

    props = _row_schema(_document(), ProjectLedger)["properties"]
    assert props["year"]["type"] == "integer"
    assert props["donor_consent"]["type"] == "boolean"
    assert props["status"]["type"] == "string"  # the label of the choice
    money = props["budget_total"]
    assert money["format"] == "decimal" and "元" in money["description"]
    assert {"type": "string"} in money["anyOf"] and {"type": "null"} in money["anyOf"]
    assert props["budget_fiscal"]["type"] == "string"  # a non-null money field
    assert props["name"]["title"] == "项目名称"


def test_personal_fields_are_documented_as_masked() -> None:
    props = _row_schema(_document(), LabourRecordLedger)["properties"]
    assert props["id_number"]["x-personal"] is True
    assert "掩码" in props["id_number"]["description"]
    assert "x-personal" not in props["employer"]


def _fill_every_ledger() -> None:
    from xiezuo.core.audit import Actor, acting_as

    with acting_as(Actor(None, "demo")):
        for app in sorted({ledger.model._meta.app_config.name for ledger in LEDGERS}):
            try:
                module = importlib.import_module(f"{app}.demo")
            except ModuleNotFoundError:
                continue
            module.load()


def test_the_rows_served_match_the_document(client, demo, bearer) -> None:
    _fill_every_ledger()
    doc = _document()
    filled: set[str] = set()
    for who in ("national", "linxiashi_entry"):  # with and without personal data
        headers = bearer(who)
        for ledger in LEDGERS:
            validator = jsonschema_rs.validator_for(_row_schema(doc, ledger))
            response = client.get(f"/api/v1/ledgers/{slug(ledger)}/", {"page_size": 20},
                                  headers=headers)
            assert response.status_code == 200, (ledger, response.content[:300])
            rows = response.json()["results"]
            if rows:
                filled.add(ledger.__name__)
            for row in rows:
                errors = [e.message for e in validator.iter_errors(row)]
                assert not errors, (ledger.__name__, errors, row)
            if rows:
                one = client.get(f"/api/v1/ledgers/{slug(ledger)}/{rows[0]['id']}",
                                 headers=headers)
                assert one.status_code == 200 and one.json() == rows[0]
    empty = {ledger.__name__ for ledger in LEDGERS} - filled
    assert len(empty) <= len(LEDGERS) // 4, empty  # checked against real rows, not nothing


def test_the_descriptions_are_translatable_chinese_msgids() -> None:
    from django.utils.functional import Promise

    assert isinstance(api.description, Promise)
    doc = api.get_openapi_schema()
    operation = doc["paths"]["/api/v1/regions/"]["get"]
    assert isinstance(operation["summary"], Promise) and str(operation["summary"]) == "行政区划"
    projects = doc["paths"]["/api/v1/ledgers/projects/"]["get"]
    assert isinstance(projects["description"], Promise)
    assert str(projects["description"]).startswith("援建项目：")
