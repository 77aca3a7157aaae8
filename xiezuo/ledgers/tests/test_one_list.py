"""The declaration is the only list of ledgers: a ledger declared in a new app, installed and
nothing else touched, has its pages, its place in the navigation, its API, its import, its
place in the monthly report and in the indicators' sources, and its figures."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = r'''
import json
import django
django.setup()
from django.urls import resolve, reverse
from xiezuo import nav
from xiezuo.api.api import api
from xiezuo.indicators.forms import IndicatorForm
from xiezuo.ledgers import figures
from xiezuo.ledgers.declare import declared_ledgers
from xiezuo.reporting.models import reported_ledgers
from xiezuo.transfer.spec import importables

label = "sample_ledger.samplevisit"
urls = {view: reverse(f"sample_ledger:{view}", args=args)
        for view, args in (("list", []), ("create", []), ("detail", [1]), ("edit", [1]),
                           ("export", ["csv"]))}
paths = api.get_openapi_schema()["paths"]
print(json.dumps({
    "declared": label in declared_ledgers(),
    "pages": urls["list"] == "/sample_ledger/"
             and all(resolve(u).url_name == v for v, u in urls.items()),
    "navigation": any(item.url_name == "sample_ledger:list"
                      for group in nav.groups() for item in group.items),
    "api": {"get", "post"} <= set(paths.get("/api/v1/ledgers/sample_ledger/", {}))
           and {"put", "patch", "delete"}
           <= set(paths.get("/api/v1/ledgers/sample_ledger/{id}", {})),
    "import": label in importables(),
    "monthly report": label in reported_ledgers(),
    "indicator sources": "sample_ledger.SampleVisit" in dict(
        IndicatorForm().fields["source"].choices),
    "figures": figures.storable("sample_ledger.SampleVisit", "count", ""),
}))
'''


def test_a_ledger_declared_in_a_new_app_appears_everywhere(tmp_path) -> None:
    env = {**os.environ, "XIEZUO_EXTRA_APPS": "tests.sample_ledger",
           "XIEZUO_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "xiezuo.settings"}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, cwd=ROOT, text=True,
                          capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found == dict.fromkeys(found, True) and len(found) == 8, found
