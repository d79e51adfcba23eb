"""Pages over the real app and database: CSRF, validation that keeps input, nothing half-saved."""

import re

import pytest
from sqlalchemy import func, select

from app.models import Entry, MasterPlan, Partner, StaffAllocation, StaffPurchase
from tests.helpers import snapshot

GRID = "/planer/slagelse-2017-2021/gitter?year=2020&kind=budget&category=other"


def _cell(plan, index: int = 0) -> str:  # type: ignore[no-untyped-def]
    activity = plan.focus_areas[0].activities[0]
    return f"c-{activity.id}-{plan.partners[index].id}"


def _value(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" id="{name}"\s+value="([^"]*)"', html)
    assert match, f"no input {name}"
    return match.group(1)


def test_post_without_csrf_token_is_refused(client, engine) -> None:
    before = snapshot(engine)
    response = client.post("/partnere", data={"name": "Uden token", "kind": "other"})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert snapshot(engine) == before


def test_post_with_a_wrong_csrf_token_is_refused(client, engine) -> None:
    before = snapshot(engine)
    data = {"name": "Falsk", "kind": "other", "csrf_token": "not-a-token"}
    assert client.post("/partnere", data=data).status_code == 400
    assert snapshot(engine) == before


def test_every_page_renders(client, slagelse) -> None:
    slug = slagelse.slug
    for path in (
        "/",
        "/partnere",
        "/planer/ny",
        f"/planer/{slug}",
        f"/planer/{slug}/gitter",
        f"/planer/{slug}/posteringer?year=2019",
        f"/planer/{slug}/frikoeb?year=2019",
        f"/planer/{slug}/aarsvaerk?year=2019",
        f"/planer/{slug}/rapport",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert 'name="csrf-token"' in response.get_data(as_text=True)
    front = client.get("/").get_data(as_text=True)
    assert "2017–2021" in front and "Slagelse Kommune" in front
    assert "<td>2019</td>" in front  # the latest year with accounts


def test_unknown_plan_is_an_html_404(client) -> None:
    response = client.get("/planer/findes-ikke/gitter")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "findes ikke" in response.get_data(as_text=True)


@pytest.mark.parametrize("bad", ["1,225,000", "1.22.5", "12e3", "1.225,5.0", "12,345"])
def test_grid_refuses_malformed_amounts_keeps_input_and_saves_nothing(
    post, engine, slagelse, bad
) -> None:
    before = snapshot(engine)
    good, wrong = _cell(slagelse, 0), _cell(slagelse, 1)
    response = post(GRID, {good: "1.000", wrong: bad})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f'id="{wrong}-error"' in html and "ikke et gyldigt beløb" in html
    assert _value(html, wrong) == bad and _value(html, good) == "1.000"
    assert "Intet er gemt" in html
    assert snapshot(engine) == before


def test_grid_accepts_danish_forms(post, db, slagelse) -> None:
    plan = slagelse
    activities = [a for fa in plan.focus_areas for a in fa.activities]
    typed = {
        "1.225.000": 1_225_000_00,
        "1225000": 1_225_000_00,
        "1.225.000,50": 1_225_000_50,
        "-504": -504_00,
    }
    form = {
        f"c-{a.id}-{plan.partners[0].id}": text
        for a, text in zip(activities[:4], typed, strict=True)
    }
    response = post(GRID, form)
    assert response.status_code == 302
    amounts = db.scalars(
        select(Entry.amount_ore)
        .where(Entry.category == "other", Entry.year == 2020, Entry.kind == "budget")
        .order_by(Entry.id)
    ).all()
    assert amounts == list(typed.values())


def test_grid_change_without_reason_is_refused_then_corrected(post, client, db, slagelse) -> None:
    name = _cell(slagelse)
    assert post(GRID, {name: "1.000"}).status_code == 302
    seen = {"o" + name[1:]: "100000"}  # what the page showed: 1.000 kr. in øre
    stale = post(GRID, {name: "2.000"})  # a form loaded before the first save
    assert stale.status_code == 422
    assert "ændret af en anden" in stale.get_data(as_text=True)
    response = post(GRID, {name: "2.000", **seen})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="reason-error"' in html and _value(html, name) == "2.000"
    assert post(GRID, {name: "2.000", "reason": "Ny aftale", **seen}).status_code == 302
    entries = db.scalars(select(Entry).where(Entry.category == "other").order_by(Entry.id)).all()
    assert [e.amount_ore for e in entries] == [1_000_00, -1_000_00, 2_000_00]
    page = client.get(GRID).get_data(as_text=True)
    assert _value(page, name) == "2.000"
    assert 'id="total-grand">2.000<' in page


def test_correct_page_needs_a_reason(post, client, db, engine, slagelse) -> None:
    entry = db.scalars(select(Entry).where(Entry.plan_id == slagelse.id)).first()
    before = snapshot(engine)
    response = post(f"/posteringer/{entry.id}/ret", {"reason": " ", "new_amount": "5.000"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="reason-error"' in html
    assert 'value="5.000"' in html
    bad = post(f"/posteringer/{entry.id}/ret", {"reason": "x", "new_amount": "1,5,0"})
    assert bad.status_code == 422 and 'id="new_amount-error"' in bad.get_data(as_text=True)
    assert snapshot(engine) == before
    ok = post(f"/posteringer/{entry.id}/ret", {"reason": "Fejl", "new_amount": "5.000"})
    assert ok.status_code == 302
    history = client.get(ok.headers["Location"]).get_data(as_text=True)
    assert f"Tilbageførsel af {entry.id}: Fejl" in history
    assert f"Rettelse af {entry.id}: Fejl" in history
    assert "(tilbageført af" in history


def test_staff_purchase_preview_then_save(post, client, db, slagelse) -> None:
    plan = slagelse
    path = f"/planer/{plan.slug}/frikoeb?year=2020"
    fund = next(p for p in plan.partners if p.kind == "fund")
    form = {
        "supplier_id": plan.municipality_id,
        "payer_id": fund.id,
        "activity_id": plan.focus_areas[0].activities[0].id,
        "kind": "budget",
        "hours": "7,25",
        "rate": "333,33",
        "text": "Gadeteam",
    }
    count = db.scalar(select(func.count()).select_from(StaffPurchase))
    preview = post(path, {**form, "action": "preview"})
    assert preview.status_code == 200
    assert ">2.416,64</output>" in preview.get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(StaffPurchase)) == count
    bad = post(path, {**form, "hours": "7,255", "action": "save"})
    assert bad.status_code == 422 and 'id="hours-error"' in bad.get_data(as_text=True)
    saved = post(path, {**form, "action": "save"})
    assert saved.status_code == 302
    purchase = db.scalars(select(StaffPurchase).order_by(StaffPurchase.id.desc())).first()
    assert purchase.amount_ore == 241_664 and purchase.year == 2020
    assert "2.416,64" in client.get(path).get_data(as_text=True)


def test_staff_allocations_save_only_changes(post, db, slagelse) -> None:
    plan = slagelse
    path = f"/planer/{plan.slug}/aarsvaerk?year=2021"
    fa, partner = plan.focus_areas[0], plan.partners[0]
    name = f"fte-{fa.id}-{partner.id}"
    count = db.scalar(select(func.count()).select_from(StaffAllocation))
    negative = post(path, {name: "-1"})
    assert negative.status_code == 422 and f'id="{name}-error"' in negative.get_data(as_text=True)
    assert post(path, {name: "1,5"}).status_code == 302
    assert post(path, {name: "1,50"}).status_code == 302  # same value: nothing new
    rows = db.scalars(select(StaffAllocation).order_by(StaffAllocation.id)).all()
    assert len(rows) == count + 1 and str(rows[-1].fte) == "1.50"


def test_create_plan_keeps_input_on_error(post, db) -> None:
    for name, kind in (("Fonden", "fund"), ("Byen Kommune", "municipality")):
        assert post("/partnere", {"name": name, "kind": kind}).status_code == 302
    fund, city = (
        db.scalar(select(Partner.id).where(Partner.name == n)) for n in ("Fonden", "Byen Kommune")
    )
    form = {
        "name": "Plan",
        "slug": "Ugyldig Slug",
        "municipality_id": city,
        "first_year": "2024",
        "last_year": "2027",
        "frame": "1,000,000",
        "partner_ids": [fund],
    }
    response = post("/planer/ny", form)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="frame-error"' in html and 'value="1,000,000"' in html
    assert db.scalar(select(func.count()).select_from(MasterPlan)) == 0
    ok = post("/planer/ny", {**form, "slug": "byen-2024", "frame": "1.000.000"})
    assert ok.status_code == 302
    plan = db.scalar(select(MasterPlan))
    assert plan.frame_ore == 1_000_000_00 and [p.name for p in plan.partners] == [
        "Fonden",
        "Byen Kommune",
    ]


def test_report_page_shows_memo_chart_and_working_downloads(client, slagelse) -> None:
    html = client.get(f"/planer/{slagelse.slug}/rapport").get_data(as_text=True)
    assert "10.418.000" in html and "10.604.000" in html  # the memo's totals
    assert "<svg" in html and "Landsbyggefonden</text>" in html
    links = re.findall(
        r'href="(/planer/[^"]+/rapport/hent\?[^"]+format=(\w+))"', html.replace("&amp;", "&")
    )
    assert {fmt for _, fmt in links} == {"pdf", "xlsx", "csv", "json", "text"}
    assert {re.search(r"form=([\w-]+)", link)[1] for link, _ in links} == {
        "slagelse",
        "partners",
        "budget-actual",
        "follow-up",
    }
    assert 'id="table-follow-up"' in html and "Korrigeret budget" in html
    for link, fmt in links:
        response = client.get(link)
        assert response.status_code == 200, link
        if fmt == "pdf":
            assert response.data.startswith(b"%PDF")
    bad = client.get(f"/planer/{slagelse.slug}/rapport/hent?format=exe")
    assert bad.status_code == 400


def test_times_are_shown_in_danish_time(app) -> None:
    from datetime import UTC, datetime

    dato = app.jinja_env.filters["dato"]
    assert dato(datetime(2026, 7, 1, 10, 0, tzinfo=UTC)) == "1. jul. 2026 12:00"  # summer time
    assert dato(datetime(2026, 1, 1, 10, 0)) == "1. jan. 2026 11:00"  # naive = UTC (SQLite)


def test_edit_plan_name_and_frame(post, client, db, slagelse) -> None:
    path = f"/planer/{slagelse.slug}"
    bad = post(path, {"name": "Nyt navn", "frame": "44,450,000"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and 'id="frame-error"' in html and 'value="44,450,000"' in html
    assert post(path, {"name": "Nyt navn", "frame": "45.000.000"}).status_code == 302
    db.expire_all()
    plan = db.get(MasterPlan, slagelse.id)
    assert (plan.name, plan.frame_ore) == ("Nyt navn", 45_000_000_00)
    assert "Ramme: 45.000.000 kr." in client.get(path).get_data(as_text=True)
