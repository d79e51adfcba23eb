"""The one amount parser shared by API, pages, imports and seeds."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.services.amounts import (
    MAX_KRONER,
    AmountError,
    _number,
    _plain_ore,
    parse_amount,
    parse_decimal,
)


@pytest.mark.parametrize(
    ("text", "ore"),
    [
        ("1.225.000", 122_500_000),
        ("1225000", 122_500_000),
        ("1.225.000,50", 122_500_050),
        ("1.225.000,5", 122_500_050),
        ("-504", -50_400),
        ("\u2212504", -50_400),
        ("1225000.50", 122_500_050),
        ("1.225", 122_500),
        ("  42 ", 4_200),
        ("0,01", 1),
        (1225000, 122_500_000),
        (Decimal("12.34"), 1_234),
    ],
)
def test_accepts_danish_and_plain_forms(text: object, ore: int) -> None:
    assert parse_amount(text) == ore


@pytest.mark.parametrize(
    "text",
    [
        "1,225,000",
        "1.22.5",
        "12e3",
        "1.225,5.0",
        "1,234",
        "1.2345",
        "",
        "  ",
        "1.225.000,505",
        "kr 5",
        "1 225 000",
        "--5",
        "NaN",
        "Infinity",
        "0x10",
        ",5",
        "5,",
    ],
)
def test_refuses_ambiguous_or_malformed(text: str) -> None:
    with pytest.raises(AmountError) as error:
        parse_amount(text)
    assert str(error.value)


@pytest.mark.parametrize(
    "value", [1.5, 1225000.0, True, None, [1], Decimal("0.001"), Decimal("NaN")]
)
def test_refuses_floats_and_non_numbers(value: object) -> None:
    with pytest.raises(AmountError):
        parse_amount(value)


def test_float_message_explains_what_to_do() -> None:
    with pytest.raises(AmountError, match="1.225.000,50"):
        parse_amount(0.1)


@pytest.mark.parametrize(
    ("text", "value"), [("12,5", "12.5"), ("12.5", "12.5"), ("7", "7"), (3, "3")]
)
def test_decimal_hours(text: object, value: str) -> None:
    assert parse_decimal(text, places=2, what="Timer") == Decimal(value)


@pytest.mark.parametrize("text", ["12,345", "1.2.3", "abc", 1.5, "", "1e3"])
def test_decimal_refuses(text: object) -> None:
    with pytest.raises(AmountError):
        parse_decimal(text, places=2, what="Timer")


@given(
    st.one_of(
        st.text(alphabet="0123456789.,-+\u2212 ", max_size=20),
        st.from_regex(r"[-+\u2212]?[0-9]{1,3}(\.[0-9]{3}){0,5}(,[0-9]{1,3})?", fullmatch=True),
        st.from_regex(r"[-+]?0*[0-9]{1,14}(\.[0-9]{1,3})?", fullmatch=True),
    )
)
def test_the_fast_path_agrees_with_the_grammar(text: str) -> None:
    """The import's fast path (`_plain_ore`) answers exactly what the full parser answers, or
    leaves the text to it."""
    fast = _plain_ore(text)
    try:
        full = int(_number(text, places=2, limit=Decimal(MAX_KRONER), bad="bad", too_big="big",
                           decimals="dec", infinite="inf") * 100)  # fmt: skip
    except AmountError:
        assert fast is None
    else:
        assert fast is None or fast == full
        assert parse_amount(text) == full
