"""Issue 17.4: a correction can be followed both ways — the original says which entry
reversed it, the replacement which entry it replaces (model, API, history page)."""

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from app.models import Entry, EntryReplacement

PLAN = "slagelse-2017-2021"


def _entry(client, entry_id: int) -> dict:  # type: ignore[no-untyped-def]
    response = client.get(f"/api/entries/{entry_id}")
    assert response.status_code == 200
    return response.get_json()


def test_api_links_reversal_replacement_and_original(client, db, slagelse) -> None:
    original = db.scalar(
        select(Entry.id)
        .where(Entry.plan_id == slagelse.id, Entry.category != "staff_purchase")
        .order_by(Entry.id)
    )
    assert _entry(client, original)["reversed_by_id"] is None
    fixed = client.post(
        f"/api/entries/{original}/corrections",
        json={"reason": "Forkert beløb", "new_amount": "1.000"},
    )
    assert fixed.status_code == 201, fixed.get_json()
    reversal, replacement = fixed.get_json()["reversal"], fixed.get_json()["replacement"]
    assert replacement["replaces_id"] == original
    assert reversal["reverses_id"] == original and reversal["replaces_id"] is None
    shown = _entry(client, original)
    assert shown["reversed_by_id"] == reversal["id"] and shown["replaces_id"] is None
    assert _entry(client, replacement["id"])["replaces_id"] == original
    assert _entry(client, replacement["id"])["reversed_by_id"] is None
    assert _entry(client, reversal["id"])["reverses_id"] == original
    # The plan's entry list carries the same links.
    listed = {e["id"]: e for e in client.get(f"/api/plans/{PLAN}/entries?per_page=1000").get_json()}
    assert listed[original]["reversed_by_id"] == reversal["id"]
    assert listed[replacement["id"]]["replaces_id"] == original


def test_a_reversal_without_replacement_links_the_original_only(client, db, slagelse) -> None:
    original = db.scalar(
        select(Entry.id)
        .where(Entry.plan_id == slagelse.id, Entry.category != "staff_purchase")
        .order_by(Entry.id.desc())
    )
    fixed = client.post(f"/api/entries/{original}/corrections", json={"reason": "Dobbelt"})
    assert fixed.status_code == 201
    assert fixed.get_json()["replacement"] is None
    assert _entry(client, original)["reversed_by_id"] == fixed.get_json()["reversal"]["id"]
    assert (
        db.scalar(select(EntryReplacement).where(EntryReplacement.replaces_id == original)) is None
    )


def test_history_page_links_both_ways(client, db, slagelse) -> None:
    original = db.scalar(
        select(Entry.id)
        .where(Entry.plan_id == slagelse.id, Entry.category != "staff_purchase")
        .order_by(Entry.id)
    )
    body = client.post(
        f"/api/entries/{original}/corrections",
        json={"reason": "Forkert beløb", "new_amount": "1.000"},
    ).get_json()
    reversal, replacement = body["reversal"]["id"], body["replacement"]["id"]
    assert replacement != original
    page = client.get(f"/planer/{PLAN}/posteringer").get_data(as_text=True)
    href = f"/planer/{PLAN}/posteringer#entry-"
    assert f'(tilbageført af <a href="{href}{reversal}">{reversal}</a>)' in page
    assert f'(tilbagefører <a href="{href}{original}">{original}</a>)' in page
    assert f'(erstatter <a href="{href}{original}">{original}</a>)' in page


def test_links_are_append_only(client, db, slagelse, engine) -> None:
    original = db.scalar(
        select(Entry.id)
        .where(Entry.plan_id == slagelse.id, Entry.category != "staff_purchase")
        .order_by(Entry.id)
    )
    client.post(f"/api/entries/{original}/corrections", json={"reason": "Fejl", "new_amount": "5"})
    with pytest.raises((IntegrityError, DBAPIError), match="append-only"), engine.begin() as conn:
        conn.execute(text("UPDATE entry_replacements SET replaces_id = replaces_id"))
