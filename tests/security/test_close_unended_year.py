"""Issue 17.5: a year that has not ended cannot be closed (only an admin could reopen it)."""

import pytest

from app.services import closing
from app.services.errors import DomainError
from app.services.partners import find_partner
from app.services.plans import create_plan
from tests.security.conftest import SLAGELSE
from tests.security.users import csrf_token

FUTURE_PLAN = "fremtid-2024-2028"


@pytest.fixture
def future_plan(db, slagelse):  # type: ignore[no-untyped-def]
    """A plan reaching past the current year (closing.current_year is the real clock)."""
    city = find_partner(db, "Slagelse Kommune")
    plan = create_plan(
        db, slug=FUTURE_PLAN, name="Fremtid", municipality_id=city.id, first_year=2024,
        last_year=closing.current_year() + 2,
    )  # fmt: skip
    db.commit()
    return plan


def _closed(client, slug: str) -> dict[int, bool]:  # type: ignore[no-untyped-def]
    return {y["year"]: y["closed"] for y in client.get(f"/api/plans/{slug}/years").get_json()}


def test_api_refuses_closing_the_current_and_a_future_year(client, future_plan) -> None:
    now = closing.current_year()
    for year in (now, now + 1):
        response = client.post(
            f"/api/plans/{FUTURE_PLAN}/years/{year}/close", json={"reason": "For tidligt"}
        )
        assert response.status_code == 422
        message = response.get_json()["errors"]["path"]["year"][0]  # the year is in the URL
        assert message == (
            f"Året {year} er ikke slut endnu og kan ikke lukkes; det kan lukkes fra "
            f"1. januar {year + 1}, når regnskabet er aflagt."
        )
    assert not any(_closed(client, FUTURE_PLAN).values())
    # A year that has ended closes as before.
    ended = client.post(f"/api/plans/{FUTURE_PLAN}/years/{now - 1}/close", json={"reason": "ok"})
    assert ended.status_code == 201
    assert _closed(client, FUTURE_PLAN)[now - 1] is True


def test_the_year_ends_by_the_danish_calendar(db, slagelse, monkeypatch) -> None:
    """With the clock in 2019, 2019 and later are refused at the service, 2018 closes."""
    monkeypatch.setattr(closing, "current_year", lambda: 2019)
    for year in (2019, 2020):
        with pytest.raises(DomainError, match=f"Året {year} er ikke slut endnu") as refused:
            closing.close_year(db, slagelse, year, reason="For tidligt")
        assert refused.value.field == "year"
    closing.close_year(db, slagelse, 2018, reason="Regnskab aflagt")
    assert [c.year for c in closing.closed_years(db, slagelse)] == [2018]


def test_page_refuses_closing_a_future_year(client, future_plan) -> None:
    year = closing.current_year() + 1
    page = client.post(
        f"/planer/{FUTURE_PLAN}/aar/{year}/luk",
        data={"reason": "For tidligt", "csrf_token": csrf_token(client)},
        follow_redirects=True,
    )
    assert page.status_code == 422
    assert f"Året {year} er ikke slut endnu og kan ikke lukkes" in page.data.decode()
    assert not any(_closed(client, FUTURE_PLAN).values())


def test_page_closes_an_ended_year(client, slagelse) -> None:
    page = client.post(
        f"/planer/{SLAGELSE}/aar/2019/luk",
        data={"reason": "Regnskab sendt til LBF", "csrf_token": csrf_token(client)},
        follow_redirects=True,
    )
    assert page.status_code == 200
    assert "Året 2019 er lukket." in page.data.decode()
    assert _closed(client, SLAGELSE)[2019] is True
