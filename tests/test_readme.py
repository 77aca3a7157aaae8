"""The README names every demo user (a first look starts from that table)."""

from pathlib import Path

from xiezuo.accounts.demo import USERS

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_the_readme_names_every_demo_user() -> None:
    missing = [username for username, *_ in USERS if f"| `{username}` |" not in README]
    assert not missing, missing


def test_every_screenshot_the_readme_shows_is_there() -> None:
    import re

    root = Path(__file__).resolve().parents[1]
    shown = re.findall(r"\((docs/screenshots/[^)]+\.png)\)", README)
    assert shown
    missing = [path for path in shown if not (root / path).is_file()]
    assert not missing, missing
