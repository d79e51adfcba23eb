"""Jinja filters: Danish money, numbers and dates through Babel."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from babel.dates import format_datetime
from babel.numbers import format_decimal
from flask import Flask

from app.formatting import DANISH_TIME, LOCALE, format_ore, format_percent


def _options(objects: list[Any], key: str = "id", label: str = "name") -> list[tuple[Any, str]]:
    """(value, text) pairs for a <select> from model objects."""
    return [(getattr(o, key), getattr(o, label)) for o in objects]


def _number(value: Decimal | int | None) -> str:
    """Hours and FTE the Danish way: 12,5 and 1.234,25."""
    if value is None:
        return ""
    return format_decimal(value, format="#,##0.##", locale=LOCALE)


def register(app: Flask) -> None:
    app.jinja_env.filters["kr"] = lambda ore, decimals=False: format_ore(ore, decimals=decimals)
    app.jinja_env.filters["dato"] = lambda value: (
        format_datetime(value, "d. MMM y HH:mm", tzinfo=DANISH_TIME, locale=LOCALE)
        if isinstance(value, datetime)
        else ""
    )
    app.jinja_env.filters["options"] = _options
    app.jinja_env.filters["tal"] = _number
    app.jinja_env.filters["percent"] = format_percent
    app.jinja_env.filters["year_options"] = lambda plan: [(y, str(y)) for y in plan.years]
