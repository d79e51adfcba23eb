"""The one parser for numbers typed by people or found in files: money to øre, and hours, rates
and FTE to Decimal, all by the same Danish rules.

Accepted: ``1.225.000``, ``1225000``, ``1.225.000,50``, ``1225000,5``, ``-504``, ``1225000.50``.
Refused: ``1,225,000`` (English grouping), ``1.22.5`` (bad grouping), ``12e3``, ``1.225,5.0``,
more than two decimals, floats (binary fractions are not money), digits other than ASCII 0–9
(``١٢٣``, ``１２３``), and anything beyond the bound of its kind.

Rule for the dot: a dot followed by exactly three digits groups thousands (Danish);
a single dot followed by one or two digits, with no comma anywhere, is a decimal point
(plain machine format). At most two decimals are allowed, so the two never collide:
``1.924`` hours is 1924 hours, ``12.5`` is twelve and a half. A leading ``-`` or the Unicode
minus ``−`` (U+2212, which Danish number formatting prints) makes a number negative.

Bounds: |amount| ≤ 100.000.000.000 kr. (10^11 kr., 10^13 øre) — far above any helhedsplan,
far below what a 64-bit sum of many rows can hold — hours ≤ 1.000.000, FTE ≤ 10.000. The
number of digits is checked before any conversion, so a 5,000-digit "amount" costs nothing.
"""

import re
from decimal import Decimal

MAX_KRONER = 10**11
MAX_ORE = MAX_KRONER * 100
MAX_HOURS = Decimal(1_000_000)
MAX_FTE = Decimal(10_000)
AMOUNT_LIMIT_MESSAGE = (
    "Beløbet må højst være 100.000.000.000 kr. (hundrede milliarder), positivt eller negativt."
)
_MINUS = "-\u2212"  # hyphen-minus and the typographic minus Babel may print
_DANISH = re.compile(r"(?P<int>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,(?P<frac>[0-9]+))?")
_PLAIN_DOT = re.compile(r"(?P<int>[0-9]+)\.(?P<frac>[0-9]{1,2})")


class AmountError(ValueError):
    """A value that is not an unambiguous number of its kind; the message says why (Danish)."""


def amount_in_bounds(ore: int) -> bool:
    return -MAX_ORE <= ore <= MAX_ORE


def parse_amount(value: object) -> int:
    """Return the amount in øre. Raises AmountError with a Danish message on anything unclear."""
    if isinstance(value, str):
        fast = _plain_ore(value)
        if fast is not None:
            return fast
    if isinstance(value, bool):
        raise AmountError("Beløbet skal være et tal, ikke sand/falsk.")
    if isinstance(value, float):
        raise AmountError(
            'Beløbet må ikke være et kommatal (float); skriv det som tekst, fx "1.225.000,50".'
        )
    if isinstance(value, str) and not value.strip():
        raise AmountError("Beløbet mangler.")
    if not isinstance(value, int | Decimal | str):
        raise AmountError('Beløbet skal være et tal eller en tekst som "1.225.000,50".')
    bad = (
        f"“{_shown(value)}” er ikke et gyldigt beløb. Brug dansk format som 1.225.000 eller "
        "1.225.000,50 (punktum for tusinder, komma for decimaler, højst to decimaler)."
    )
    number = _number(
        value,
        places=2,
        limit=Decimal(MAX_KRONER),
        bad=bad,
        too_big=AMOUNT_LIMIT_MESSAGE,
        decimals="Beløbet må højst have to decimaler (hele øre).",
        infinite="Beløbet skal være et endeligt tal.",
    )
    return int(number * 100)


def _plain_ore(value: str) -> int | None:
    """A well-formed amount in bounds → øre, by the grammar of `_number`; None for anything
    else (then `_number` decides and words the error). The import's hot path: no Decimal, no
    message built for a good amount."""
    text = value.strip()
    sign = 1
    if text[:1] == "-" or text[:1] == "\u2212":
        sign, text = -1, text[1:]
    elif text[:1] == "+":
        text = text[1:]
    match = _DANISH.fullmatch(text) or _PLAIN_DOT.fullmatch(text)
    if match is None:
        return None
    digits = match["int"].replace(".", "")
    fraction = match["frac"] or ""
    if len(digits) > _MAX_KRONER_DIGITS or len(fraction) > 2:
        return None
    ore = int(digits) * 100 + int(fraction.ljust(2, "0"))
    return sign * ore if ore <= MAX_ORE else None


_MAX_KRONER_DIGITS = len(str(MAX_KRONER))
MAX_ID_DIGITS = 18  # ids are BIGINT


def parse_id(value: object) -> int | None:
    """An id typed in a URL or a form: ASCII digits only, fitting a BIGINT; else None.

    ``str.isdigit`` says yes to "²" and "١٢٣", which ``int()`` then refuses or misreads.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value).strip()
    if not (text.isascii() and text.isdigit() and len(text) <= MAX_ID_DIGITS):
        return None
    return int(text)


def parse_hours(value: object, what: str = "Timer") -> Decimal:
    return parse_decimal(value, places=2, what=what, limit=MAX_HOURS)


def parse_fte(value: object, what: str = "Årsværk") -> Decimal:
    return parse_decimal(value, places=2, what=what, limit=MAX_FTE)


def parse_decimal(value: object, *, places: int, what: str, limit: Decimal = MAX_HOURS) -> Decimal:
    """Hours or FTE: the amounts' Danish rules, at most `places` decimals, never floats,
    |value| ≤ `limit`."""
    if isinstance(value, bool | float):
        raise AmountError(f'{what} skal skrives som tekst eller heltal, fx "12,5".')
    if isinstance(value, str) and not value.strip():
        raise AmountError(f"{what} mangler.")
    if not isinstance(value, int | Decimal | str):
        raise AmountError(f"{what} skal være et tal.")
    return _number(
        value,
        places=places,
        limit=limit,
        bad=f"“{_shown(value)}” er ikke et gyldigt tal for {what.lower()}. Brug dansk format "
        f"som 1.924 eller 12,5 (punktum for tusinder, komma for decimaler, højst {places} "
        "decimaler).",
        too_big=f"{what} må højst være {_danish_int(limit)}.",
        decimals=f"{what} må højst have {places} decimaler.",
        infinite=f"{what} skal være et endeligt tal.",
    )


def _number(
    value: int | Decimal | str,
    *,
    places: int,
    limit: Decimal,
    bad: str,
    too_big: str,
    decimals: str,
    infinite: str,
) -> Decimal:
    """The shared grammar and bounds. Digits are counted before any conversion."""
    if isinstance(value, int):
        if abs(value) > limit:
            raise AmountError(too_big)
        return Decimal(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise AmountError(infinite)
        if abs(value) > limit:
            raise AmountError(too_big)
        if value != value.quantize(Decimal(1).scaleb(-places)):
            raise AmountError(decimals)
        return value
    text = value.strip()
    sign = 1
    if text and text[0] in _MINUS:
        sign, text = -1, text[1:]
    elif text and text[0] == "+":
        text = text[1:]
    match = _DANISH.fullmatch(text) or _PLAIN_DOT.fullmatch(text)
    if not match:
        raise AmountError(bad)
    digits = match["int"].replace(".", "").lstrip("0")
    if len(digits) > len(str(int(limit))):
        raise AmountError(too_big)
    fraction = match["frac"] or ""
    if len(fraction) > places:  # "12,345": English thousands or three decimals? Ambiguous.
        raise AmountError(bad)
    number = sign * Decimal(f"{digits or 0}.{fraction}" if fraction else digits or 0)
    if abs(number) > limit:
        raise AmountError(too_big)
    return number


def _shown(value: object) -> str:
    """The value as the message quotes it: bounded, so a huge input does not come back whole."""
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _danish_int(value: Decimal) -> str:
    return f"{int(value):,}".replace(",", ".")
