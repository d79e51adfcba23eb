"""Imports respect the access matrix plan by plan, closed years, and leave an audit trail."""

from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from app.models import AuditLog, MasterPlan, Role
from app.models.closing import ClosedYear
from tests.helpers import snapshot
from tests.imports.conftest import PLAN, entry_count, good_rows, write_csv
from tests.imports.test_import_api import upload
from tests.security.users import client_for


def test_a_secretariat_imports_only_into_its_own_plans(
    app, db: Session, engine: Engine, structure: MasterPlan, tmp_path: Path
) -> None:
    data = write_csv(tmp_path / "in.csv", good_rows(12)).read_bytes()
    outsider = client_for(app, Role.SECRETARIAT, username="andet-sekretariat")
    before = snapshot(engine)
    refused = upload(outsider, data, commit="true")
    assert refused.status_code == 422
    errors = refused.get_json()["result"]["errors"]
    assert len(errors) == 12 and {e["column"] for e in errors} == {"plan"}
    assert all("Ukendt plan" in e["message"] for e in errors)  # no hint that the plan exists
    assert snapshot(engine) == before

    own = client_for(app, Role.SECRETARIAT, username="eget-sekretariat", plans=(PLAN,))
    booked = upload(own, data, commit="true")
    assert booked.status_code == 200 and booked.get_json()["rows_booked"] == 12
    trail = db.scalars(select(AuditLog).where(AuditLog.action == "import")).all()
    assert [(t.actor, t.plan_id, t.after["rows_booked"]) for t in trail] == [
        ("eget-sekretariat", structure.id, 12)
    ]
    assert entry_count(db) == 12


def test_read_only_roles_cannot_import(app, structure: MasterPlan, tmp_path: Path) -> None:
    data = write_csv(tmp_path / "in.csv", good_rows(3)).read_bytes()
    for role, kwargs in ((Role.FUND, {}), (Role.PARTNER, {"partner": "Slagelse Kommune"})):
        response = upload(client_for(app, role, username=f"u-{role}", **kwargs), data)
        assert response.status_code == 403, role


def test_rows_in_a_closed_year_are_reported_not_booked(
    client, db: Session, engine: Engine, structure: MasterPlan, tmp_path: Path
) -> None:
    db.add(ClosedYear(plan_id=structure.id, year=2017, reason="Regnskab sendt"))
    db.commit()
    rows = good_rows(10)  # years 2017..2021, two rows each
    data = write_csv(tmp_path / "in.csv", rows).read_bytes()
    before = snapshot(engine)
    response = upload(client, data, commit="true")
    assert response.status_code == 422
    errors = response.get_json()["result"]["errors"]
    assert {(e["row"], e["column"]) for e in errors} == {(2, "year"), (7, "year")}
    assert all("lukket" in e["message"] for e in errors)
    assert snapshot(engine) == before
