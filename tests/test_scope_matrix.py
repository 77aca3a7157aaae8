"""The scope matrix: every page and endpoint of the URL configuration, requested by GET and by
POST as every persona, answers as declared below, and no page shows a row of a region the
persona may not see.

The personas: a national administrator, a province approver (甘肃省 reviewer), a prefecture
reviewer (临夏州), county A's data entry (临夏市), county B's data entry (普格县), a donor
office administrator (济南市, the donor of county A), a viewer (甘肃省), and anonymous.
Each object URL is asked about one row of county A (临夏市, reported by the recipient side),
made for the test; county B's rows (普格县) are the "foreign" ones whose links must not show.

**Adding a URL.** A URL whose name no entry of ``EXPECT`` matches fails
``test_every_url_has_an_expectation``. An entry is ``"namespace:name-glob": (GET, POST)``,
each a policy of ``POLICIES`` (who gets through, who is refused and how); the object
a URL names comes from ``ARGS``. A new API write endpoint under /api/v1/ledgers/… is one
line, e.g. ``"api:ledger-*-create": (NOT_ALLOWED, API_CHANGE_A)``.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import itertools
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PERSONAS = ["anonymous", "gansu_viewer", "linxia_reviewer", "gansu_approver", "puge_entry",
            "jinan_admin", "linxiashi_entry", "national"]

# --- outcomes: what a persona's request must answer ------------------------------------------
OK = "ok"  # 2xx or a redirect that is not to the login page (a form with errors is 200)
LOGIN = "login"  # a redirect to the login page
DENY = "403"
HIDDEN = "404"
NOT_ALLOWED = "405"  # the method is not this URL's
UNAUTHORISED = "401"  # the API without a token


def _all(outcome: str, **others: str) -> dict[str, str]:
    return {p: others.get(p, outcome) for p in PERSONAS}


SIGNED_IN = {"anonymous": LOGIN}
#: roles: viewer (gansu_viewer), reviewer (linxia_reviewer, gansu_approver), data entry
#: (puge_entry, linxiashi_entry), office admin (jinan_admin), national admin (national)
POLICIES: dict[str, dict[str, str]] = {
    "public": _all(OK),
    "page": _all(OK, **SIGNED_IN),
    "post_only": _all(NOT_ALLOWED, **SIGNED_IN),
    "post_only_403": _all(DENY, **SIGNED_IN),
    # a write on county A's row asked by GET: refused, 404 to whoever does not see the row
    "post_only_a": _all(DENY, puge_entry=HIDDEN, **SIGNED_IN),
    # a row of county A: everyone but county B sees it ...
    "view_a": _all(OK, puge_entry=HIDDEN, **SIGNED_IN),
    # ... and only county A and the offices above it change it (the donor reads it)
    "change_a": _all(DENY, puge_entry=HIDDEN, linxiashi_entry=OK, national=OK, **SIGNED_IN),
    "change_a_post": _all(DENY, puge_entry=HIDDEN, linxiashi_entry=OK, national=OK,
                          **SIGNED_IN),
    # adding: the roles that may add (data entry, office and national admins)
    "add": _all(DENY, puge_entry=OK, linxiashi_entry=OK, jinan_admin=OK, national=OK,
                **SIGNED_IN),
    # office work: office and national administrators
    "manage": _all(DENY, jinan_admin=OK, national=OK, **SIGNED_IN),
    # national work: the national administrator only
    "national": _all(DENY, national=OK, **SIGNED_IN),
    # review and approval: reviewers and administrators
    "review": _all(DENY, linxia_reviewer=OK, gansu_approver=OK, jinan_admin=OK, national=OK,
                   **SIGNED_IN),
    # what only its owner (county A's clerk) sees: an import job, a notification
    "own_a": _all(HIDDEN, linxiashi_entry=OK, **SIGNED_IN),
    # a region's dashboard: the offices of 临夏市 and above (not the donor, not county B)
    "region_a": _all(OK, puge_entry=HIDDEN, jinan_admin=HIDDEN, **SIGNED_IN),
    # what only the recipient side reaches (reporting, archived reports): county A's row
    "recipient_a": _all(OK, puge_entry=HIDDEN, jinan_admin=HIDDEN, **SIGNED_IN),
    "recipient_change_a": _all(DENY, puge_entry=HIDDEN, jinan_admin=HIDDEN,
                               linxiashi_entry=OK, national=OK, **SIGNED_IN),
    "declare_get": _all(DENY, puge_entry=HIDDEN, jinan_admin=HIDDEN, linxiashi_entry=HIDDEN,
                        national=HIDDEN, **SIGNED_IN),
    # a row both sides of the pairing change (an annual target both signed)
    "change_both_a": _all(DENY, puge_entry=HIDDEN, linxiashi_entry=OK, jinan_admin=OK,
                          national=OK, **SIGNED_IN),
    "post_only_both_a": _all(DENY, puge_entry=HIDDEN, **SIGNED_IN),
    # a pairing: managed by the administrators of its parties' offices
    "manage_a": _all(DENY, puge_entry=HIDDEN, jinan_admin=OK, national=OK, **SIGNED_IN),
    # opening a period: whoever may submit for their own office's region (not national)
    "open": _all(DENY, puge_entry=OK, linxiashi_entry=OK, jinan_admin=OK,
                 national=HIDDEN, **SIGNED_IN),
    # the API: a token per persona (anonymous has none)
    "api": _all(OK, anonymous=UNAUTHORISED),
    "api_a": _all(OK, anonymous=UNAUTHORISED, puge_entry=HIDDEN),
    "api_not_allowed": _all(NOT_ALLOWED),
    "api_docs": _all(OK, anonymous=LOGIN),
    "nowhere": _all(HIDDEN, **SIGNED_IN),
    "to_login": _all(LOGIN),
}

G, P = 0, 1
#: "namespace:name glob" → (GET policy, POST policy); the first matching entry counts
EXPECT: dict[str, tuple[str, str]] = {
    # every ledger (declare.py's views)
    "*:list": ("page", "page"),
    "*:export": ("page", "page"),
    "*:create": ("add", "add"),
    "*:detail": ("view_a", "view_a"),
    "*:edit": ("change_a", "change_a_post"),
    "*:delete": ("change_a", "change_a_post"),
    "*:attach": ("post_only_a", "change_a_post"),
    "*:attachment": ("view_a", "view_a"),
    "*:attachment_delete": ("post_only_a", "change_a_post"),
    # ticked rows of a list, deleted or edited together (the rows are in the body)
    "*:batch": ("post_only", "add"),
    # annual targets: both parties sign them, either side changes them
    "targets:edit": ("change_both_a", "change_both_a"),
    "targets:delete": ("change_both_a", "change_both_a"),
    "targets:attach": ("post_only_both_a", "change_both_a"),
    "targets:attachment_delete": ("post_only_both_a", "change_both_a"),
    # core and accounts
    "core:home": ("page", "page"),
    "core:audit": ("manage", "manage"),
    "core:audit_export": ("national", "national"),
    "core:search": ("post_only", "page"),
    "accounts:login": ("public", "public"),
    "accounts:logout": ("post_only", "to_login"),
    "accounts:password_change": ("page", "page"),
    "accounts:password_change_done": ("page", "post_only"),
    "accounts:money_unit": ("post_only", "page"),
    "accounts:lockouts": ("manage", "manage"),
    "accounts:unlock": ("post_only", "post_only_403"),
    "accounts:otp": ("page", "page"),
    # the people of an office: county A's clerk is managed by the national administrator
    # and the recipient offices above 临夏市 (none among the personas); the donor sees nobody
    "accounts:users": ("manage", "manage"),
    "accounts:user_create": ("manage", "manage"),
    "accounts:user_edit": ("manage_user_a", "manage_user_a"),
    "accounts:user_password": ("post_only", "manage_user_a"),
    "accounts:otp_setup": ("page", "page"),
    "set_language": ("public", "public"),
    "favicon": ("public", "public"),
    # regions and pairings
    "regions:list": ("page", "page"),
    "regions:suggest": ("page", "page"),
    "regions:detail": ("page", "page"),  # the registry is for everyone
    "pairings:list": ("page", "page"),
    "pairings:map": ("page", "page"),
    "pairings:map_data": ("page", "page"),
    "pairings:suggest": ("page", "page"),  # the user's own pairings only
    "pairings:detail": ("view_a", "view_a"),
    "pairings:create": ("manage", "manage"),
    "pairings:edit": ("manage_a", "manage_a"),
    # figures pages
    "funds:overview": ("page", "page"),
    "funds:reconciliation": ("page", "page"),
    "funds:idle": ("page", "page"),
    "people:figures": ("page", "page"),
    "labour:figures": ("page", "page"),
    "projects:advance": ("post_only_a", "change_a_post"),
    # indicators and assessment
    "indicators:catalogue": ("page", "page"),
    "indicators:detail": ("page", "page"),
    "indicators:new": ("national", "national"),
    "indicators:edit": ("national", "national"),
    "indicators:dashboard": ("page", "page"),
    "indicators:country": ("national_view", "national_view"),
    "indicators:region": ("region_a", "region_a"),
    "indicators:pairing": ("view_a", "view_a"),
    "indicators:drill": ("nowhere", "nowhere"),  # without its figure's parameters: 404
    "assessment:schemes": ("page", "page"),
    "assessment:scheme": ("page", "page"),
    "assessment:scheme_new": ("national", "national"),
    "assessment:scheme_edit": ("national", "national"),
    "assessment:scheme_run": ("post_only", "national"),
    "assessment:run": ("page", "page"),
    "assessment:export": ("page", "page"),
    # import and export
    "transfer:jobs": ("page", "page"),
    "transfer:job": ("own_a", "own_a"),
    "transfer:progress": ("own_a", "own_a"),
    "transfer:commit": ("post_only", "own_a"),
    "transfer:file": ("own_a", "own_a"),
    "transfer:import": ("add", "add"),
    "transfer:template": ("add", "add"),
    "transfer:export": ("page", "page"),
    "transfer:retry": ("post_only", "own_a"),
    # an office's own tables: the upload is its clerk's own; a saved mapping its office's
    "sheets:start": ("add", "add"),
    "sheets:detail": ("own_a", "own_a"),
    "sheets:confirm": ("post_only", "own_a"),
    "sheets:forget": ("post_only", "recipient_change_a"),  # county A's office's mapping
    # checklists
    "checklists:checklist": ("page", "page"),
    "checklists:tick": ("post_only_a", "change_a_post"),
    "checklists:reopen": ("post_only_a", "change_a_post"),
    "checklists:from_source": ("change_a", "change_a_post"),
    "checklists:rates": ("page", "page"),
    "checklists:clear": ("post_only_a", "change_a_post"),
    # the monthly report and the reporting chain
    "situation:report": ("page", "page"),
    "situation:export": ("page", "page"),
    "situation:archived": ("recipient_a", "recipient_a"),
    "reporting:list": ("page", "page"),
    "reporting:inbox": ("page", "page"),
    # the reporting chain's steps without their form (no step named): refused as unknown;
    # who may take which step is xiezuo/reporting/tests/test_chain.py's
    "reporting:bulk": ("page", "nowhere"),
    "reporting:detail": ("recipient_a", "recipient_a"),
    "reporting:step": ("nowhere", "nowhere"),
    "reporting:declare": ("declare_get", "recipient_change_a"),
    "reporting:declare_all": ("declare_get", "recipient_change_a"),
    "reporting:open": ("post_only", "open"),
    "reporting:data_sets": ("page", "page"),
    # reporting rates: everyone sees the counties of their own scope; reminders are sent by
    # reviewers and administrators
    "reporting:rates": ("page", "page"),
    "reporting:remind": ("post_only", "review"),
    # data quality rules: read by everyone, edited by national and provincial administrators
    "reporting:quality_rules": ("page", "page"),
    # the data quality page: everyone sees the findings of the counties of their own scope;
    # an explanation is written by county A's clerk (the national administrator is told no)
    "reporting:quality": ("page", "page"),
    "reporting:explain": ("post_only", "recipient_change_a"),
    "reporting:quality_rule_create": ("national", "national"),
    "reporting:quality_rule_edit": ("national", "national"),
    # notices: 甘肃省's office's notice to 临夏市's office (not to 临夏州's)
    "notices:list": ("page", "page"),
    "notices:create": ("manage", "manage"),
    "notices:detail": ("notice_a", "notice_a"),
    "notices:attachment": ("notice_a", "notice_a"),
    "notices:read": ("post_only", "notice_read_a"),
    "reporting:data_set_create": ("national", "national"),
    "reporting:data_set_edit": ("national", "national"),
    "reporting:notifications": ("page", "page"),
    "reporting:unread": ("page", "page"),
    "reporting:notification_read": ("nowhere", "own_a"),
    "reporting:notifications_read_all": ("nowhere", "page"),
    # the report reader
    "news:queue": ("page", "page"),
    "news:upload": ("decide", "decide"),  # whoever may decide reports brings them in
    "news:review": ("view_a", "decide_a"),
    "news:reject": ("post_only", "decide_a"),
    "opendata:index": ("page", "page"),
    "opendata:export": ("page", "page"),
    # the API (a bearer token per persona)
    "api:api-root": ("page", "post_only"),  # the landing page listing the endpoints
    "tokens:list": ("page", "page"),
    # one's own notification preferences; every delivery: the national administrator's
    "delivery:preferences": ("page", "page"),
    "delivery:deliveries": ("national", "national"),
    "tokens:revoke": ("post_only", "own_a"),  # one's own token only
    "api:openapi-json": ("api_docs", "api_docs"),
    "api:openapi-view": ("api_docs", "api_docs"),
    "api:ledger-*-search": ("api_not_allowed", "api"),
    "api:ledger-*-summary": ("api", "api_not_allowed"),
    # the ledgers' writes (a body the form refuses is a 400: the view understood it)
    "api:ledger-*-bulk": ("api_not_allowed", "api_add"),
    # the same address as a record's GET (PUT, PATCH, DELETE: test_the_api_writes below)
    "api:ledger-*-replace": ("api_a", "api_not_allowed"),
    "api:ledger-*-update": ("api_a", "api_not_allowed"),
    "api:ledger-*-delete": ("api_a", "api_not_allowed"),
    "api:ledger-*-create": ("api", "api_add"),
    "api:ledger-*-detail": ("api_a", "api_not_allowed"),
    "api:pairing": ("api_a", "api_not_allowed"),
    "api:ledger-*": ("api", "api_add"),  # a list: GET reads, POST creates
    "api:*": ("api", "api_not_allowed"),
}


def _refine() -> None:
    """Policies whose wording above needs a persona-by-persona table."""
    POLICIES["national_view"] = _all(HIDDEN, national=OK, **SIGNED_IN)
    # an account of county A: its administrators (403 to roles that manage nobody)
    POLICIES["manage_user_a"] = _all(DENY, jinan_admin=HIDDEN, national=OK, **SIGNED_IN)
    # a notice: seen by its sending office (甘肃省) and its recipient (临夏市), and the national
    # administrator; read (签收) by its recipient only
    POLICIES["notice_a"] = _all(OK, linxia_reviewer=HIDDEN, puge_entry=HIDDEN,
                                jinan_admin=HIDDEN, **SIGNED_IN)
    POLICIES["notice_read_a"] = _all(HIDDEN, gansu_viewer=DENY, gansu_approver=DENY,
                                     national=DENY, linxiashi_entry=OK, **SIGNED_IN)
    # the roles that decide reports (review or add)
    POLICIES["decide"] = _all(OK, gansu_viewer=DENY, **SIGNED_IN)
    # creating through the API: the roles that may add, by their token
    POLICIES["api_add"] = _all(DENY, anonymous=UNAUTHORISED, puge_entry=OK,
                               linxiashi_entry=OK, jinan_admin=OK, national=OK)
    POLICIES["own_a_post"] = _all(HIDDEN, linxiashi_entry=NOT_ALLOWED, **SIGNED_IN)
    # a submission step: the persona sees county A's submission; whether the step is theirs
    # is the reporting rules' business (xiezuo/reporting/tests), a refused step is a 403
    POLICIES["step"] = _all(OK, puge_entry=HIDDEN, **SIGNED_IN)
    # accepting or rejecting a report: the roles that decide, on a report they see
    POLICIES["decide_a"] = _all(DENY, puge_entry=HIDDEN, linxiashi_entry=OK, jinan_admin=OK,
                                linxia_reviewer=OK, gansu_approver=OK, national=OK,
                                **SIGNED_IN)


_refine()


# --- the URL configuration --------------------------------------------------------------------

def _patterns(resolver: URLResolver, prefix: str = "", namespace: str = "") -> Any:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace == "admin":
                continue  # the admin site has its own login and permissions
            ns = ":".join(x for x in (namespace, entry.namespace) if x)
            yield from _patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}:{entry.name}" if namespace else entry.name or "",
                   prefix + str(entry.pattern))


def _short(name: str) -> str:
    """``indicators:targets:list`` → ``targets:list`` (the ledger's own namespace)."""
    parts = name.split(":")
    return ":".join(parts[-2:]) if len(parts) > 1 else name


URLS = sorted(set(_patterns(get_resolver())))
LEDGER_LABELS = [label for label in __import__(
    "xiezuo.ledgers.declare", fromlist=["declared_ledgers"]).declared_ledgers()]


def expectation(name: str) -> tuple[str, str] | None:
    """The entry of the URL's own name first, then the first matching glob."""
    for key in (name, _short(name)):
        if key in EXPECT:
            return EXPECT[key]
    for key in (name, _short(name)):
        for glob, policies in EXPECT.items():
            if fnmatch.fnmatchcase(key, glob):
                return policies
    return None


def test_every_url_has_an_expectation() -> None:
    missing = [f"{name} ({route})" for name, route in URLS if expectation(name) is None]
    assert not missing, "URLs without an expectation in EXPECT:\n" + "\n".join(missing)
    assert len(URLS) > 200


# --- the world the requests are made in ------------------------------------------------------

_SERIAL = itertools.count(1)


def _value(field: models.Field[Any, Any], world: dict[str, Any], taken: set[Any]) -> Any:
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.ForeignKey):
        target = field.related_model
        if target._meta.label_lower == "regions.region":
            return world["region_a"]
        if target._meta.label_lower == "pairings.pairing":
            return world["pairing_a"]
        if target._meta.label_lower == "accounts.user":
            return world["users"]["linxiashi_entry"]
        found = target._default_manager.exclude(pk__in=[o.pk for o in taken
                                                         if isinstance(o, target)]).first()
        found = found if found is not None else make(target, world)
        taken.add(found)  # two keys to one model (helper and helped) get two rows
        return found
    if isinstance(field, models.DateTimeField):
        return dt.datetime(2024, 5, 1, 9, tzinfo=dt.UTC)
    if isinstance(field, models.DateField):
        return dt.date(2024, 5, 1)
    if isinstance(field, models.DecimalField):
        return Decimal("1000")
    if isinstance(field, models.FloatField):
        return 1.0
    if isinstance(field, models.IntegerField):
        return 2024 if field.name == "year" else 1
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.FileField):
        return ContentFile(b"%PDF-1.4 x", name="x.pdf")
    return f"矩阵{field.name}{next(_SERIAL)}"[: field.max_length or 50]


def make(model: type[models.Model], world: dict[str, Any], **given: Any) -> Any:
    """One saved row of ``model`` in county A, its required fields filled with plain values
    (no form: only a row to ask about)."""
    obj = model(**given)
    taken: set[Any] = set()
    for f in model._meta.concrete_fields:
        if (f.primary_key or f.name in given or f.attname in given or f.has_default()
                or f.null or getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
                or (f.blank and isinstance(f, models.CharField | models.TextField))):
            continue
        value = _value(f, world, taken)
        if isinstance(f, models.FileField):
            getattr(obj, f.name).save(value.name, value, save=False)
        else:
            setattr(obj, f.name, value)
    for name, value in (("region", world["region_a"]), ("pairing", world["pairing_a"]),
                        ("reported_by", "recipient")):
        if name not in given and any(f.name == name for f in model._meta.concrete_fields):
            setattr(obj, name, value)
    obj.save()
    return obj


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """Demo personas and pairings, a row of county A for every ledger (and one of county B
    whose links must never show to another county), tokens, a job, a submission, a report:
    made once for the module in a transaction that is rolled back at its end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _build() -> dict[str, Any]:
    from django.contrib.contenttypes.models import ContentType

    from conftest import ensure_regions
    from xiezuo.accounts import demo as accounts_demo
    from xiezuo.api.models import ApiToken
    from xiezuo.core.models import Attachment
    from xiezuo.ledgers.declare import declared_ledgers
    from xiezuo.pairings import demo as pairings_demo
    from xiezuo.regions.models import Region

    ensure_regions()
    pairings = pairings_demo.load()
    users = accounts_demo.load()
    world: dict[str, Any] = {
        "users": users, "pairings": pairings, "pairing_a": pairings["szq-lxs"],
        "region_a": Region.objects.get(code="622901", valid_to__isnull=True)}
    world_b = {**world, "pairing_a": pairings["lmt-pg"],
               "region_a": Region.objects.get(code="513428", valid_to__isnull=True)}
    rows, foreign = {}, {}
    for label, ledger in declared_ledgers().items():
        rows[label] = make(ledger.model, world)
        foreign[label] = make(ledger.model, world_b)
        row = rows[label]
        attachment = Attachment(content_type=ContentType.objects.get_for_model(row),
                                object_id=str(row.pk), original_name="证明.pdf", size=10)
        attachment.file.save("x.pdf", ContentFile(b"%PDF-1.4 x"), save=False)
        attachment.save()
        world[f"attachment:{label}"] = attachment
    world["rows"], world["foreign"] = rows, foreign
    world["ledgers"] = declared_ledgers()
    world["tokens"] = {name: ApiToken.issue(user, "matrix")[1] for name, user in users.items()}
    # a token of county A's clerk for the token page to revoke (not one the API is asked with)
    world["token_a"] = ApiToken.issue(users["linxiashi_entry"], "revoke me")[0]
    _extras(world)
    # signed in once, in the module's transaction (a request's own is rolled back)
    world["clients"] = {persona: _client(persona, world, fresh=True) for persona in PERSONAS}
    return world


def _extras(world: dict[str, Any]) -> None:
    from xiezuo.assessment.models import Run, Scheme
    from xiezuo.indicators.models import Indicator
    from xiezuo.news.models import Report
    from xiezuo.reporting.models import DataSet, Notification, Submission
    from xiezuo.sheets.models import SavedMapping, SheetUpload
    from xiezuo.situation.models import ArchivedReport
    from xiezuo.transfer.models import TransferJob

    clerk = world["users"]["linxiashi_entry"]
    world["scheme"] = Scheme.objects.create(name="矩阵考核", year=2024)
    world["run"] = Run.objects.create(scheme=world["scheme"])
    world["indicator"] = Indicator.objects.order_by("pk").first() or make(Indicator, world)
    world["job"] = make(TransferJob, world, user=clerk, kind="import",
                        target="projects.project", status="preview")
    world["data_set"] = make(DataSet, world, name="矩阵报送", ledgers=["projects.project"])
    world["submission"] = make(Submission, world, data_set=world["data_set"],
                               region=world["region_a"], period_start=dt.date(2026, 10, 1),
                               period_end=dt.date(2026, 10, 31), deadline=dt.date(2026, 11, 5))
    world["notification"] = Notification.objects.create(user=clerk, text="矩阵通知")
    world["sheet_upload"] = make(SheetUpload, world, user=clerk, office=clerk.office,
                                 ledger="projects.project")
    world["sheet_mapping"] = make(SavedMapping, world, office=clerk.office,
                                  ledger="projects.project")
    world["report"] = make(Report, world, region=world["region_a"],
                           pairing=world["pairing_a"])
    world["archived"] = make(ArchivedReport, world, region=world["region_a"],
                             generated_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    from xiezuo.accounts.models import User
    from xiezuo.core.models import Attachment
    from xiezuo.notices import actions as notices
    from xiezuo.reporting.models import QualityRule

    world["quality_rule"] = QualityRule.objects.create(
        name="矩阵规则", ledger="consumption.consumption", field="amount", kind="range",
        maximum=100)
    publisher = User.objects.create(username="matrix_gansu_admin", role="office_admin",
                                    office=world["users"]["gansu_viewer"].office)
    world["notice"] = notices.publish(
        publisher, title="矩阵通知", body="正文", deadline=None, offices=[clerk.office],
        files=[ContentFile(b"%PDF-1.4 x", name="x.pdf")])
    world["notice_attachment"] = Attachment.for_object(world["notice"]).get()


def _ledger_of(name: str, world: dict[str, Any]) -> str | None:
    """The ledger (``projects.project``) whose views ``name`` is, by its URL namespace."""
    namespace = name.rsplit(":", 1)[0]
    for label, ledger in world["ledgers"].items():
        if ledger.namespace == namespace:
            return label
    return None


def kwargs_for(name: str, route: str, world: dict[str, Any]) -> dict[str, Any]:
    """The URL's arguments: county A's objects."""
    label = _ledger_of(name, world)
    short = _short(name)
    values: dict[str, Any] = {}
    for match in re.finditer(r"<(?:(\w+):)?(\w+)>", route):
        arg = match.group(2)
        if arg == "pk":
            values[arg] = _pk(name, short, label, world)
        elif arg == "attachment_pk" and short.startswith("notices:"):
            values[arg] = world["notice_attachment"].pk
        elif arg == "attachment_pk":
            values[arg] = world[f"attachment:{label}"].pk
        elif arg == "fmt":
            values[arg] = {"opendata:export": "xml", "assessment:export": "pdf",
                           "situation:archived": "pdf", "situation:export": "pdf"}.get(
                short, "csv")
        elif arg == "code":
            values[arg] = "622901"
        elif arg == "key":
            values[arg] = "projects.project"
        elif arg == "what":
            values[arg] = "upload"
        elif arg == "kind":
            values[arg] = "meeting"
        elif arg == "data_set":
            values[arg] = world["data_set"].pk
        elif arg == "start":
            values[arg] = "2026-10-01"
        elif arg == "id":
            values[arg] = _api_id(name, world)
        else:
            raise AssertionError(f"no value for <{arg}> of {name}: add one to kwargs_for")
    return values


def _pk(name: str, short: str, label: str | None, world: dict[str, Any]) -> int:
    if label is not None:
        return int(world["rows"][label].pk)
    fixed = {
        "pairings:detail": world["pairing_a"], "pairings:edit": world["pairing_a"],
        "indicators:detail": world["indicator"], "indicators:edit": world["indicator"],
        "indicators:pairing": world["pairing_a"],
        "assessment:scheme": world["scheme"], "assessment:scheme_edit": world["scheme"],
        "assessment:scheme_run": world["scheme"], "assessment:run": world["run"],
        "assessment:export": world["run"], "situation:archived": world["archived"],
        "reporting:detail": world["submission"], "reporting:step": world["submission"],
        "reporting:declare": world["submission"], "reporting:explain": world["submission"],
        "reporting:data_set_edit": world["data_set"], "reporting:declare_all": world["submission"],
        "reporting:notification_read": world["notification"],
        "news:review": world["report"], "news:reject": world["report"],
        "checklists:tick": world["rows"]["checklists.task"],
        "checklists:reopen": world["rows"]["checklists.task"],
        "checklists:clear": world["rows"]["checklists.problem"],
        "checklists:from_source": world["rows"]["meetings.meeting"],
        "projects:advance": world["rows"]["projects.project"],
        "sheets:detail": world["sheet_upload"], "sheets:confirm": world["sheet_upload"],
        "sheets:forget": world["sheet_mapping"],
        "reporting:quality_rule_edit": world["quality_rule"],
        "notices:detail": world["notice"], "notices:read": world["notice"],
        "notices:attachment": world["notice"],
        "accounts:user_edit": world["users"]["linxiashi_entry"],
        "accounts:user_password": world["users"]["linxiashi_entry"],
        "tokens:revoke": world["token_a"],
    }
    for key in (name, short):
        if key in fixed:
            return int(fixed[key].pk)
        if key.startswith("transfer:"):
            return int(world["job"].pk)
    raise AssertionError(f"no object for {name}: add one to _pk")


def _api_id(name: str, world: dict[str, Any]) -> int:
    if name == "api:pairing":
        return int(world["pairing_a"].pk)
    slug = name.removeprefix("api:ledger-")
    for suffix in ("-detail", "-replace", "-update", "-delete"):
        slug = slug.removesuffix(suffix)
    for label, ledger in world["ledgers"].items():
        if ledger.namespace.replace(":", "-") == slug:
            return int(world["rows"][label].pk)
    raise AssertionError(f"no object for {name}")


# --- the requests -------------------------------------------------------------------------

def _outcome(response: Any) -> str:
    status = response.status_code
    if status in (301, 302, 303) and "/accounts/login/" in response.get("Location", ""):
        return LOGIN
    if status < 400:
        return OK
    if status == 400:
        return OK  # a request the view understood and refused as bad input
    return str(status)


def _foreign_links(persona: str, world: dict[str, Any]) -> list[str]:
    """Detail links of rows ``persona`` may not see."""
    from xiezuo.core.scoping import Scope

    if persona == "anonymous":
        return []
    scope = Scope.of(world["users"][persona])
    links = []
    for rows in (world["foreign"], world["rows"]):
        for key, row in rows.items():
            if scope.covers(row):
                continue
            ledger = world["ledgers"][key]
            links.append(reverse(ledger.url_name("detail"), args=[row.pk]) + '"')
    return links


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "route"), URLS, ids=[n or r for n, r in URLS])
def test_the_matrix(world: Any, django_db_blocker: Any, name: str, route: str) -> None:
    policies = expectation(name)
    assert policies is not None, f"{name}: no expectation"
    path = reverse(name, kwargs=kwargs_for(name, route, world) or None)
    api = name.startswith("api:") and name not in {"api:openapi-json", "api:openapi-view",
                                                   "api:api-root"}
    wrong = []
    with django_db_blocker.unblock():
        for method, policy in (("GET", policies[G]), ("POST", policies[P])):
            for persona in PERSONAS:
                expected = POLICIES[policy][persona]
                with transaction.atomic():
                    response = _request(method, path, persona, world, api, name)
                    got = _outcome(response)
                    if got != expected:
                        wrong.append(f"{method} {persona}: {got} (expected {expected})")
                    elif method == "GET" and got == OK:
                        _assert_no_foreign(response, persona, world, path)
                    transaction.set_rollback(True)
    assert not wrong, f"{name} {path}\n" + "\n".join(wrong)


def _client(persona: str, world: dict[str, Any], fresh: bool) -> Client:
    """The persona's signed-in client, made once for the module (signing in writes a
    session and an audit row: too slow to repeat for every request); a fresh one for the
    URLs that end the session."""
    if fresh:
        client = Client(raise_request_exception=True)
        if persona != "anonymous":
            client.force_login(world["users"][persona])
        return client
    return world["clients"][persona]


#: URLs after which the client's session is gone
ENDS_SESSION = {"accounts:logout"}


def _request(method: str, path: str, persona: str, world: dict[str, Any], api: bool,
             name: str) -> Any:
    if api:
        client = Client(raise_request_exception=True)
        if persona != "anonymous":
            client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {world['tokens'][persona]}"
        if method == "POST":
            return client.post(path, json.dumps({"year": "2024"}),
                               content_type="application/json")
        return client.get(path)
    client = _client(persona, world, name in ENDS_SESSION)
    return client.post(path, {}) if method == "POST" else client.get(path)


def _assert_no_foreign(response: Any, persona: str, world: dict[str, Any], path: str) -> None:
    if "html" not in response.get("Content-Type", "") or getattr(response, "streaming", False):
        return
    body = response.content.decode("utf-8", "replace")
    shown = [link for link in _foreign_links(persona, world) if f'href="{link}' in body]
    assert not shown, f"{path} as {persona} links to rows out of scope: {shown}"


#: PATCH and DELETE of county A's row through the API, as every persona: the roles that may
#: change, on the side that reported it (the donor office reads a recipient's row)
API_WRITE = _all(DENY, anonymous=UNAUTHORISED, puge_entry=HIDDEN, linxiashi_entry=OK,
                 national=OK)
#: annual targets: both sides sign them, either side changes them
API_WRITE_BOTH = {**API_WRITE, "jinan_admin": OK}


@pytest.mark.django_db
@pytest.mark.parametrize("label", sorted(LEDGER_LABELS))
def test_the_api_writes(world: Any, django_db_blocker: Any, label: str) -> None:
    ledger = world["ledgers"][label]
    path = f"/api/v1/ledgers/{ledger.namespace.replace(':', '-')}/{world['rows'][label].pk}"
    policy = API_WRITE_BOTH if label == "indicators.annualtarget" else API_WRITE
    wrong = []
    with django_db_blocker.unblock():
        for method in ("patch", "delete"):
            for persona in PERSONAS:
                with transaction.atomic():
                    client = Client(raise_request_exception=True)
                    if persona != "anonymous":
                        client.defaults["HTTP_AUTHORIZATION"] = (
                            f"Bearer {world['tokens'][persona]}")
                    response = getattr(client, method)(path, "{}",
                                                       content_type="application/json")
                    got = OK if response.status_code == 409 else _outcome(response)
                    if got != policy[persona]:
                        wrong.append(f"{method.upper()} {persona}: {got} "
                                     f"(expected {policy[persona]})")
                    transaction.set_rollback(True)
    assert not wrong, f"{label} {path}\n" + "\n".join(wrong)
