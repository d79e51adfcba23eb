"""Fixtures for access, audit and fault tests: two plans and a logged-in client per role.

`slagelse-2017-2021` is the target plan; `naestved-2022-2025` is the neighbour's plan, with
its own municipality, so a municipality user can be shown to see its own plan only.
"""

import pytest
from sqlalchemy.orm import Session

from app.models import Role
from app.services.partners import create_partner, find_partner
from app.services.plans import create_plan
from tests.security.users import client_for

SLAGELSE = "slagelse-2017-2021"
NAESTVED = "naestved-2022-2025"


@pytest.fixture
def two_plans(db: Session, slagelse):  # type: ignore[no-untyped-def]
    """Slagelse's plan and the neighbour Næstved's plan (committed)."""
    naestved = create_partner(db, name="Næstved Kommune", kind="municipality", cvr="29189714")
    fund = find_partner(db, "Landsbyggefonden")
    plan = create_plan(
        db,
        slug=NAESTVED,
        name="Helhedsplan Næstved 2022–2025",
        municipality_id=naestved.id,
        first_year=2022,
        last_year=2025,
        partner_ids=[fund.id],
    )
    db.commit()
    return slagelse, plan


@pytest.fixture
def role_clients(app, two_plans):  # type: ignore[no-untyped-def]
    """A client per role; 'neighbour' is a partner user of Næstved Kommune, 'auditor' the
    revisor of Slagelse's plan."""
    return {
        "admin": client_for(app, Role.ADMIN, username="admin"),
        "secretariat": client_for(app, Role.SECRETARIAT, username="sekretariat", plans=(SLAGELSE,)),
        "partner": client_for(app, Role.PARTNER, username="slagelse", partner="Slagelse Kommune"),
        "neighbour": client_for(app, Role.PARTNER, username="naestved", partner="Næstved Kommune"),
        "fund": client_for(app, Role.FUND, username="fond"),
        "auditor": client_for(app, Role.AUDITOR, username="revisor", plans=(SLAGELSE,)),
        "anonymous": app.test_client(),
    }
