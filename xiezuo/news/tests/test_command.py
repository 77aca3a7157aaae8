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
