"""Edit pages: CSRF, the message beside the field with the input kept, nothing half-saved."""

from sqlalchemy import select

from app.models import Partner
from app.services.partners import find_partner
from app.services.plans import find_activity, get_plan
from tests.editing.conftest import SLAGELSE
from tests.helpers import snapshot

PAGE = f"/planer/{SLAGELSE}"


def test_edit_pages_render_with_current_values(client, db, slagelse) -> None:
    area = slagelse.focus_areas[0]
    activity = find_activity(db, slagelse, "UDD-1")
    fund = find_partner(db, "Landsbyggefonden")
    plan_page = client.get(PAGE).get_data(as_text=True)
    assert f"/indsatsomraader/{area.id}" in plan_page and f"/aktiviteter/{activity.id}" in plan_page
    assert 'name="first_year"' in plan_page and 'value="slagelse-2017-2021"' in plan_page
    html = client.get(f"{PAGE}/aktiviteter/{activity.id}").get_data(as_text=True)
    assert 'value="UDD-1"' in html and 'name="csrf_token"' in html
    assert f'value="{area.id}"' in html
    html = client.get(f"/partnere/{fund.id}").get_data(as_text=True)
    assert 'value="Landsbyggefonden"' in html and "deltager i slagelse-2017-2021" in html
    assert f"/partnere/{fund.id}" in client.get("/partnere").get_data(as_text=True)
    assert client.get(f"{PAGE}/aktiviteter/999999").status_code == 404


def test_edit_without_csrf_is_refused(client, engine, db, slagelse) -> None:
    before = snapshot(engine)
    area = slagelse.focus_areas[0]
    response = client.post(f"{PAGE}/indsatsomraader/{area.id}", data={"name": "Uden token"})
    assert response.status_code == 400
    assert snapshot(engine) == before


def test_rename_activity_and_move_it(post, db, slagelse) -> None:
    activity = find_activity(db, slagelse, "UDD-1")
    target = slagelse.focus_areas[2]
    response = post(
        f"{PAGE}/aktiviteter/{activity.id}",
        {"code": "UDD-1", "name": "Skolefravær", "focus_area_id": str(target.id)},
    )
    assert response.status_code == 302
    db.expire_all()
    saved = find_activity(db, get_plan(db, SLAGELSE), "UDD-1")
    assert (saved.name, saved.focus_area_id) == ("Skolefravær", target.id)


def test_activity_refusal_keeps_input_and_saves_nothing(post, engine, db, slagelse) -> None:
    activity = find_activity(db, slagelse, "UDD-1")
    before = snapshot(engine)
    response = post(
        f"{PAGE}/aktiviteter/{activity.id}",
        {"code": "KRIM-1", "name": "Mit nye navn", "focus_area_id": str(activity.focus_area_id)},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="code-error"' in html and "allerede brugt" in html
    assert 'value="Mit nye navn"' in html and 'value="KRIM-1"' in html
    assert snapshot(engine) == before


def test_rename_focus_area_page(post, db, slagelse) -> None:
    first, second = slagelse.focus_areas[:2]
    refused = post(f"{PAGE}/indsatsomraader/{first.id}", {"name": second.name})
    assert refused.status_code == 422 and 'id="name-error"' in refused.get_data(as_text=True)
    assert post(f"{PAGE}/indsatsomraader/{first.id}", {"name": "Tryghed"}).status_code == 302
    db.expire_all()
    assert get_plan(db, SLAGELSE).focus_areas[0].name == "Tryghed"


def _plan_form(plan, **changes: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    form = {
        "name": plan.name,
        "frame": "44.450.000",
        "slug": plan.slug,
        "first_year": str(plan.first_year),
        "last_year": str(plan.last_year),
    }
    return {**form, **changes}


def test_plan_period_refusal_beside_the_field(post, engine, slagelse) -> None:
    before = snapshot(engine)
    response = post(PAGE, _plan_form(slagelse, name="Nyt navn", last_year="2019"))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="last_year-error"' in html and "i 2020" in html and "i 2021" in html
    assert 'value="Nyt navn"' in html and 'value="2019"' in html
    assert snapshot(engine) == before


def test_plan_slug_and_period_change_redirects_to_the_new_slug(post, client, db, slagelse) -> None:
    response = post(PAGE, _plan_form(slagelse, slug="slagelse-ny", last_year="2023"))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/planer/slagelse-ny")
    assert "2017–2023" in client.get("/planer/slagelse-ny").get_data(as_text=True)
    refused = post("/planer/slagelse-ny", _plan_form(slagelse, slug="Ugyldig Slug"))
    assert refused.status_code == 422
    assert 'id="slug-error"' in refused.get_data(as_text=True)


def test_remove_partner_page(post, client, db, slagelse, newcomer) -> None:
    assert post(f"{PAGE}/partnere", {"partner_id": str(newcomer.id)}).status_code == 302
    page = client.get(PAGE).get_data(as_text=True)
    assert f"/partnere/{newcomer.id}/fjern" in page
    city = find_partner(db, "Slagelse Kommune")
    assert f"/partnere/{city.id}/fjern" not in page  # the municipality has no button
    assert post(f"{PAGE}/partnere/{newcomer.id}/fjern", {}).status_code == 302
    db.expire_all()
    assert newcomer.id not in {p.id for p in get_plan(db, SLAGELSE).partners}
    housing = find_partner(db, "Boligorganisationerne i Slagelse")
    refused = post(f"{PAGE}/partnere/{housing.id}/fjern", {})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'id="partner_id-error"' in html and "kan ikke fjernes" in html


def test_partner_edit_page_and_the_fund_confirmation(post, db, slagelse) -> None:
    fund = find_partner(db, "Landsbyggefonden")
    url = f"/partnere/{fund.id}"
    form = {"name": "Landsbyggefonden", "kind": "other", "cvr": ""}
    refused = post(url, form)
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'id="kind-error"' in html and "Bekræft" in html
    assert 'name="confirm_report_change"' in html
    bad_cvr = post(url, {**form, "kind": "fund", "cvr": "12 34"})
    assert bad_cvr.status_code == 422 and 'id="cvr-error"' in bad_cvr.get_data(as_text=True)
    assert post(url, {**form, "confirm_report_change": "1"}).status_code == 302
    db.expire_all()
    assert db.scalar(select(Partner.kind).where(Partner.id == fund.id)) == "other"
