"""The floors: the memo table's sums by one hand-written SQL GROUP BY on the DB-API cursor.

Same sums as `reports.cofinancing` form `slagelse` (Budget | fund's frikøb | municipality's
own financing), with no ORM, no report model and no Python per-cell work: over every entry
(the floor the issue names), and over the running sums the report itself reads (partner_sums:
the floor of the same work, so the ratio shows the report's own cost).
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

_SUMS_SELECT = """
SELECT s.plan_id, s.year,
       SUM(CASE WHEN p.kind = 'fund' AND s.category = 'staff_purchase'
                THEN s.high * 4294967296 + s.low ELSE 0 END) AS bought,
       SUM(CASE WHEN s.partner_id = pl.municipality_id
                THEN s.high * 4294967296 + s.low ELSE 0 END) AS own
FROM partner_sums s
JOIN partners p ON p.id = s.partner_id
JOIN plans pl ON pl.id = s.plan_id
WHERE s.kind = {kind} AND NOT s.carried {plan_filter}
GROUP BY s.plan_id, s.year
"""

# (plan_id, year) -> (budget column, fund column, municipality column), øre
Sums = dict[tuple[int, int], tuple[int, int, int]]


def _param(engine: Engine) -> str:
    return "?" if engine.dialect.name == "sqlite" else "%s"


def memo_sums(engine: Engine, kind: str, plan_id: int | None = None, sums: bool = False) -> Sums:
    """One round trip; `plan_id` None = every plan; `sums`: from entry_sums."""
    mark = _param(engine)
    alias, select = ("s", _SUMS_SELECT) if sums else ("e", _SELECT)
    plan_filter = f"AND {alias}.plan_id = {mark}" if plan_id else ""
    sql = select.format(kind=mark, plan_filter=plan_filter)
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
