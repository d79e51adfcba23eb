"""The editing rules in app.services (plans, partners), on both backends, with the audit rows."""

import pytest
from sqlalchemy import select

from app.models import AuditLog, Entry, Partner, PlanPartner
from app.services import audit
from app.services.errors import Conflict, DomainError, NotFound
from app.services.partners import create_partner, find_partner, update_partner
from app.services.plans import (
    add_partner,
    create_plan,
    find_activity,
    get_plan,
    remove_partner,
    rename_focus_area,
    update_activity,
    update_plan,
)
from reports.cofinancing import cofinancing_report
from tests.editing.conftest import SLAGELSE


def _last_audit(db, table: str) -> AuditLog:  # type: ignore[no-untyped-def]
    return db.scalars(
        select(AuditLog).where(AuditLog.object_type == table).order_by(AuditLog.id.desc())
    ).first()


def test_rename_focus_area_is_audited_with_before_and_after(db, slagelse) -> None:
    area = slagelse.focus_areas[0]
    old = area.name
    audit.set_actor(db, "tester")
    rename_focus_area(db, area, name="  Tryghed  ")
    db.commit()
    assert get_plan(db, SLAGELSE).focus_areas[0].name == "Tryghed"
    row = _last_audit(db, "focus_areas")
    assert row.action == "update" and row.actor == "tester"
    assert row.before["name"] == old and row.after["name"] == "Tryghed"
    assert row.plan_id == slagelse.id


def test_rename_focus_area_refuses_blank_and_a_name_in_use(db, slagelse) -> None:
    first, second = slagelse.focus_areas[:2]
    with pytest.raises(DomainError) as blank:
        rename_focus_area(db, first, name=" ")
    assert blank.value.field == "name"
    with pytest.raises(Conflict, match="findes allerede"):
        rename_focus_area(db, first, name=second.name)
    rename_focus_area(db, first, name=first.name)  # keeping its own name is fine


def test_update_activity_code_name_and_focus_area(db, slagelse) -> None:
    activity = find_activity(db, slagelse, "KRIM-1")
    target = slagelse.focus_areas[2]
    update_activity(db, slagelse, activity, code="KRIM-9", name="Klubber", focus_area_id=target.id)
    db.commit()
    moved = find_activity(db, slagelse, "KRIM-9")
    assert (moved.name, moved.focus_area_id) == ("Klubber", target.id)
    # Its entries follow it: the per-focus-area report now counts them under the new area.
    assert db.scalar(select(Entry.id).where(Entry.activity_id == moved.id).limit(1)) is not None
    row = _last_audit(db, "activities")
    assert row.before["code"] == "KRIM-1" and row.after["code"] == "KRIM-9"
    assert row.after["focus_area_id"] == target.id


def test_update_activity_refusals(db, slagelse, two_plan_ids) -> None:
    activity = find_activity(db, slagelse, "KRIM-1")
    with pytest.raises(Conflict) as taken:
        update_activity(db, slagelse, activity, code="UDD-1")
    assert taken.value.field == "code"
    with pytest.raises(DomainError) as blank:
        update_activity(db, slagelse, activity, name="")
    assert blank.value.field == "name"
    other_plan_area = two_plan_ids["other_focus_area"]
    with pytest.raises(DomainError) as foreign:
        update_activity(db, slagelse, activity, focus_area_id=other_plan_area)
    assert foreign.value.field == "focus_area_id"
    db.rollback()
    assert find_activity(db, get_plan(db, SLAGELSE), "KRIM-1").name == "Væresteder og klubber"


@pytest.fixture
def two_plan_ids(db, slagelse):  # type: ignore[no-untyped-def]
    from app.services.plans import create_focus_area

    city = create_partner(db, name="Næstved Kommune", kind="municipality")
    plan = create_plan(
        db, slug="naestved", name="Næstved", municipality_id=city.id, first_year=2022,
        last_year=2025,
    )  # fmt: skip
    area = create_focus_area(db, plan, name="Tryghed")
    db.commit()
    return {"plan": plan.id, "other_focus_area": area.id, "city": city.id}


def test_update_partner_name_kind_cvr_audited(db, newcomer) -> None:
    update_partner(db, newcomer, name="Boligselskabet Ny", kind="other", cvr="")
    db.commit()
    partner = db.get(Partner, newcomer.id)
    assert (partner.name, partner.kind, partner.cvr) == ("Boligselskabet Ny", "other", None)
    row = _last_audit(db, "partners")
    assert row.before["cvr"] == "11223344" and row.after["cvr"] is None
    assert row.before["kind"] == "housing_org" and row.after["kind"] == "other"


@pytest.mark.parametrize(
    ("changes", "field", "error"),
    [
        ({"name": ""}, "name", DomainError),
        ({"name": "Landsbyggefonden"}, "name", Conflict),
        ({"cvr": "1234567"}, "cvr", DomainError),
        ({"cvr": "1234567a"}, "cvr", DomainError),
        ({"kind": "bank"}, "kind", DomainError),
    ],
)
def test_update_partner_refusals(db, newcomer, changes, field, error) -> None:
    with pytest.raises(error) as refused:
        update_partner(db, newcomer, **changes)
    assert refused.value.field == field


def test_cvr_must_be_unique(db, newcomer) -> None:
    other = create_partner(db, name="Anden", kind="other", cvr="99887766")
    with pytest.raises(Conflict) as taken:
        update_partner(db, other, cvr="11223344")
    assert taken.value.field == "cvr"
    update_partner(db, newcomer, cvr="11223344")  # its own CVR again is fine


def test_a_plans_municipality_stays_a_municipality(db, slagelse) -> None:
    city = find_partner(db, "Slagelse Kommune")
    with pytest.raises(Conflict, match="kommune i planen slagelse-2017-2021") as refused:
        update_partner(db, city, kind="housing_org")
    assert refused.value.field == "kind"
    update_partner(db, city, name="Slagelse Kommune (ny)")  # the name may change


def test_a_municipality_in_no_plan_may_change_kind(db, slagelse) -> None:
    spare = create_partner(db, name="Sorø Kommune", kind="municipality")
    update_partner(db, spare, kind="other")
    assert spare.kind == "other"


def test_fund_kind_change_needs_confirmation_and_says_which_reports_change(db, slagelse) -> None:
    fund = find_partner(db, "Landsbyggefonden")
    before = cofinancing_report(db, get_plan(db, SLAGELSE)).tables[0]
    with pytest.raises(Conflict, match="Bekræft") as refused:
        update_partner(db, fund, kind="other")
    assert refused.value.field == "kind" and SLAGELSE in refused.value.message
    db.rollback()
    fund = find_partner(db, "Landsbyggefonden")
    assert fund.kind == "fund"

    update_partner(db, fund, kind="other", confirm_report_change=True)
    db.commit()
    row = _last_audit(db, "partners")
    assert row.before["kind"] == "fund" and row.after["kind"] == "other"
    assert SLAGELSE in row.reason and "fond" in row.reason
    after = cofinancing_report(db, get_plan(db, SLAGELSE)).tables[0]
    # The change is real: the fund's purchases no longer count as the fund's (as announced).
    assert before.total.values != after.total.values


def test_becoming_a_fund_in_a_plan_needs_confirmation_too(db, slagelse) -> None:
    housing = find_partner(db, "Boligorganisationerne i Slagelse")
    with pytest.raises(Conflict, match="Bekræft"):
        update_partner(db, housing, kind="fund")
    loose = create_partner(db, name="Fonden for X", kind="other")
    update_partner(db, loose, kind="fund")  # in no plan: no report changes
    assert loose.kind == "fund"


def test_plan_slug_change(db, slagelse) -> None:
    plan = update_plan(db, slagelse, slug="slagelse-ny")
    db.commit()
    assert get_plan(db, "slagelse-ny").id == plan.id
    with pytest.raises(NotFound):
        get_plan(db, SLAGELSE)
    row = _last_audit(db, "plans")
    assert row.before["slug"] == SLAGELSE and row.after["slug"] == "slagelse-ny"


@pytest.mark.parametrize(
    ("slug", "error"),
    [("Slagelse", DomainError), ("a b", DomainError), ("", DomainError), ("2017", DomainError)],
)
def test_plan_slug_must_be_valid(db, slagelse, slug, error) -> None:
    with pytest.raises(error) as refused:
        update_plan(db, slagelse, slug=slug)
    assert refused.value.field == "slug"


def test_plan_slug_must_be_unique(db, slagelse, two_plan_ids) -> None:
    with pytest.raises(Conflict) as refused:
        update_plan(db, slagelse, slug="naestved")
    assert refused.value.field == "slug"


def test_period_may_grow_and_shrink_back_around_the_bookings(db, slagelse) -> None:
    update_plan(db, slagelse, first_year=2016, last_year=2022)
    db.commit()
    assert list(get_plan(db, SLAGELSE).years) == list(range(2016, 2023))
    update_plan(db, get_plan(db, SLAGELSE), first_year=2017, last_year=2021)
    db.commit()
    row = _last_audit(db, "plans")
    assert (row.before["first_year"], row.after["first_year"]) == (2016, 2017)


def test_period_that_leaves_bookings_outside_is_refused_and_explained(db, slagelse) -> None:
    with pytest.raises(Conflict) as refused:
        update_plan(db, slagelse, first_year=2018)
    message = refused.value.message
    assert refused.value.field == "first_year"
    assert "2018–2021" in message and "i 2017" in message
    assert "postering(er)" in message and "frikøb" in message and "årsværk" in message
    with pytest.raises(Conflict) as late:
        update_plan(db, slagelse, last_year=2020)
    assert late.value.field == "last_year" and "i 2021" in late.value.message
    with pytest.raises(DomainError) as order:
        update_plan(db, slagelse, first_year=2022)
    assert order.value.field == "last_year"
    db.rollback()
    plan = get_plan(db, SLAGELSE)
    assert (plan.first_year, plan.last_year) == (2017, 2021)


def test_period_refusal_names_a_closed_year(db, newcomer) -> None:
    from app.services.closing import close_year

    city = find_partner(db, "Slagelse Kommune")
    plan = create_plan(
        db, slug="tom", name="Tom plan", municipality_id=city.id, first_year=2020, last_year=2024
    )
    close_year(db, plan, 2024, reason="Regnskab afleveret")
    with pytest.raises(Conflict, match="lukket år i 2024"):
        update_plan(db, plan, last_year=2023)
    update_plan(db, plan, first_year=2021)  # nothing in 2020
    assert plan.first_year == 2021


def test_remove_partner(db, slagelse, newcomer) -> None:
    add_partner(db, slagelse, newcomer.id)
    housing = find_partner(db, "Boligorganisationerne i Slagelse")
    db.commit()
    plan = get_plan(db, SLAGELSE)
    remove_partner(db, plan, newcomer.id)
    db.commit()
    plan = get_plan(db, SLAGELSE)
    assert newcomer.id not in {p.id for p in plan.partners}
    positions = db.scalars(
        select(PlanPartner.position).where(PlanPartner.plan_id == plan.id).order_by("position")
    ).all()
    assert positions == [0, 1, 2]
    row = _last_audit(db, "plan_partners")
    assert row.action in ("delete", "update")
    deleted = db.scalar(
        select(AuditLog).where(AuditLog.object_type == "plan_partners", AuditLog.action == "delete")
    )
    assert deleted.before["partner_id"] == newcomer.id and deleted.after is None
    assert housing.id in {p.id for p in plan.partners}


def test_remove_partner_refusals(db, slagelse, newcomer) -> None:
    with pytest.raises(Conflict, match="planens kommune"):
        remove_partner(db, slagelse, find_partner(db, "Slagelse Kommune").id)
    with pytest.raises(Conflict, match="postering") as booked:
        remove_partner(db, slagelse, find_partner(db, "Boligorganisationerne i Slagelse").id)
    assert booked.value.field == "partner_id"
    with pytest.raises(Conflict, match="frikøb"):
        remove_partner(db, slagelse, find_partner(db, "Landsbyggefonden").id)
    with pytest.raises(NotFound):
        remove_partner(db, slagelse, newcomer.id)  # does not take part
    db.rollback()
    assert len(get_plan(db, SLAGELSE).partners) == 3
