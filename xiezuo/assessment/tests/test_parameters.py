"""A scheme's parameters read as rules, not as stored values: per cents for rates and
steps, a money threshold in the reader's unit with separators."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_it_shows_readable_parameters(demo: dict[str, Any], login: Any) -> None:
    from xiezuo.assessment import demo as assessment_demo

    scheme, = assessment_demo.load()
    html = login("national").get(reverse("assessment:scheme", args=[scheme.pk])).content
    text = html.decode()
    assert "完成率封顶 120%" in text
    assert "完成率 ≥ 100% 得 100%；完成率 ≥ 90% 得 80%；完成率 ≥ 80% 得 50%" in text
    assert "实际值达到 100.00 万元 即加分" in text
    assert "[[1, 1]" not in text and "1000000.00" not in text and "门槛 1" not in text


def test_it_follows_the_readers_unit(demo: dict[str, Any], login: Any,
                                     users: dict[str, Any]) -> None:
    from xiezuo.assessment import demo as assessment_demo

    scheme, = assessment_demo.load()
    users["national"].money_unit = "yuan"
    users["national"].save()
    text = login("national").get(reverse("assessment:scheme", args=[scheme.pk])).content
    assert "实际值达到 1,000,000.00 元 即加分" in text.decode()
