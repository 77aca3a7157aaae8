from typing import Any

import pytest

from xiezuo.api.models import ApiToken


@pytest.fixture
def bearer(demo: dict[str, Any]) -> Any:
    """bearer("puge_entry") → the Authorization header of a fresh token of that persona."""

    def _bearer(username: str) -> dict[str, str]:
        _token, key = ApiToken.issue(demo["users"][username], "test")
        return {"Authorization": f"Bearer {key}"}

    return _bearer
