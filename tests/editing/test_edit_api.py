"""PATCH/DELETE endpoints: the services' rules through the JSON API, errors in the one shape."""

from sqlalchemy import select

from app.models import AuditLog, Partner
from app.services.partners import find_partner
from app.services.plans import find_activity, get_plan
from tests.editing.conftest import SLAGELSE
from tests.helpers import snapshot
from tests.security.users import client_for

PLAN = f"/api/plans/{SLAGELSE}"


def test_patch_plan_slug_period_and_frame(client, db, slagelse) -> None:
    response = client.patch(
        PLAN, json={"slug": "slagelse-ny", "last_year": 2022, "frame": "45.000.000"}
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["slug"], body["last_year"], body["frame_ore"]) == (
        "slagelse-ny",
        2022,
        45_000_000_00,
    )
    assert client.get(PLAN).status_code == 404
    assert client.get("/api/plans/slagelse-ny").get_json()["first_year"] == 2017
    row = db.scalars(select(AuditLog).where(AuditLog.object_type == "plans")).all()[-1]
    assert row.actor == "admin-x" and row.before["last_year"] == 2021


def test_patch_plan_period_refused_with_the_reason(client, engine, slagelse) -> None:
    before = snapshot(engine)
    response = client.patch(PLAN, json={"first_year": 2019, "name": "Nyt navn"})
    body = response.get_json()
    assert response.status_code == 409
    message = body["errors"]["json"]["first_year"][0]
    assert "i 2017" in message and "i 2018" in message
    assert snapshot(engine) == before  # not even the name


def test_patch_plan_bad_input(client, slagelse) -> None:
    assert client.patch(PLAN, json={"slug": "Store Bogstaver"}).status_code == 422
    assert client.patch(PLAN, json={"first_year": "2017"}).status_code == 422  # strict int
    assert client.patch(PLAN, json={"frame": "1,225,000"}).status_code == 422
    assert client.patch(PLAN, json={"municipality_id": 1}).status_code == 422  # unknown field


def test_patch_focus_area_and_activity(client, db, slagelse) -> None:
    area, target = slagelse.focus_areas[0], slagelse.focus_areas[1]
    renamed = client.patch(f"{PLAN}/focus-areas/{area.id}", json={"name": "Tryghed"})
    assert renamed.status_code == 200 and renamed.get_json()["name"] == "Tryghed"
    activity = find_activity(db, slagelse, "KRIM-2")
    response = client.patch(
        f"{PLAN}/activities/{activity.id}",
        json={"code": "TRY-2", "name": "Gadeteam", "focus_area_id": target.id},
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["focus_area_id"] == target.id
    taken = client.patch(f"{PLAN}/activities/{activity.id}", json={"code": "UDD-1"})
    assert taken.status_code == 409 and "code" in taken.get_json()["errors"]["json"]
    assert client.patch(f"{PLAN}/activities/999999", json={"name": "x"}).status_code == 404
    assert client.patch(f"{PLAN}/focus-areas/999999", json={"name": "x"}).status_code == 404


def test_patch_partner_and_the_fund_confirmation(client, db, slagelse) -> None:
    fund = find_partner(db, "Landsbyggefonden")
    url = f"/api/partners/{fund.id}"
    assert client.patch(url, json={"cvr": "123"}).status_code == 422
    refused = client.patch(url, json={"kind": "other"})
    assert refused.status_code == 409
    assert "Bekræft" in refused.get_json()["errors"]["json"]["kind"][0]
    ok = client.patch(url, json={"kind": "other", "confirm_report_change": True, "cvr": "12345678"})
    assert ok.status_code == 200 and ok.get_json()["kind"] == "other"
    db.expire_all()
    assert db.get(Partner, fund.id).cvr == "12345678"
    city = find_partner(db, "Slagelse Kommune")
    assert client.patch(f"/api/partners/{city.id}", json={"kind": "other"}).status_code == 409


def test_delete_plan_partner(client, db, slagelse, newcomer) -> None:
    assert client.post(f"{PLAN}/partners", json={"partner_id": newcomer.id}).status_code == 201
    assert client.delete(f"{PLAN}/partners/{newcomer.id}").status_code == 204
    db.expire_all()
    assert newcomer.id not in {p.id for p in get_plan(db, SLAGELSE).partners}
    assert client.delete(f"{PLAN}/partners/{newcomer.id}").status_code == 404
    housing = find_partner(db, "Boligorganisationerne i Slagelse")
    refused = client.delete(f"{PLAN}/partners/{housing.id}")
    assert refused.status_code == 409
    assert "postering" in refused.get_json()["errors"]["path"]["partner_id"][0]


def test_only_admins_edit_partners_and_only_writers_edit_plans(app, db, slagelse) -> None:
    secretariat = client_for(app, "secretariat", plans=(SLAGELSE,))
    fund_user = client_for(app, "fund")
    fund = find_partner(db, "Landsbyggefonden")
    assert secretariat.patch(f"/api/partners/{fund.id}", json={"name": "X"}).status_code == 403
    assert secretariat.patch(PLAN, json={"name": "Nyt navn"}).status_code == 200
    assert fund_user.patch(PLAN, json={"name": "Andet"}).status_code == 403
    assert fund_user.delete(f"{PLAN}/partners/{fund.id}").status_code == 403
