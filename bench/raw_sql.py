"""The floor: the memo table's sums by one hand-written SQL GROUP BY on the DB-API cursor.

Same sums as `reports.cofinancing` form `slagelse` (Budget | fund's frikøb | municipality's
own financing), with no ORM, no report model and no Python per-cell work.
"""

from sqlalchemy import Engine

_SELECT = """
SELECT e.plan_id, e.year,
       SUM(CASE WHEN p.kind = 'fund' AND e.category = 'staff_purchase'
                THEN e.amount_ore ELSE 0 END) AS bought,
       SUM(CASE WHEN e.partner_id = pl.municipality_id THEN e.amount_ore ELSE 0 END) AS own
FROM entries e
JOIN partners p ON p.id = e.partner_id
JOIN plans pl ON pl.id = e.plan_id
WHERE e.kind = {kind} {plan_filter}
GROUP BY e.plan_id, e.year
"""

# (plan_id, year) -> (budget column, fund column, municipality column), øre
Sums = dict[tuple[int, int], tuple[int, int, int]]


def _param(engine: Engine) -> str:
    return "?" if engine.dialect.name == "sqlite" else "%s"


def memo_sums(engine: Engine, kind: str, plan_id: int | None = None) -> Sums:
    """One round trip; `plan_id` None = every plan."""
    mark = _param(engine)
    sql = _SELECT.format(kind=mark, plan_filter=f"AND e.plan_id = {mark}" if plan_id else "")
    params = (kind, plan_id) if plan_id else (kind,)
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        cursor.execute(sql, params)
        rows = cursor.fetchall()
        cursor.close()
        connection.commit()
    finally:
        connection.close()
    # Rows of zeros are left out, as the report's empty years are (see measure.report_sums).
    return {(p, y): (int(b) + int(o), int(b), int(o)) for p, y, b, o in rows if b or o}
