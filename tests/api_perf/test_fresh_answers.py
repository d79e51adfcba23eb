"""The API's hot path answers from the database every time: nothing it was made faster by may
serve a stale answer. A revoked token or a deactivated user is refused on the very next
request, and the report shows a new entry, a correction and a new partner at once."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ApiToken, User
from app.services.ledger import EntryInput, book_entry, correct_entry
from app.services.partners import create_partner
from app.services.plans import add_partner, create_activity, create_focus_area, get_plan
from app.services.users import revoke_token
from tests.security.users import client_for

REPORT = "/api/plans/{ref}/reports/cofinancing?form=partners&kind=budget&format=json"


def _total(client, ref: object) -> int:  # type: ignore[no-untyped-def]
    response = client.get(REPORT.format(ref=ref))
    assert response.status_code == 200
    return response.get_json()["tables"][0]["total"]["values_ore"][-1]


def _columns(client, ref: object) -> list[str]:  # type: ignore[no-untyped-def]
    return client.get(REPORT.format(ref=ref)).get_json()["tables"][0]["columns"]


def test_revoked_token_is_refused_on_the_next_request(app, db: Session, slagelse) -> None:
    client = client_for(app, "fund", username="fond")
    assert client.get(REPORT.format(ref=slagelse.slug)).status_code == 200
    token_id = db.scalar(
        select(ApiToken.id).join(User, User.id == ApiToken.user_id).where(User.username == "fond")
    )
    revoke_token(db, token_id)
    db.commit()
    refused = client.get(REPORT.format(ref=slagelse.slug))
    assert refused.status_code == 401
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")


def test_deactivated_user_is_refused_on_the_next_request(app, db: Session, slagelse) -> None:
    client = client_for(app, "fund", username="fond")
    assert client.get("/api/me").status_code == 200
    user = db.scalar(select(User).where(User.username == "fond"))
    user.active = False
    db.commit()
    assert client.get("/api/me").status_code == 401
    assert client.get(REPORT.format(ref=slagelse.slug)).status_code == 401


def test_another_users_token_is_not_confused(app, slagelse) -> None:
    """One query resolves token → user: each token still acts as its own owner."""
    fund = client_for(app, "fund", username="fond")
    admin = client_for(app, "admin", username="chef")
    assert fund.get("/api/me").get_json()["username"] == "fond"
    assert admin.get("/api/me").get_json()["username"] == "chef"
    assert fund.get("/api/me").get_json()["username"] == "fond"


def test_report_by_slug_and_by_id_agree(client, slagelse) -> None:
    """The view reuses the plan the gate resolved; both ways of naming it give one report."""
    by_slug = client.get(REPORT.format(ref=slagelse.slug)).get_json()
    by_id = client.get(REPORT.format(ref=slagelse.id)).get_json()
    assert by_slug["tables"] == by_id["tables"]
    missing = client.get(REPORT.format(ref="findes-ikke"))
    assert missing.status_code == 404


def test_report_shows_a_new_entry_at_once(client, db: Session, slagelse) -> None:
    before = _total(client, slagelse.slug)
    plan = get_plan(db, slagelse.slug)
    line = EntryInput(2019, "Slagelse Kommune", "budget", "cash", 123_45)
    book_entry(db, plan, line, created_by="test")
    db.commit()
    assert _total(client, slagelse.slug) == before + 123_45


def test_report_shows_a_correction_at_once(client, db: Session, slagelse) -> None:
    plan = get_plan(db, slagelse.slug)
    line = EntryInput(2019, "Slagelse Kommune", "budget", "cash", 500_00)
    entry = book_entry(db, plan, line, created_by="test")
    db.commit()
    before = _total(client, slagelse.slug)
    correct_entry(db, entry, reason="Forkert beløb", new_amount_ore=200_00, created_by="test")
    db.commit()
    assert _total(client, slagelse.slug) == before - 300_00


def test_report_shows_a_new_partner_at_once(client, db: Session, slagelse) -> None:
    assert "Boligselskabet Test" not in _columns(client, slagelse.slug)
    plan = get_plan(db, slagelse.slug)
    partner = create_partner(db, name="Boligselskabet Test", kind="housing_org")
    add_partner(db, plan, partner.id)
    db.commit()
    assert "Boligselskabet Test" in _columns(client, slagelse.slug)


def test_plan_view_shows_every_focus_area_and_activity(client, db: Session, slagelse) -> None:
    """The plan is read with its focus areas and activities up front (not lazily): all of
    them are in the answer, including ones added a moment ago."""
    plan = get_plan(db, slagelse.slug)
    focus_area = create_focus_area(db, plan, name="Nyt indsatsområde")
    create_activity(db, focus_area, code="9.9", name="Ny aktivitet")
    db.commit()
    expected = {
        (fa.name, tuple(sorted(a.code for a in fa.activities)))
        for fa in get_plan(db, slagelse.slug).focus_areas
    }
    body = client.get(f"/api/plans/{slagelse.slug}").get_json()
    shown = {
        (fa["name"], tuple(sorted(a["code"] for a in fa["activities"])))
        for fa in body["focus_areas"]
    }
    assert shown == expected
    assert ("Nyt indsatsområde", ("9.9",)) in shown
    assert client.get(f"/api/plans/{slagelse.id}").get_json() == body
