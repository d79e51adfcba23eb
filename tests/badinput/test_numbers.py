"""One number parser at every door: ASCII digits only (issue 18.11), hours, rates and FTE by the
amounts' Danish rules (issue 17.8), and huge hours, FTE and frames refused with a 4xx, never a
500 (issue 18.7)."""

from decimal import Decimal

import pytest

from app.services.amounts import (
    AmountError,
    parse_amount,
    parse_fte,
    parse_hours,
)
from tests.badinput.conftest import cell
from tests.helpers import snapshot
from tests.test_api_bad_input import assert_refused, entry, purchase

NON_ASCII = ["１２３", "١٢٣", "۱۲۳", "१२३", "1.２２5", "１２３,50", "๑๒๓"]


@pytest.mark.parametrize("text", NON_ASCII)
def test_parser_refuses_non_ascii_digits(text: str) -> None:
    """Old main: "１２３" and "١٢٣" were 123 kr."""
    with pytest.raises(AmountError, match="ikke et gyldigt beløb"):
        parse_amount(text)
    with pytest.raises(AmountError, match="ikke et gyldigt tal"):
        parse_hours(text)


@pytest.mark.parametrize("text", NON_ASCII[:2])
def test_api_and_grid_refuse_non_ascii_digits(
    client, post, engine, ids, slagelse, grid_path, text
) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(engine)
    response = client.post(f"/api/plans/{ids['plan']}/entries", json=entry(ids, amount=text))
    assert_refused(response, 422, "amount", "ikke et gyldigt beløb")
    page = post(grid_path, {cell(slagelse): text})
    assert page.status_code == 422 and "ikke et gyldigt beløb" in page.get_data(as_text=True)
    assert snapshot(engine) == before


def test_the_documented_minus_signs_are_accepted() -> None:
    assert parse_amount("−1.225,50") == parse_amount("-1.225,50") == -122_550


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.924", "1924"),  # thousands dot, as the reports print hours
        ("1.924,50", "1924.50"),
        ("12,5", "12.5"),
        ("12.5", "12.5"),
        ("12.50", "12.50"),
        ("1924", "1924"),
    ],
)
def test_hours_follow_the_danish_rules_of_amounts(text: str, value: str) -> None:
    """Old main: "1.924" hours was refused ("højst 2 decimaler")."""
    assert parse_hours(text) == Decimal(value)
    assert parse_fte(text) == Decimal(value)


@pytest.mark.parametrize("text", ["12,345", "1.9245", "1,2,3", "1.2.3", "1,924.5", "12e3"])
def test_hours_refuse_the_ambiguous(text: str) -> None:
    with pytest.raises(AmountError):
        parse_hours(text)


def test_api_books_frikoeb_hours_in_danish_form(client, ids) -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        f"/api/plans/{ids['plan']}/staff-purchases",
        json=purchase(ids, hours="1.924", rate="1.000,50"),
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["hours"] == "1924.00" and body["rate_ore"] == 100_050
    assert body["amount_ore"] == 1924 * 100_050


@pytest.mark.parametrize("hours", ["1" + "0" * 20, 10**20, "1.000.001", "9" * 5000])
def test_huge_hours_are_refused_with_4xx(client, engine, ids, hours) -> None:  # type: ignore[no-untyped-def]
    """Old main: hours ≥ 10^20 answered 500."""
    before = snapshot(engine)
    response = client.post(
        f"/api/plans/{ids['plan']}/staff-purchases", json=purchase(ids, hours=hours)
    )
    assert_refused(response, 422, "hours", "Timer må højst være 1.000.000.")
    assert snapshot(engine) == before


@pytest.mark.parametrize("fte", ["1" + "0" * 20, 10**20, "10.000,01"])
def test_huge_fte_is_refused_with_4xx(client, engine, ids, slagelse, fte) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(engine)
    response = client.post(
        f"/api/plans/{ids['plan']}/staff-allocations",
        json={
            "year": 2019,
            "focus_area_id": slagelse.focus_areas[0].id,
            "partner_id": ids["Slagelse Kommune"],
            "fte": fte,
        },
    )
    assert_refused(response, 422, "fte", "Årsværk må højst være 10.000.")
    assert snapshot(engine) == before


def test_frikoeb_and_fte_pages_refuse_huge_numbers(post, engine, slagelse) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(engine)
    fund = next(p for p in slagelse.partners if p.kind == "fund")
    bought = post(
        f"/planer/{slagelse.slug}/frikoeb?year=2020",
        {
            "supplier_id": slagelse.municipality_id,
            "payer_id": fund.id,
            "activity_id": slagelse.focus_areas[0].activities[0].id,
            "kind": "budget",
            "hours": "1" + "0" * 20,
            "rate": "500",
            "action": "save",
        },
    )
    assert bought.status_code == 422
    assert "Timer må højst være 1.000.000." in bought.get_data(as_text=True)
    name = f"fte-{slagelse.focus_areas[0].id}-{slagelse.municipality_id}"
    fte = post(f"/planer/{slagelse.slug}/aarsvaerk?year=2020", {name: "9" * 5000})
    assert fte.status_code == 422
    assert "Årsværk må højst være 10.000." in fte.get_data(as_text=True)
    assert snapshot(engine) == before


def test_a_5000_digit_frame_is_refused(client, engine, ids) -> None:  # type: ignore[no-untyped-def]
    """Old main: 500."""
    before = snapshot(engine)
    response = client.patch(f"/api/plans/{ids['plan']}", json={"frame": "9" * 5000})
    assert_refused(response, 422, "frame", "100.000.000.000 kr.")
    assert snapshot(engine) == before
