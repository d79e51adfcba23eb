"""The Årsafslutning page (issue 10.3, part): checks, unspent funds, close (refused on an error,
warnings need the tick and land in the audit reason), carry-over, reopen; read-only users see
no buttons."""

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import AuditLog, ClosedYear, Role
from tests.security.users import client_for
from tests.yearend.test_checks import _csrf

PAGE = "/planer/fund-80/aar/2021"


def _post(client: FlaskClient, url: str, **data: Any) -> Any:
    return client.post(url, data={**data, "csrf_token": _csrf(client, "fund-80")})


def test_close_carry_over_and_reopen_on_the_page(
    app: Flask, client: FlaskClient, eighty: dict[str, Any], db: Session
) -> None:
    page = client.get(PAGE).get_data(as_text=True)
    assert "local_cofinancing_min" in page and "Luk 2021" in page and "20,0 %" in page
    refused = _post(client, PAGE, reason="Sendt")
    assert refused.status_code in (409, 422)
    assert "kan ikke lukkes, før disse kontroller er i orden" in refused.get_data(as_text=True)

    # Local share to 25 %; a frame below the budget leaves a warning that needs the tick.
    client.patch("/api/plans/fund-80", json={"min_local_share": "20", "frame": "900.000"})
    untick = _post(client, PAGE, reason="Sendt til LBF")
    assert untick.status_code == 422 and "sæt flueben" in untick.get_data(as_text=True)
    assert db.scalar(select(ClosedYear).where(ClosedYear.year == 2021)) is None
    ticked = _post(client, PAGE, reason="Sendt til LBF", confirm_warnings="on")
    assert ticked.status_code == 302
    db.expire_all()
    audit = db.scalar(select(AuditLog).where(AuditLog.object_type == "closed_years"))
    assert audit is not None and audit.reason.startswith("Sendt til LBF (advarsler bekræftet: ")
    assert "overstiger planens ramme 900.000 kr." in audit.reason

    # Read-only users see the page without any button.
    fund = client_for(app, Role.FUND, username="fond")
    readonly = fund.get(PAGE).get_data(as_text=True)
    assert "Årsafslutning 2021" in readonly
    assert "Overfør til" not in readonly and "Genåbn" not in readonly and "Luk 2021" not in readonly

    page = client.get(PAGE).get_data(as_text=True)
    assert "Overfør til 2022" in page and "Genåbn 2021" in page
    # Nothing unspent (regnskab is empty): a clear refusal on the page.
    carried = _post(client, f"{PAGE}/overfoer")
    assert carried.status_code == 422 and "intet regnskab" in carried.get_data(as_text=True)
    no_reason = _post(client, f"{PAGE}/genaabn", reason="")
    assert no_reason.status_code == 422
    reopened = _post(client, f"{PAGE}/genaabn", reason="Rettelse fra revisor")
    assert reopened.status_code == 302
    db.expire_all()
    assert db.scalar(select(ClosedYear).where(ClosedYear.year == 2021)) is None
