"""The audit trail, written for every row the ORM inserts, updates or deletes.

A session-level hook records each change as it is flushed, inside the same transaction:
who (the session's actor), what (table, id, values before and after) and why (the reason
a service set with `reason()`). So every write is audited whichever service or door made it,
and a rolled-back request leaves no audit row either.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session, sessionmaker

from app.models import AuditLog, MasterPlan
from app.models.base import as_utc, utcnow

ACTOR = "ledger.actor"
REASON = "ledger.reason"
SYSTEM = "system"
# Never copied into the trail.
SECRET_COLUMNS = {"password_hash", "token_hash"}


def set_actor(db: Session, actor: str | None) -> None:
    """Who acts in this session (a username); written on every audit row and `created_by`."""
    db.info[ACTOR] = actor


def actor_of(db: Session) -> str | None:
    return db.info.get(ACTOR)


@contextmanager
def reason(db: Session, text: str | None) -> Iterator[None]:
    """Attach `text` as the reason of every change flushed inside the block."""
    previous = db.info.get(REASON)
    db.info[REASON] = (text or "").strip()[:500] or None
    try:
        yield
        db.flush()
    finally:
        db.info[REASON] = previous


def record(
    db: Session,
    action: str,
    object_type: str,
    object_id: object = None,
    *,
    plan_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason_text: str | None = None,
) -> None:
    """An explicit audit row for an action that is not a row change (e.g. a login or import)."""
    db.add(
        AuditLog(
            actor=actor_of(db) or SYSTEM,
            action=action,
            object_type=object_type,
            object_id=None if object_id is None else str(object_id),
            plan_id=plan_id,
            before=before,
            after=after,
            reason=reason_text or db.info.get(REASON),
        )
    )


def list_audit(
    db: Session, *, plan: MasterPlan | None = None, limit: int = 500, before_id: int | None = None
) -> list[AuditLog]:
    query = select(AuditLog)
    if plan is not None:
        query = query.where(AuditLog.plan_id == plan.id)
    if before_id is not None:
        query = query.where(AuditLog.id < before_id)
    return list(db.scalars(query.order_by(AuditLog.id.desc()).limit(limit)))


def _jsonable(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return as_utc(value).isoformat()  # a snapshot's times read back from SQLite are naive
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return value


def _values(obj: object, *, committed: bool = False) -> dict[str, Any]:
    state = inspect(obj)
    out: dict[str, Any] = {}
    for column in state.mapper.columns:
        key = column.key
        if key in SECRET_COLUMNS:
            continue
        if committed:
            history = state.attrs[key].history
            value = history.deleted[0] if history.deleted else getattr(obj, key)
        else:
            value = getattr(obj, key)
        out[key] = _jsonable(value)
    return out


def _plan_id(obj: object) -> int | None:
    if isinstance(obj, MasterPlan):
        return obj.id
    return getattr(obj, "plan_id", None)


def _object_id(obj: object) -> str:
    key = inspect(obj).mapper.primary_key_from_instance(obj)
    return "/".join(str(part) for part in key)


def install_audit_trail(factory: sessionmaker[Session]) -> None:
    """Every session of `factory` records its flushed changes (called by app.db, once each)."""
    event.listen(factory, "before_flush", _fill_created_by)
    event.listen(factory, "after_flush", _write_trail)


def _fill_created_by(db: Session, _context: object, _instances: object) -> None:
    """Rows that record their author get the acting user when the caller gave none."""
    actor = actor_of(db)
    if actor is None:
        return
    for obj in db.new:
        if hasattr(obj, "created_by") and obj.created_by is None:
            obj.created_by = actor


def _write_trail(db: Session, _context: object) -> None:
    rows: list[dict[str, Any]] = []
    why = db.info.get(REASON)
    actor = actor_of(db)
    now = utcnow()

    def add(action: str, obj: object, before: dict | None, after: dict | None) -> None:
        who = actor or getattr(obj, "created_by", None) or SYSTEM
        rows.append(
            dict(
                at=now,
                actor=who,
                action=action,
                object_type=inspect(obj).mapper.local_table.name,
                object_id=_object_id(obj),
                plan_id=_plan_id(obj),
                before=before,
                after=after,
                reason=why,
            )
        )

    for obj in db.new:
        if not isinstance(obj, AuditLog):
            add("create", obj, None, _values(obj))
    for obj in db.dirty:
        if isinstance(obj, AuditLog) or not db.is_modified(obj, include_collections=False):
            continue
        add("update", obj, _values(obj, committed=True), _values(obj))
    for obj in db.deleted:
        if not isinstance(obj, AuditLog):
            add("delete", obj, _values(obj, committed=True), None)
    if rows:
        db.connection().execute(insert(AuditLog), rows)
