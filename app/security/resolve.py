"""Which plan a request concerns, from its view args (plan_ref, entry_id, ...).

Each resolver returns the plan (with its partners, as every view reads them), or None when
the object does not exist: the gate loads the plan once and views take it from the context.
An endpoint that needs a plan permission but has none of these args is refused: add a
resolver for new args.
"""

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import Entry, MasterPlan
from app.services.errors import NotFound
from app.services.plans import find_plan


def _plan(db: Session, ref: Any) -> MasterPlan | None:
    return find_plan(db, str(ref))


def _entry(db: Session, entry_id: Any) -> MasterPlan | None:
    plan_id = db.scalar(select(Entry.plan_id).where(Entry.id == int(entry_id)))
    return None if plan_id is None else find_plan(db, plan_id)


RESOLVERS: dict[str, Callable[[Session, Any], MasterPlan | None]] = {
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


def plan_for(db: Session, view_args: dict[str, Any] | None) -> MasterPlan | None:
    for name, resolver in RESOLVERS.items():
        if view_args and name in view_args:
            try:
                return resolver(db, view_args[name])
            except (ValueError, OverflowError):
                return None
    raise NoPlanArgument(", ".join(view_args or {}))
