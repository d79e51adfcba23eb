"""What the access gate established for this request, typed: the caller and the plan.

The gate (app.security.enforce_policy) loads the plan once, after checking access; views
take it from here instead of looking it up again, so an unknown or hidden plan answers 404
in one place.
"""

from dataclasses import dataclass

from flask import g

from app.models import MasterPlan, User


@dataclass
class Gated:
    user: User | None = None
    plan: MasterPlan | None = None


def gated() -> Gated:
    if "gated" not in g:
        g.gated = Gated()
    return g.gated


def current_user() -> User | None:
    """The authenticated caller (None on public pages)."""
    return gated().user


def signed_in_user() -> User:
    """The caller on an endpoint the gate opens only to a logged-in user."""
    user = gated().user
    if user is None:
        raise LookupError("This endpoint is public; the gate let nobody in by name.")
    return user


def current_plan() -> MasterPlan:
    """The plan the gate let this request at; only for endpoints that name a plan."""
    plan = gated().plan
    if plan is None:
        raise LookupError("This endpoint names no plan; the gate loaded none.")
    return plan
