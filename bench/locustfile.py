"""Load scenario: the people of a working day at once (run by ``bench/load_bench.py``).

Users, by weight: county entry clerks (lists, saving a record's form, an import of their own
export with one record changed), prefecture reviewers (the reporting inbox, the ledgers, a
pairing's dashboard), provincial viewers (the province dashboard), donor offices (their
pairings and fund ledger) and API clients that change one shared record with ``If-Match`` (a
refused stale write is read again and retried). The API clients count the changes accepted,
the clerks the notes of every form save accepted; ``load_bench.py`` checks afterwards that the
shared record's version grew by exactly the API's count and each saved record's by its saves,
every saved note in the record's audit log (no update lost). The form savers, the imports and
the API clients change records of their own (a re-imported export would otherwise write back
what a clerk had just saved, as the person importing it asked).

Every request waits up to ``TIMEOUT`` seconds for its answer.

The signed-in sessions, the API token, the record ids and the servers' addresses come from the
JSON file named by ``XIEZUO_LOAD_CONFIG`` (written by ``load_bench.py``). Every server is on
loopback.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import random
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

CONFIG: dict[str, Any] = json.loads(Path(os.environ["XIEZUO_LOAD_CONFIG"]).read_text())
_servers = itertools.cycle(CONFIG["servers"])
#: changes the API clients had accepted (the record's version must grow by as many), the
#: notes each accepted form save wrote (each must be in the record's audit log, and the
#: record's version must grow by as many), the imports confirmed
ACCEPTED: dict[str, Any] = {"count": 0, "stale": 0, "saves": {}, "form_stale": 0,
                            "imports": 0}
#: a refused stale form (ledgers/actions.Stale): two clerks saved the same version at once
STALE_FORM = "在您打开之后已被他人修改"
#: seconds a request may take before the client gives up (the servers' own limit, gunicorn's
#: ``timeout``, is as long): generous, as the machine may be shared and slow
TIMEOUT = 120


class FormFields(HTMLParser):
    """The fields of each POST form of a page, as a browser would send them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []
        self.fields: dict[str, str] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.fields = {}
            self.forms.append(self.fields)
        fields = self.fields
        if fields is None:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            fields[name] = a.get("value", "on" if a.get("type") == "checkbox" else "")
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            fields[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea and self.fields is not None:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self.fields = None


def form_fields(html: str, having: str = "") -> dict[str, str]:
    """The fields of the page's first POST form with a field named ``having``, else of its
    largest (the record's, not the menu's)."""
    parser = FormFields()
    parser.feed(html)
    chosen = [f for f in parser.forms if having and having in f]
    return chosen[0] if chosen else max(parser.forms, key=len, default={})


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 4)
    role = ""

    def on_start(self) -> None:
        self.base = next(_servers)
        self.client.cookies.set("sessionid", CONFIG["sessions"][self.role])

    def get(self, path: str, name: str | None = None) -> Any:
        return self.client.get(self.base + path, name=name or path, timeout=TIMEOUT)


class CountyEntry(Person):
    weight = 20
    role = "county"

    @task(6)
    def lists(self) -> None:
        self.get(random.choice(["/funds/", "/consumption/", "/projects/"]))

    @task(2)
    def save_form(self) -> None:
        pk = random.choice(CONFIG["county_records"])
        page = self.get(f"/consumption/{pk}/edit/", name="/consumption/<id>/edit/ [form]")
        if page.status_code != 200:
            return
        fields = form_fields(page.text)
        note = fields["notes"] = f"负载测试 {random.randrange(10**9)}"
        with self.client.post(self.base + f"/consumption/{pk}/edit/", data=fields,
                              headers={"Referer": self.base + f"/consumption/{pk}/edit/"},
                              name="/consumption/<id>/edit/ [save]", timeout=TIMEOUT,
                              catch_response=True, allow_redirects=False) as response:
            # a redirect is a saved form; a form shown again with the stale-version error
            # (two clerks saved the same record at once) is the rule working; any other
            # form shown again is a failure
            if response.status_code == 302:
                ACCEPTED["saves"].setdefault(str(pk), []).append(note)
            elif response.status_code == 200 and STALE_FORM in response.text:
                ACCEPTED["form_stale"] += 1
                response.success()
            else:
                response.failure(f"save answered {response.status_code}")

    @task(1)
    def import_own_export(self) -> None:
        """Upload the county's own export again with one record's notes changed (upsert:
        unchanged rows are not written), then confirm the preview. Only the records set
        aside for imports go in the file: the form savers' and the API clients' records are
        left alone, so that their changes can be counted."""
        export = self.get("/consumption/export/csv/", name="/consumption/export/csv/")
        if export.status_code != 200:
            return
        upload = edited_export(export.content.decode("utf-8-sig"))
        url = "/transfer/import/consumption.consumption/"
        page = self.get(url, name="/transfer/import/ [form]")
        fields = form_fields(page.text, having="mode")
        fields["mode"] = "upsert"
        with self.client.post(
                self.base + url, data=fields,
                files={"file": ("consumption.csv", upload.encode("utf-8-sig"), "text/csv")},
                headers={"Referer": self.base + url}, name="/transfer/import/ [upload]",
                timeout=TIMEOUT, catch_response=True, allow_redirects=False) as response:
            if response.status_code != 302:
                response.failure(f"import answered {response.status_code}")
                return
            job = response.headers["Location"]
        page = self.get(job, name="/transfer/jobs/<id>/ [preview]")
        if "/commit/" not in page.text:
            return  # nothing to confirm (no change, or still being read)
        commit = job.rstrip("/") + "/commit/"
        done = self.client.post(self.base + commit, data={"csrfmiddlewaretoken": form_fields(
            page.text).get("csrfmiddlewaretoken", "")}, headers={"Referer": self.base + job},
            name="/transfer/jobs/<id>/commit/", timeout=TIMEOUT)
        if done.ok:
            ACCEPTED["imports"] += 1


def edited_export(text: str) -> str:
    """The export's header and the rows of the records set aside for imports (their notes
    begin with the marker ``load_bench.py`` gave them), one of them with new notes."""
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    notes = header.index(CONFIG["notes_header"])
    marker = CONFIG["import_marker"]
    kept = [r for r in rows[1:] if len(r) == len(header) and r[notes].startswith(marker)]
    if kept:
        random.choice(kept)[notes] = f"{marker} {random.randrange(10**9)}"
    out = io.StringIO()
    csv.writer(out).writerows([header, *kept])
    return out.getvalue()


class PrefectureReview(Person):
    weight = 8
    role = "prefecture"

    @task
    def review(self) -> None:
        self.get(random.choice(["/reporting/", "/reporting/inbox/", "/funds/",
                                f"/indicators/dashboard/pairing/{CONFIG['pairing']}/"]),
                 )


class ProvincialDashboard(Person):
    weight = 8
    role = "province"

    @task
    def dashboard(self) -> None:
        self.get(random.choice(["/indicators/dashboard/region/620000/",
                                "/indicators/dashboard/", "/pairings/"]))


class DonorOffice(Person):
    weight = 6
    role = "donor"

    @task
    def office(self) -> None:
        self.get(random.choice(["/pairings/", "/funds/", "/indicators/dashboard/"]))


class ApiClient(HttpUser):
    """Changes one shared record with If-Match; a 412 (another client changed it first) is
    read again and retried, as a careful client does."""

    weight = 8
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        self.base = next(_servers)
        self.headers = {"Authorization": f"Bearer {CONFIG['token']}"}
        self.url = self.base + f"/api/v1/ledgers/consumption/{CONFIG['api_record']}"

    @task(3)
    def change(self) -> None:
        for _attempt in range(5):
            got = self.client.get(self.url, headers=self.headers, timeout=TIMEOUT,
                                  name="/api/v1/ledgers/consumption/<id> [GET]")
            if got.status_code != 200:
                return
            version = got.json()["version"]
            with self.client.patch(
                    self.url, json={"notes": f"API {random.randrange(10**6)}"},
                    headers={**self.headers, "If-Match": f'"{version}"'},
                    name="/api/v1/ledgers/consumption/<id> [PATCH]", timeout=TIMEOUT,
                    catch_response=True) as response:
                if response.status_code == 200:
                    ACCEPTED["count"] += 1
                    return
                if response.status_code == 412 or (response.status_code == 409
                                                   and stale_code(response)):
                    ACCEPTED["stale"] += 1
                    response.success()  # refused as it should be: read again
                    continue
                response.failure(f"PATCH answered {response.status_code}")
                return

    @task(1)
    def read(self) -> None:
        self.client.get(self.base + "/api/v1/ledgers/consumption/", headers=self.headers,
                        name="/api/v1/ledgers/consumption/ [list]", timeout=TIMEOUT)


def stale_code(response: Any) -> bool:
    """A 409 that says the record changed meanwhile (not a locked month's)."""
    try:
        return bool(response.json().get("code") == "stale")
    except ValueError:
        return False


@events.quitting.add_listener  # after the last user stopped: every answer counted
def _write_counts(**_kwargs: Any) -> None:
    Path(CONFIG["counts_file"]).write_text(json.dumps(ACCEPTED))
