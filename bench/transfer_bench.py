"""Import and export benchmark (see docs/BENCHMARKS.md).

    uv run --group bench python bench/transfer_bench.py              # everything
    uv run --group bench python bench/transfer_bench.py import --rows 10000
    uv run --group bench python bench/transfer_bench.py export --rows 1000000
    uv run --group bench python bench/transfer_bench.py dje --rows 100000
    uv run --group bench python bench/transfer_bench.py compare --rows 20000   # side by side

Runs on a fresh SQLite database in a temporary directory (nothing of the instance is touched):
the region registry, the demo offices, pairings and projects, then

- import: a generated file of fund movements through the import engine, every row validated by
  the web form (dry run, commit, and the same file again), as the national administrator;
- dje: the same file into the same model with django-import-export (model validation on,
  ``full_clean`` per row, as its admin does with ``clean_model_instances``);
- compare: the confirmed import and django-import-export on the same file in one run (each
  into an empty table), and the ratio of their CPU times;
- export: that many movements written straight to the table, then exported to xlsx and CSV by
  the ledger export, each in a child process whose peak memory (max RSS) is measured.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = [
    "日期",
    "资金年度",
    "资金环节",
    "资金来源",
    "金额（万元）",
    "填报方",
    "所在地区",
    "项目",
    "结对关系",
    "文号/凭证号",
    "备注",
]


def setup(var_dir: Path, fresh: bool = True) -> None:
    os.environ["XIEZUO_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.settings")
    import django

    django.setup()
    if not fresh:
        return
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("regions", "load", verbosity=0)
    from xiezuo.accounts import demo as accounts
    from xiezuo.projects import demo as projects

    accounts.load()
    projects.load()


def make_file(path: Path, rows: int, seed: int = 7) -> None:
    """Fund movements of the demo pairings: commitments, transfers and returns (no project),
    allocations to the demo projects and spendings within them."""
    import xlsxwriter

    from xiezuo.projects.models import Project

    rng = random.Random(seed)
    projects = list(
        Project.objects.select_related("region", "pairing__donor", "pairing__recipient").order_by(
            "id"
        )
    )
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("资金流水")
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for j, h in enumerate(HEADER):
        sheet.write_string(0, j, h)
    kinds = ["计划/协议", "拨付", "安排", "支出", "退回", "拨付"]
    available = {p.pk: Decimal(0) for p in projects}  # 万元 a project may still spend
    for i in range(1, rows + 1):
        p = projects[i % len(projects)]
        kind = kinds[i % len(kinds)]
        day = dt.date(p.year, 1 + i % 12, 1 + i % 28)
        amount = Decimal(rng.randrange(1, 500))
        if kind in ("支出", "退回"):  # only what the project was given before
            amount = min(amount, available[p.pk])
            if amount <= 0:
                kind, amount = "安排", Decimal(rng.randrange(1, 500))
        available[p.pk] += (
            amount if kind == "安排" else (-amount if kind in ("支出", "退回") else 0)
        )
        with_project = kind in ("安排", "支出", "退回")
        sheet.write_datetime(i, 0, dt.datetime.combine(day, dt.time()), date_format)
        sheet.write_number(i, 1, p.year)
        sheet.write_string(i, 2, kind)
        sheet.write_string(i, 3, "财政援助资金")
        sheet.write_number(i, 4, float(amount))
        sheet.write_string(i, 5, "受援方填报")
        sheet.write_string(i, 6, p.region.code)
        sheet.write_string(i, 7, str(p.pk) if with_project else "")  # demo names repeat
        sheet.write_string(i, 8, f"{p.pairing.donor.name} → {p.pairing.recipient.name}")
        sheet.write_string(i, 9, f"凭证{i:07d}")
        sheet.write_string(i, 10, "")
    book.close()


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_import(path: Path) -> dict[str, Any]:
    from xiezuo.accounts.models import User
    from xiezuo.funds.models import FundMovement
    from xiezuo.transfer.engine import run_import
    from xiezuo.transfer.spec import get_importable

    user = User.objects.get(username="national")
    importable = get_importable("funds.fundmovement")
    before = FundMovement.objects.count()
    out: dict[str, Any] = {}
    for label, commit in (("dry_run", False), ("commit", True), ("reimport", True)):
        start, cpu = time.perf_counter(), time.process_time()
        result = run_import(importable, user, path, path.name, commit=commit)
        seconds = time.perf_counter() - start
        out[label] = {
            "seconds": round(seconds, 1),
            "cpu_seconds": round(time.process_time() - cpu, 1),
            "load": os.getloadavg()[0],
            **result.counts,
            "errors": [e.as_dict() for e in result.errors[:5]],
        }
        print(f"import {label}: {seconds:.1f} s (CPU {out[label]['cpu_seconds']} s, load "
              f"{out[label]['load']:.1f}) {result.counts} {result.refused}", flush=True)
        if result.errors:
            print("  first errors:", out[label]["errors"], flush=True)
    out["written"] = FundMovement.objects.count() - before
    out["peak_rss_mb"] = round(peak_mb())
    return out


def dje_resource() -> Any:
    """django-import-export resource for the same file and model: Chinese headers, codes and
    labels through widgets, model validation on."""
    from import_export import fields, resources, widgets

    from xiezuo.funds.models import FundMovement, FundSource, MovementType
    from xiezuo.ledgers.models import ReportingSide
    from xiezuo.pairings.models import Pairing
    from xiezuo.projects.models import Project
    from xiezuo.regions.models import Region

    class Choice(widgets.Widget):
        def __init__(self, choices: Any) -> None:
            self.by_label = {str(label): value for value, label in choices}

        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
            return self.by_label.get(str(value), value)

    class Wan(widgets.DecimalWidget):
        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
            number = super().clean(value, row, **kwargs)
            return (
                None if number is None else (Decimal(str(number)) * 10000).quantize(Decimal("0.01"))
            )

    class PairingLabel(widgets.ForeignKeyWidget):
        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
            donor, recipient = (s.strip() for s in str(value).split("→"))
            return Pairing.objects.get(donor__name=donor, recipient__name=recipient)

    class FundMovementResource(resources.ModelResource):
        date = fields.Field("date", "日期", widgets.DateWidget())
        year = fields.Field("year", "资金年度", widgets.IntegerWidget())
        type = fields.Field("type", "资金环节", Choice(MovementType.choices))
        source = fields.Field("source", "资金来源", Choice(FundSource.choices))
        amount = fields.Field("amount", "金额（万元）", Wan())
        reported_by = fields.Field("reported_by", "填报方", Choice(ReportingSide.choices))
        region = fields.Field("region", "所在地区", widgets.ForeignKeyWidget(Region, "code"))
        project = fields.Field("project", "项目", widgets.ForeignKeyWidget(Project))  # by number
        pairing = fields.Field("pairing", "结对关系", PairingLabel(Pairing))
        document_no = fields.Field("document_no", "文号/凭证号")
        notes = fields.Field("notes", "备注")

        class Meta:
            model = FundMovement
            fields = (
                "date",
                "year",
                "type",
                "source",
                "amount",
                "reported_by",
                "region",
                "project",
                "pairing",
                "document_no",
                "notes",
            )
            import_id_fields = ("document_no",)
            clean_model_instances = True
            use_transactions = True

    return FundMovementResource()


def bench_dje(path: Path) -> dict[str, Any]:
    import tablib

    from xiezuo.funds.models import FundMovement

    dataset = tablib.Dataset().load(path.open("rb"), format="xlsx")
    resource_ = dje_resource()
    before = FundMovement.objects.count()
    start, cpu = time.perf_counter(), time.process_time()
    result = resource_.import_data(dataset, dry_run=False, raise_errors=False)
    seconds = time.perf_counter() - start
    out = {
        "seconds": round(seconds, 1),
        "cpu_seconds": round(time.process_time() - cpu, 1),
        "load": os.getloadavg()[0],
        "totals": dict(result.totals),
        "has_errors": result.has_errors() or result.has_validation_errors(),
        "written": FundMovement.objects.count() - before,
        "peak_rss_mb": round(peak_mb()),
    }
    print(f"django-import-export: {seconds:.1f} s {out}", flush=True)
    return out


def bench_compare(path: Path) -> dict[str, Any]:
    """The confirmed import and django-import-export, one after the other on the same file,
    each into an empty table; the import twice (the smaller CPU time counts)."""
    from xiezuo.accounts.models import User
    from xiezuo.funds.models import FundMovement
    from xiezuo.transfer.engine import run_import
    from xiezuo.transfer.spec import get_importable

    user = User.objects.get(username="national")
    ours: list[float] = []
    for _round in range(2):
        FundMovement.objects.filter(document_no__startswith="凭证").delete()
        cpu = time.process_time()
        result = run_import(get_importable("funds.fundmovement"), user, path, path.name,
                            commit=True)
        ours.append(time.process_time() - cpu)
        assert result.committed, result.errors[:3]
    FundMovement.objects.filter(document_no__startswith="凭证").delete()
    dje = bench_dje(path)
    out = {"import_cpu_seconds": [round(c, 1) for c in ours],
           "dje_cpu_seconds": dje["cpu_seconds"], "load": os.getloadavg()[0],
           "ratio_by_cpu": round(dje["cpu_seconds"] / min(ours), 1)}
    print(f"compare: import {out['import_cpu_seconds']} s CPU, django-import-export "
          f"{out['dje_cpu_seconds']} s CPU: {out['ratio_by_cpu']}x", flush=True)
    return out


def fill_movements(rows: int) -> None:
    """``rows`` movements straight into the table (no validation: this is export's input)."""
    from django.db import connection

    from xiezuo.funds.models import FundMovement
    from xiezuo.projects.models import Project

    have = FundMovement.objects.count()
    projects = list(Project.objects.order_by("id"))
    batch: list[FundMovement] = []
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=OFF")
    for i in range(have, rows):
        p = projects[i % len(projects)]
        batch.append(
            FundMovement(
                pairing_id=p.pairing_id,
                region_id=p.region_id,
                year=p.year,
                date=dt.date(p.year, 1 + i % 12, 1 + i % 28),
                type="transfer",
                source="fiscal",
                amount=Decimal(1000 + i % 9000),
                reported_by="recipient",
                document_no=f"D{i}",
            )
        )
        if len(batch) == 20_000:
            FundMovement.objects.bulk_create(batch)
            batch = []
    if batch:
        FundMovement.objects.bulk_create(batch)


def export_child(fmt: str) -> None:
    """In a child process: export every movement, print seconds and rows."""
    from xiezuo.accounts.models import User
    from xiezuo.core.scoping import Action
    from xiezuo.funds.ledger import FundMovementLedger
    from xiezuo.ledgers import export

    user = User.objects.get(username="national")
    rows = (
        FundMovementLedger.queryset()
        .restrict(user, Action.VIEW)
        .order_by(*FundMovementLedger.ordering)
    )
    start = time.perf_counter()
    size = 0
    if fmt == "csv":
        with tempfile.TemporaryFile() as handle:
            for chunk in export.csv_rows(FundMovementLedger, rows, "wan"):
                handle.write(chunk.encode())
            size = handle.tell()
    else:
        handle = export.xlsx_file(FundMovementLedger, rows, "wan")
        handle.seek(0, 2)
        size = handle.tell()
        handle.close()
    print(json.dumps({"seconds": round(time.perf_counter() - start, 1), "bytes": size}))


def bench_export(var_dir: Path, rows: int) -> dict[str, Any]:
    start = time.perf_counter()
    fill_movements(rows)
    print(f"filled {rows} movements in {time.perf_counter() - start:.0f} s", flush=True)
    out: dict[str, Any] = {"rows": rows}
    for fmt in ("csv", "xlsx"):
        child = subprocess.run(
            [sys.executable, __file__, "export-child", fmt, "--var", str(var_dir)],
            capture_output=True,
            text=True,
            check=True,
        )
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        figures["peak_rss_mb"] = round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        )
        out[fmt] = figures
        print(f"export {fmt}: {figures}", flush=True)
    return out


def machine() -> dict[str, Any]:
    free = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout
    return {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "free -h": free.strip(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "what", nargs="?", default="all",
        choices=["all", "import", "dje", "compare", "export", "export-child"]
    )
    parser.add_argument("fmt", nargs="?", default="xlsx")
    parser.add_argument("--rows", type=int, default=0)
    parser.add_argument("--var", default="")
    args = parser.parse_args()
    if args.what == "export-child":
        setup(Path(args.var), fresh=False)
        export_child(args.fmt)
        return
    var_dir = Path(tempfile.mkdtemp(prefix="xiezuo-bench-"))
    setup(var_dir)
    report: dict[str, Any] = {"machine": machine()}
    print(report["machine"], flush=True)
    import_rows = args.rows or 100_000
    if args.what in ("all", "import", "dje", "compare"):
        path = var_dir / f"movements-{import_rows}.xlsx"
        start = time.perf_counter()
        make_file(path, import_rows)
        print(
            f"file of {import_rows} rows: {path.stat().st_size / 1e6:.1f} MB in "
            f"{time.perf_counter() - start:.1f} s",
            flush=True,
        )
        if args.what == "compare":
            report["compare"] = bench_compare(path)
        if args.what in ("all", "import"):
            report["import"] = bench_import(path)
        if args.what in ("all", "dje"):
            from xiezuo.funds.models import FundMovement

            FundMovement.objects.filter(document_no__startswith="凭证").delete()
            report["dje"] = bench_dje(path)
    if args.what in ("all", "export"):
        report["export"] = bench_export(
            var_dir, args.rows if args.what == "export" and args.rows else 1_000_000
        )
    print(json.dumps(report, ensure_ascii=False, indent=1, default=str))


if __name__ == "__main__":
    main()
