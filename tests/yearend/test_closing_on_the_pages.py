"""Issue 10's must-show on the pages a secretariat uses (real form POSTs with the CSRF token):
the fund at 80 % refuses closing with the check's message (page and API) until a budget
revision made on the revision page brings it to 75 %; an unexplained variance over both
thresholds refuses closing until it is explained on the explanation page, and the
explanation is printed in the LBF package's PDF."""

import re
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ClosedYear
from tests.yearend.test_checks import _csrf
from tests.yearend.test_explanations import _pdf_text
from tests.yearend.test_revision_page import line, preview_and_save

YEAR_END = "/planer/fund-80/aar/2021"
MESSAGE = (
    "Den lokale medfinansiering i perioden 2020–2022 er 20,0 % (200.000 kr. af 1.000.000 kr.); "
    "planens minimum er 25,0 %."
)
EXPLAINED = "Jobcaféen fik flere deltagere efter kommunens kampagne"


def close_on_page(client: FlaskClient) -> Any:
    data = {"reason": "Sendt til LBF", "csrf_token": _csrf(client, "fund-80")}
    return client.post(YEAR_END, data=data)


def refusal(html: str) -> str:
    """The refusal shown above the close form (not the checks panel, which names them too)."""
    match = re.search(r'<p class="flash flash-error" role="alert">([^<]*)</p>', html)
    assert match, "no refusal on the page"
    return match.group(1)


def closed(db: Session) -> bool:
    db.expire_all()
    return db.scalar(select(ClosedYear).where(ClosedYear.year == 2021)) is not None


def test_fund_at_80_is_refused_until_a_revision_on_the_page_brings_it_to_75(
    client: FlaskClient, eighty: dict[str, Any], db: Session
) -> None:
    refused = close_on_page(client)
    assert refused.status_code == 422
    assert refusal(refused.get_data(as_text=True)) == (
        f"Året 2021 kan ikke lukkes, før disse kontroller er i orden: {MESSAGE} Fondens andel "
        "i perioden 2020–2022 er 80,0 % (800.000 kr. af 1.000.000 kr.); højst 75,0 % er tilladt."
    )
    assert not closed(db)
    # The panel links the period's errors to the revision page, the year's warning to its grid.
    panel = client.get(YEAR_END).get_data(as_text=True)
    assert panel.count('href="/planer/fund-80/budgetomplacering">Ret med en budgetomplacering') == 2
    assert 'href="/planer/fund-80/gitter?year=2021">Ret budgettet' in panel
    api = client.post("/api/plans/fund-80/years/2021/close", json={"reason": "Sendt"})
    assert api.status_code == 409 and MESSAGE in api.get_json()["errors"]["path"]["year"][0]
    assert not closed(db)

    saved = preview_and_save(client, **line(eighty))
    assert saved.status_code == 302
    page = client.get(YEAR_END).get_data(as_text=True)
    assert 'id="local-share">25,0 %' in page and 'id="fund-share">75,0 %' in page
    done = close_on_page(client)
    assert done.status_code == 302 and closed(db)
    assert "Året 2021 er lukket." in client.get(YEAR_END).get_data(as_text=True)


def test_unexplained_variance_blocks_closing_until_explained_on_the_page(
    client: FlaskClient, eighty: dict[str, Any], db: Session
) -> None:
    """fund-80 brought to 75 % on the revision page, then 2021's regnskab 110.000 kr. over
    the corrected budget of A-1 (11 % and over 50.000 kr.)."""
    assert preview_and_save(client, **line(eighty)).status_code == 302
    for partner, amount in ((eighty["fund"], "700.000"), (eighty["town"], "210.000")):
        entry = client.post(
            "/api/plans/fund-80/entries",
            json={"year": 2021, "partner_id": partner, "kind": "actual", "category": "cash",
                  "amount": amount, "activity_id": eighty["activity"]},
        )  # fmt: skip
        assert entry.status_code == 201, entry.get_json()
    refused = close_on_page(client)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'data-code="variance_unexplained"' in html
    assert refusal(html) == (
        "Året 2021 kan ikke lukkes, før disse kontroller er i orden: A-1 Jobcafé 2021: regnskab "
        "910.000 kr. mod korrigeret budget 800.000 kr., afvigelse +110.000 kr. (+13,8 %) over "
        "tærsklerne 10,0 % og 50.000 kr. uden forklaring."
    )
    assert not closed(db)

    explained = client.post(
        "/planer/fund-80/afvigelser?year=2021",
        data={"activity_id": eighty["activity"], "text": EXPLAINED,
              "csrf_token": _csrf(client, "fund-80")},
    )  # fmt: skip
    assert explained.status_code == 302
    done = close_on_page(client)
    assert done.status_code == 302 and closed(db)

    pdf = _pdf_text(client.get("/api/plans/fund-80/reports/lbf-package?year=2021&format=pdf").data)
    assert f"A-1 Jobcafé — Forklaring: {EXPLAINED}" in pdf
    assert "8. Kontroller 2021" in pdf and "Alle kontroller er i orden." in pdf
