"""The Ballerup seed plan, loaded and committed (the follow-up and round tests share it)."""

import pytest
from sqlalchemy.orm import Session

from app.models import MasterPlan

SLUG = "ballerup-socialudvalg-2022"


@pytest.fixture
def ballerup(db: Session) -> MasterPlan:
    from app.seeding import load_seed

    plan = load_seed(db, SLUG)
    db.commit()
    return plan
