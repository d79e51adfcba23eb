"""Jinja filters: Danish money, numbers and dates through Babel."""

from datetime import datetime

from babel.dates import format_datetime
from flask import Flask

from reports.formatting import LOCALE, format_ore


def register(app: Flask) -> None:
    app.jinja_env.filters["kr"] = lambda ore, decimals=False: format_ore(ore, decimals=decimals)
    app.jinja_env.filters["dato"] = lambda value: (
        format_datetime(value, "d. MMM y HH:mm", locale=LOCALE)
        if isinstance(value, datetime)
        else ""
    )
