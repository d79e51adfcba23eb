"""Fixtures for the editing tests: the Slagelse plan and a partner that takes part in nothing."""

import pytest
from sqlalchemy.orm import Session

from app.models import Partner
from app.services.partners import create_partner
from tests.web.conftest import post  # noqa: F401  (page forms with a CSRF token)

SLAGELSE = "slagelse-2017-2021"


@pytest.fixture
def newcomer(db: Session, slagelse) -> Partner:  # type: ignore[no-untyped-def]
    """A housing organisation, committed, in no plan yet."""
    partner = create_partner(db, name="Boligselskabet Nyt", kind="housing_org", cvr="11223344")
    db.commit()
    return partner
