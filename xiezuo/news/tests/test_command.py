"""``manage.py news``: a thin shell over the engine."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def _run(*args: str) -> str:
    out = StringIO()
    call_command("news", *args, stdout=out)
    return out.getvalue()


def test_clean_prints_one_line_per_input_line(reports_dir: Path) -> None:
    path = reports_dir / "013_yuegui_lianxi.txt"
    output = _run("clean", str(path))
    assert output.rstrip("\n").split("\n")[0] == "粤桂东西部协作联席会议在南宁召开"
    assert len(output.rstrip("\n").split("\n")) == len(path.read_text(encoding="utf-8").split("\n"))


def test_extract_prints_json_lines(reports_dir: Path) -> None:
    paths = [reports_dir / "005_hudian_wenshan.txt", reports_dir / "021_wuxi_village_donation.txt"]
    lines = _run("extract", *map(str, paths)).strip().split("\n")
    records = [json.loads(line) for line in lines]
    assert [r["file"] for r in records] == [str(p) for p in paths]
    assert records[0]["date"] == "2023-04-12"


def test_evaluate_prints_per_field_scores(reports_dir: Path) -> None:
    output = _run("evaluate", str(reports_dir))
    assert "macro F1" in output and "agreements" in output


def test_dedup_prints_clusters(reports_dir: Path) -> None:
    output = _run("dedup", str(reports_dir))
    assert "(2 sources)" in output


def test_a_missing_file_is_an_error() -> None:
    with pytest.raises(CommandError):
        _run("extract", "no-such-report.txt")


def test_the_reader_runs_without_django(reports_dir: Path) -> None:
    """``xiezuo news extract`` starts without loading the platform: no Django at all."""
    import subprocess
    import sys

    report = str(reports_dir / "005_hudian_wenshan.txt")
    script = (
        "import sys\n"
        "from xiezuo.cli import main\n"
        f"sys.argv = ['xiezuo', 'news', 'extract', {report!r}]\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    code = exit.code\n"
        "print('django loaded' if 'django' in sys.modules else 'no django', code)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True, env={"PATH": ""})
    record, last = done.stdout.strip().split("\n")
    assert json.loads(record)["date"] == "2023-04-12"
    assert last == "no django 0"


def test_extract_reads_a_saved_web_page_with_its_source(tmp_path: Path) -> None:
    from xiezuo.news.cli import main
    from xiezuo.news.tests.test_sources import PAGE

    page = tmp_path / "page.html"
    page.write_bytes(PAGE.encode("gb18030"))
    out, err = StringIO(), StringIO()
    assert main(["extract", str(page)], out, err) == 0
    record = json.loads(out.getvalue())
    assert record["source"] == {
        "title": "济南市党政代表团赴临夏州考察", "outlet": "某某新闻网", "published": "2023-05-12",
        "url": "https://news.example.cn/2023/0512/c1001-123456.html",
    }
    assert record["date"] == "2023-05-11"
    assert main(["extract", str(tmp_path / "none.txt")], out, err) == 1
    assert "not found" in err.getvalue()
