"""Reading an office's own table (see docs/BENCHMARKS.md, "Office tables").

    uv run python bench/sheets_bench.py --rows 10000 50000

Writes, in a temporary directory, a table laid out as offices circulate them (a merged title
broken over two lines, a unit line, a two-level merged header 资金金额 → 合计 / 其中, villages
merged over two rows, an unlabelled 小计 after every 20 rows, a 合计 and a footnote), as xlsx
and as GBK CSV, then times each step of the reading: opening the file (python-calamine, the
merged ranges), the layout (header, roles, units, checks), the records for the projects
ledger, and the import file handed to ``transfer``. Nothing is written to a database.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make(path: Path, rows: int) -> tuple[int, int]:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": False})
    ws = book.add_worksheet("Sheet1")
    ws.merge_range(0, 0, 0, 5, "某县2024年东西部协作资金\n项目安排表")
    ws.merge_range(1, 0, 1, 5, "单位：万元")
    for c, text in enumerate(["序号", "村名", "项目名称", "建设内容"]):
        ws.merge_range(2, c, 3, c, text)
    ws.merge_range(2, 4, 2, 5, "资金金额")
    ws.write(3, 4, "合计")
    ws.write(3, 5, "其中：灾情因素")
    r, group, total, n = 4, 0, 0, 0
    csv_lines = ["序号,村名,项目名称,建设内容,资金金额"]
    while n < rows:
        n += 1
        amount = 10 + n % 40
        village = f"第{(n + 1) // 2}村"
        if n % 2 == 1 and n < rows:
            ws.merge_range(r, 1, r + 1, 1, village)
        elif n % 2 == 1:
            ws.write(r, 1, village)
        ws.write(r, 0, n)
        ws.write(r, 2, f"产业项目{n}")
        ws.write(r, 3, "新建" if n % 3 else "续建")
        ws.write(r, 4, amount)
        if n % 7 == 0:
            ws.write(r, 5, 2)
        csv_lines.append(f"{n},{village},产业项目{n},新建,{amount}")
        group += amount
        total += amount
        r += 1
        if n % 20 == 0 and n % 2 == 0:
            ws.write(r, 4, group)
            csv_lines.append(f",,,,{group}")
            group = 0
            r += 1
    ws.merge_range(r, 0, r, 3, "合　　计")
    ws.write(r, 4, total)
    csv_lines.append(f"合计,,,,{total}")
    ws.merge_range(r + 1, 0, r + 1, 5, "注：本表为演示数据。")
    book.close()
    path.with_suffix(".csv").write_bytes("\n".join(csv_lines).encode("gb18030"))
    return r + 2, total


def timed(label: str, fn, *args):  # type: ignore[no-untyped-def]
    start, cpu = time.perf_counter(), time.process_time()
    out = fn(*args)
    print(f"  {label:<34} {time.perf_counter() - start:7.2f} s wall "
          f"{time.process_time() - cpu:7.2f} s CPU")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000])
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="xiezuo-sheets-bench-"))
    os.environ.setdefault("XIEZUO_VAR_DIR", str(tmp / "var"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xiezuo.settings")
    import django

    django.setup()
    from xiezuo.sheets import handoff
    from xiezuo.sheets.grid import open_grid
    from xiezuo.sheets.layout import read_layout
    from xiezuo.sheets.reading import read

    print(f"python {platform.python_version()}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}")
    for rows in args.rows:
        path = tmp / f"table-{rows}.xlsx"
        _height, total = make(path, rows)
        for kind, file in (("xlsx", path), ("csv (GBK)", path.with_suffix(".csv"))):
            print(f"{rows:,} data rows, {kind}: {file.stat().st_size / 1e6:.1f} MB")
            grid = timed("open (cells, merged ranges)", open_grid, file, file.name)
            layout = timed("layout (header, roles, checks)", read_layout, grid)
            reading = timed("reading (layout, mapping, records)", read, file, file.name,
                            "projects", None, None)
            built = timed("import file for transfer", handoff.build, reading, {"year": "2024"})
            timed("  written as CSV", handoff.to_csv, built.sheet)
            assert len(reading.records) == rows, len(reading.records)
            assert all(c.ok for c in layout.checks), "a check failed"
            money = sum(r.amount_yuan for r in reading.records)
            assert money == total * 10_000, (money, total)
            print(f"  {len(layout.checks)} checks, all agree; {len(reading.records):,} records")


if __name__ == "__main__":
    main()
