"""Issue 18.13: a closed year's figures per indsatsområde do not move with an activity."""

import pytest
from sqlalchemy import select

from app.models import Activity, FocusArea
from app.services.closing import close_year, reopen_year
from app.services.errors import Conflict
from app.services.plans import create_activity, find_activity, update_activity
from tests.security.conftest import SLAGELSE
from tests.security.users import csrf_token

REPORT = f"/api/plans/{SLAGELSE}/reports/cofinancing?form=partners&kind=actual&by_focus_area=1"


def _other_area(db, activity: Activity) -> FocusArea:  # type: ignore[no-untyped-def]
    return db.scalar(
        select(FocusArea).where(
            FocusArea.plan_id == activity.plan_id, FocusArea.id != activity.focus_area_id
        )
    )


def test_service_refuses_to_move_an_activity_booked_in_a_closed_year(db, slagelse) -> None:  # type: ignore[no-untyped-def]
    activity = find_activity(db, slagelse, "KRIM-1")
    home, other = activity.focus_area_id, _other_area(db, activity)
    close_year(db, slagelse, 2018, reason="Regnskab sendt")
    db.commit()
    with pytest.raises(Conflict) as refused:
        update_activity(db, slagelse, activity, focus_area_id=other.id)
    assert refused.value.field == "focus_area_id"
    assert "lukkede år 2018" in refused.value.message
    db.rollback()
    assert db.get(Activity, activity.id).focus_area_id == home
    update_activity(db, slagelse, activity, name="Væresteder")  # other changes still go
    # A new activity (nothing booked) moves freely; so does one once the year is reopened.
    fresh = create_activity(db, db.get(FocusArea, home), code="KRIM-9", name="Ny")
    update_activity(db, slagelse, fresh, focus_area_id=other.id)
    reopen_year(db, slagelse, 2018, reason="Revisor bad om omklassificering")
    update_activity(db, slagelse, activity, focus_area_id=other.id)
    assert activity.focus_area_id == other.id


def test_api_and_page_answer_409_and_the_closed_years_figures_stay(role_clients, db) -> None:  # type: ignore[no-untyped-def]
    admin, sec = role_clients["admin"], role_clients["secretariat"]
    assert admin.post(
        f"/api/plans/{SLAGELSE}/years/2019/close", json={"reason": "Regnskab sendt"}
    ).status_code in (200, 201)
    activity = db.scalar(select(Activity).where(Activity.code == "KRIM-1"))
    other = _other_area(db, activity)
    before = admin.get(REPORT).get_json()["tables"]
    assert before and "Kriminalpræventiv" in str(before)
    answer = sec.patch(
        f"/api/plans/{SLAGELSE}/activities/{activity.id}", json={"focus_area_id": other.id}
    )
    assert answer.status_code == 409, answer.get_json()
    assert "lukkede år" in str(answer.get_json()["errors"])
    page = sec.post(
        f"/planer/{SLAGELSE}/aktiviteter/{activity.id}",
        data={
            "code": activity.code,
            "name": activity.name,
            "focus_area_id": other.id,
            "csrf_token": csrf_token(sec),
        },
    )
    assert page.status_code in (409, 422) and "lukkede år" in page.get_data(as_text=True)
    assert admin.get(REPORT).get_json()["tables"] == before
    db.expire_all()
    assert db.get(Activity, activity.id).focus_area_id != other.id
