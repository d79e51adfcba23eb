"""Fixtures for the bad-input tests: ids of the Slagelse plan and a page POST with CSRF."""

import pytest

from tests.test_api_bad_input import ids  # noqa: F401 - a fixture, shared
from tests.web.conftest import post  # noqa: F401 - a fixture, shared


@pytest.fixture
def grid_path(slagelse):  # type: ignore[no-untyped-def]
    return f"/planer/{slagelse.slug}/gitter?year=2020&kind=budget&category=other"


def cell(plan, index: int = 0) -> str:  # type: ignore[no-untyped-def]
    activity = plan.focus_areas[0].activities[0]
    return f"c-{activity.id}-{plan.partners[index].id}"
