"""Rules the database enforces itself, on SQLite and PostgreSQL alike, used by the migrations.

- append-only tables: UPDATE and DELETE are refused (corrections are new rows);
- an entry's year must lie within its plan's period, and not in a closed year.

On PostgreSQL the two year rules are one statement-level trigger over the inserted rows
(`rows_in_open_period`): a bulk COPY of a million lines is checked by two set queries, not two
PL/pgSQL calls per row.
"""


def append_only(dialect: str, table: str) -> tuple[list[str], list[str]]:
    """(create statements, drop statements) that make `table` refuse UPDATE and DELETE."""
    message = f"{table} is append-only: book a correction instead of changing or deleting a row"
    if dialect == "sqlite":
        create = [
            f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
            for op in ("UPDATE", "DELETE")
        ]
        drop = [f"DROP TRIGGER IF EXISTS {table}_no_{op}" for op in ("update", "delete")]
        return create, drop
    function = f"{table}_append_only"
    create = [
        f"""CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '{message}' USING ERRCODE = 'restrict_violation'; END $$""",
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()",
    ]
    drop = [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"DROP FUNCTION IF EXISTS {function}()",
    ]
    return create, drop


def year_in_plan_period(dialect: str, table: str) -> tuple[list[str], list[str]]:
    """(create, drop) statements refusing a `table` row whose year is outside its plan period."""
    message = f"{table}.year is outside the plan period"
    if dialect == "sqlite":
        create = [
            f"""CREATE TRIGGER {table}_year_in_period BEFORE INSERT ON {table}
            WHEN NEW.year < (SELECT first_year FROM plans WHERE id = NEW.plan_id)
              OR NEW.year > (SELECT last_year FROM plans WHERE id = NEW.plan_id)
            BEGIN SELECT RAISE(ABORT, '{message}'); END"""
        ]
        return create, [f"DROP TRIGGER IF EXISTS {table}_year_in_period"]
    function = f"{table}_year_in_period"
    create = [
        f"""CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NOT EXISTS (SELECT 1 FROM plans p WHERE p.id = NEW.plan_id
                         AND NEW.year BETWEEN p.first_year AND p.last_year) THEN
            RAISE EXCEPTION '{message}' USING ERRCODE = 'check_violation';
          END IF;
          RETURN NEW;
        END $$""",
        f"CREATE TRIGGER {table}_year_in_period BEFORE INSERT ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()",
    ]
    drop = [
        f"DROP TRIGGER IF EXISTS {table}_year_in_period ON {table}",
        f"DROP FUNCTION IF EXISTS {function}()",
    ]
    return create, drop


def year_not_closed(dialect: str, table: str) -> tuple[list[str], list[str]]:
    """(create, drop) statements refusing a `table` row booked into a closed year of its plan."""
    message = f"{table}: the year is closed; book a prior-year adjustment in an open year"
    if dialect == "sqlite":
        create = [
            f"""CREATE TRIGGER {table}_year_not_closed BEFORE INSERT ON {table}
            WHEN EXISTS (SELECT 1 FROM closed_years c
                         WHERE c.plan_id = NEW.plan_id AND c.year = NEW.year)
            BEGIN SELECT RAISE(ABORT, '{message}'); END"""
        ]
        return create, [f"DROP TRIGGER IF EXISTS {table}_year_not_closed"]
    function = f"{table}_year_not_closed"
    create = [
        f"""CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM closed_years c
                     WHERE c.plan_id = NEW.plan_id AND c.year = NEW.year) THEN
            RAISE EXCEPTION '{message}' USING ERRCODE = 'check_violation';
          END IF;
          RETURN NEW;
        END $$""",
        f"CREATE TRIGGER {table}_year_not_closed BEFORE INSERT ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()",
    ]
    drop = [
        f"DROP TRIGGER IF EXISTS {table}_year_not_closed ON {table}",
        f"DROP FUNCTION IF EXISTS {function}()",
    ]
    return create, drop


def rows_in_open_period(dialect: str, table: str) -> tuple[list[str], list[str]]:
    """(create, drop): PostgreSQL checks every row of one INSERT or COPY at once, after it.

    Replaces `year_in_plan_period` and `year_not_closed` there, with their messages and error
    codes; a refusal aborts the whole statement, as a row trigger's would. SQLite keeps the
    row triggers (it has no transition tables); this returns nothing for it.
    """
    if dialect == "sqlite":
        return [], []
    function = f"{table}_rows_in_open_period"
    period = f"{table}.year is outside the plan period"
    closed = f"{table}: the year is closed; book a prior-year adjustment in an open year"
    create = [
        f"""CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF EXISTS (SELECT 1 FROM new_rows n JOIN plans p ON p.id = n.plan_id
                     WHERE n.year NOT BETWEEN p.first_year AND p.last_year) THEN
            RAISE EXCEPTION '{period}' USING ERRCODE = 'check_violation';
          END IF;
          IF EXISTS (SELECT 1 FROM new_rows n JOIN closed_years c
                     ON c.plan_id = n.plan_id AND c.year = n.year) THEN
            RAISE EXCEPTION '{closed}' USING ERRCODE = 'check_violation';
          END IF;
          RETURN NULL;
        END $$""",
        f"CREATE TRIGGER {function} AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function}()",
    ]
    drop = [
        f"DROP TRIGGER IF EXISTS {function} ON {table}",
        f"DROP FUNCTION IF EXISTS {function}()",
    ]
    return create, drop
