"""Which plan a request concerns, from its view args (plan_ref, entry_id, ...).

Each resolver returns the plan's id, or None when the object does not exist. An endpoint that
needs a plan permission but has none of these args is refused: add a resolver for new args.
"""

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Entry, MasterPlan
from app.services.amounts import parse_id
from app.services.errors import NotFound


def _plan(db: Session, ref: Any) -> int | None:
    plan_id = parse_id(ref)
    if plan_id is not None:
        return db.scalar(select(MasterPlan.id).where(MasterPlan.id == plan_id))
    return db.scalar(select(MasterPlan.id).where(MasterPlan.slug == str(ref)))


def _entry(db: Session, entry_id: Any) -> int | None:
    return db.scalar(select(Entry.plan_id).where(Entry.id == int(entry_id)))


RESOLVERS: dict[str, Callable[[Session, Any], int | None]] = {
    "plan_ref": _plan,
    "slug": _plan,  # the pages name their plan by slug
    "entry_id": _entry,
}


# What a 404 says, per view arg: the same whether it does not exist or may not be read.
NOT_FOUND = {
    "plan_ref": "Planen “{}” findes ikke, eller du har ikke adgang til den.",
    "slug": "Planen “{}” findes ikke, eller du har ikke adgang til den.",
    "entry_id": "Postering {} findes ikke, eller du har ikke adgang til den.",
}


def not_found(view_args: dict[str, Any] | None) -> NotFound:
    """The 404 for a plan argument that names nothing the user may read, under its name."""
    name = next(name for name in RESOLVERS if view_args and name in view_args)
    assert view_args is not None
    return NotFound(NOT_FOUND[name].format(view_args[name]), name)


class NoPlanArgument(LookupError):
    """The endpoint has no view arg that names a plan."""


def plan_id_for(db: Session, view_args: dict[str, Any] | None) -> int | None:
    for name, resolver in RESOLVERS.items():
        if view_args and name in view_args:
            try:
                return resolver(db, view_args[name])
            except (ValueError, OverflowError):
                return None
    raise NoPlanArgument(", ".join(view_args or {}))
