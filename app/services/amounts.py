"""The one parser for money typed by people or found in files: Danish and plain forms to øre.

Accepted: ``1.225.000``, ``1225000``, ``1.225.000,50``, ``1225000,5``, ``-504``, ``1225000.50``.
Refused: ``1,225,000`` (English grouping), ``1.22.5`` (bad grouping), ``12e3``, ``1.225,5.0``,
more than two decimals, floats (binary fractions are not money).

Rule for the dot: a dot followed by exactly three digits groups thousands (Danish);
a single dot followed by one or two digits, with no comma anywhere, is a decimal point
(plain machine format). Money has at most two decimals, so the two never collide.
"""

import re
from decimal import Decimal

_MINUS = "-\u2212"  # hyphen-minus and the typographic minus Babel may print
_DANISH = re.compile(r"^(?P<int>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<frac>\d{1,2}))?$")
_PLAIN_DOT = re.compile(r"^(?P<int>\d+)\.(?P<frac>\d{1,2})$")


class AmountError(ValueError):
    """A value that is not an unambiguous amount of money; the message says why."""


def parse_amount(value: object) -> int:
    """Return the amount in øre. Raises AmountError with a Danish message on anything unclear."""
    if isinstance(value, bool):
        raise AmountError("Beløbet skal være et tal, ikke sand/falsk.")
    if isinstance(value, int):
        return value * 100
    if isinstance(value, Decimal):
        return _decimal_to_ore(value)
    if isinstance(value, float):
        raise AmountError(
            'Beløbet må ikke være et kommatal (float); skriv det som tekst, fx "1.225.000,50".'
        )
    if not isinstance(value, str):
        raise AmountError('Beløbet skal være et tal eller en tekst som "1.225.000,50".')
    text = value.strip()
    if not text:
        raise AmountError("Beløbet mangler.")
    sign = 1
    if text[0] in _MINUS:
        sign, text = -1, text[1:]
    elif text[0] == "+":
        text = text[1:]
    match = _DANISH.match(text) or _PLAIN_DOT.match(text)
    if not match:
        raise AmountError(
            f"“{value}” er ikke et gyldigt beløb. Brug dansk format som 1.225.000 eller "
            "1.225.000,50 (punktum for tusinder, komma for decimaler, højst to decimaler)."
        )
    kroner = int(match["int"].replace(".", ""))
    ore = int((match["frac"] or "0").ljust(2, "0"))
    return sign * (kroner * 100 + ore)


def _decimal_to_ore(value: Decimal) -> int:
    if not value.is_finite():
        raise AmountError("Beløbet skal være et endeligt tal.")
    ore = value * 100
    if ore != ore.to_integral_value():
        raise AmountError("Beløbet må højst have to decimaler (hele øre).")
    return int(ore)


def parse_decimal(value: object, *, places: int, what: str) -> Decimal:
    """Hours and FTE: Danish or plain decimals with at most `places` decimals, never floats."""
    if isinstance(value, bool | float):
        raise AmountError(f'{what} skal skrives som tekst eller heltal, fx "12,5".')
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, str):
        text = value.strip().replace("\u2212", "-")
        if not re.fullmatch(r"-?\d+(?:[.,]\d+)?", text):
            raise AmountError(f"“{value}” er ikke et gyldigt tal for {what.lower()}.")
        result = Decimal(text.replace(",", "."))
    else:
        raise AmountError(f"{what} skal være et tal.")
    if not result.is_finite():
        raise AmountError(f"{what} skal være et endeligt tal.")
    if -result.as_tuple().exponent > places:  # type: ignore[operator]
        raise AmountError(f"{what} må højst have {places} decimaler.")
    return result
