"""Boligsocial co-financing ledger: plans, partners, entries and the reports built from them."""

from typing import Any


def create_app(*args: Any, **kwargs: Any) -> Any:
    """Flask application factory (imported lazily so the CLI and migrations stay light)."""
    from app.web_app import create_app as factory

    return factory(*args, **kwargs)
