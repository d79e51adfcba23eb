"""The overview's data set: tests/overview/data.py."""

from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from app.models import MasterPlan
from tests.overview.data import build_national


@pytest.fixture
def national(db: Session, tmp_path: Path) -> list[MasterPlan]:
    return build_national(db, tmp_path)
