"""`EXPLAIN (ANALYZE, BUFFERS)` of the report's statement on PostgreSQL (issue 13.4): the memo
form's GROUP BY over the running sums (reports.memo_sums) for one plan and for every plan, as
the report runs it."""

from sqlalchemy import Engine, text
from sqlalchemy.dialects import postgresql

from reports.memo_sums import _cached


def _sql(kind: str, scope: str, plan_id: int | None) -> str:
    statement = _cached(kind, scope)
    if plan_id is not None:
        statement = statement.params(plan_id=plan_id)
    compiled = statement.compile(
        dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}
    )
    return str(compiled)


def report_plans(engine: Engine, plan_id: int, kind: str = "budget") -> dict[str, str]:
    """{"one plan": plan text, "all plans": plan text}; empty on SQLite."""
    if engine.dialect.name != "postgresql":
        return {}
    plans = {}
    with engine.connect() as conn:
        for label, scope, plan in (("one plan", "one", plan_id), ("all plans", "all", None)):
            sql = _sql(kind, scope, plan)
            rows = conn.execute(text(f"EXPLAIN (ANALYZE, BUFFERS) {sql}"))
            plans[label] = "\n".join(row[0] for row in rows)
    return plans
