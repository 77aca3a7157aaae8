"""Validation of generated documents against the vendored IATI 2.03 schema (no network)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMA_DIR = Path(__file__).resolve().parent / "schema" / "iati-2.03"


class _NoNetwork(etree.Resolver):
    """Schema includes resolve inside the vendored folder only."""

    def resolve(self, url: str | None, pubid: str | None, context: object) -> object:
        if url and "://" in url and not url.startswith("file:"):
            raise ValueError(f"the IATI schema tried to load {url} from the network")
        return None


@cache
def activities_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_NoNetwork())
    doc = etree.parse(str(SCHEMA_DIR / "iati-activities-schema.xsd"), parser)
    return etree.XMLSchema(doc)


def errors(document: bytes) -> list[str]:
    """The schema's complaints about ``document`` (an ``iati-activities`` file), with their
    line numbers; empty when it is valid."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False, huge_tree=True)
    try:
        tree = etree.fromstring(document, parser)
    except etree.XMLSyntaxError as exc:
        return [f"line {exc.lineno}: {exc.msg}"]
    schema = activities_schema()
    if schema.validate(tree):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
