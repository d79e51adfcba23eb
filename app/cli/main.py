"""`ledger`: migrate the database, load seeds, print reports and serve the web service.

The database is LEDGER_DATABASE_URL, else the embedded SQLite file (see app.config).
"""

import json
from pathlib import Path

import click

from app import backup as backups
from app import migrate
from app.cli.access import token, user
from app.cli.output import unit_option, write_output
from app.cli.session import session_scope
from app.cli.transfer import export, import_command
from app.config import database_url
from app.seeding import available_seeds, load_seed
from app.services import entry_sums
from app.services.checks import check_text, run_checks
from app.services.errors import Conflict, DomainError
from app.services.plans import get_plan
from reports.cofinancing import Form, cofinancing_report
from reports.render import FORMATS, render


def fail(error: DomainError) -> None:
    raise click.ClickException(error.message)


@click.group()
def cli() -> None:
    """Boligsocial co-financing ledger."""


@cli.group()
def db() -> None:
    """Database schema (Alembic migrations)."""


@db.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Migrate the database up to REVISION (default: head)."""
    migrate.upgrade(revision=revision)
    click.echo(f"Databasen er migreret til {revision}.")


@db.command("downgrade")
@click.argument("revision", default="base")
def db_downgrade(revision: str) -> None:
    """Migrate the database down to REVISION (default: base, i.e. empty)."""
    migrate.downgrade(revision=revision)
    click.echo(f"Databasen er migreret ned til {revision}.")


@db.command("current")
def db_current() -> None:
    """Show the current revision."""
    migrate.current()


@db.command("sums")
@click.option("--rebuild", is_flag=True, help="Compute the sums anew from the entries.")
def db_sums(rebuild: bool) -> None:
    """Check that the running sums (entry_sums) equal the entries; exits with 1 when not.

    --rebuild recomputes them, e.g. after rows were loaded around the ledger (bulk SQL); run
    it while nothing else books (on PostgreSQL a booking of a new key at the same moment
    makes it fail, and nothing is changed).
    """
    with session_scope() as session:
        if rebuild:
            entry_sums.rebuild(session.connection())
        wrong = entry_sums.differences(session)
    for table, key, stored, expected in wrong[:20]:
        click.echo(f"{table} {key}: gemt {stored}, posteringerne giver {expected}", err=True)
    if wrong:
        click.echo(f"{len(wrong)} summer afviger fra posteringerne; kør: ledger db sums --rebuild")
        raise SystemExit(1)
    click.echo("Summerne er genberegnet og" if rebuild else "Summerne", nl=False)
    click.echo(" stemmer med posteringerne.")


@cli.group()
def seed() -> None:
    """Example plans from public documents (seeds/*.toml)."""


@seed.command("list")
def seed_list() -> None:
    for name in available_seeds():
        click.echo(name)


@seed.command("load")
@click.argument("name")
@click.option("--if-missing", is_flag=True, help="Do nothing when the plan is already loaded.")
def seed_load(name: str, if_missing: bool) -> None:
    """Load the seed NAME, e.g. slagelse-2017-2021."""
    try:
        with session_scope() as session:
            plan = load_seed(session, name)
            click.echo(f"Indlæst: {plan.slug} ({plan.first_year}–{plan.last_year}).")
    except Conflict as error:
        if not if_missing:
            fail(error)
        click.echo(f"{error.message} Intet ændret.")
    except DomainError as error:
        fail(error)


@cli.group()
def report() -> None:
    """Reports built from the ledger entries."""


@report.command("cofinancing")
@click.option("--plan", "plan_ref", required=True, help="Plan slug or id.")
@click.option(
    "--form",
    type=click.Choice([f.value for f in Form]),
    default=Form.SLAGELSE.value,
    show_default=True,
)
@click.option(
    "--kind", type=click.Choice(["budget", "actual"]), default="budget", show_default=True
)
@click.option("--by-focus-area", is_flag=True, help="Add one table per indsatsområde.")
@click.option("--year", type=int, help="follow-up: one year, a row per activity/indsatsområde.")
@click.option(
    "--rows", type=click.Choice(["activity", "focus-area"]), default="activity", show_default=True
)
@click.option("--round", "round_number", type=click.IntRange(min=1), help="follow-up round.")
@click.option("--by-partner", is_flag=True, help="business-case: one activity per committee.")
@click.option("--activity", help="business-case --by-partner: the activity's code.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@unit_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
def report_cofinancing(
    plan_ref: str,
    form: str,
    kind: str,
    by_focus_area: bool,
    year: int | None,
    rows: str,
    round_number: int | None,
    by_partner: bool,
    activity: str | None,
    fmt: str,
    unit: str,
    out: Path | None,
) -> None:
    """The co-financing table of a plan (the Slagelse memo's form by default)."""
    try:
        with session_scope() as session:
            plan = get_plan(session, plan_ref)
            data = render(
                cofinancing_report(
                    session,
                    plan,
                    form=form,
                    kind=kind,
                    by_focus_area=by_focus_area,
                    year=year,
                    rows=rows,
                    round_number=round_number,
                    by_partner=by_partner,
                    activity=activity,
                ).shown_in(unit),
                fmt,
            )
    except DomainError as error:
        fail(error)
    write_output(data, out, fmt)


@cli.command("check")
@click.option("--plan", "plan_ref", required=True, help="Plan slug or id.")
@click.option("--year", type=int, help="The year's checks beside the whole period's.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
def check_command(plan_ref: str, year: int | None, fmt: str) -> None:
    """The plan's rule checks (kontroller); exits with 1 when an error check fails."""
    try:
        with session_scope() as session:
            result = run_checks(session, get_plan(session, plan_ref), year)
            answer = result.as_dict()
            text = check_text(result)
    except DomainError as error:
        fail(error)
    click.echo(json.dumps(answer, ensure_ascii=False, indent=2) if fmt == "json" else text)
    if answer["errors"]:
        raise SystemExit(1)


cli.add_command(import_command)
cli.add_command(export)
cli.add_command(user)
cli.add_command(token)


@cli.command("backup")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(out: Path) -> None:
    """Write a backup of the whole database to OUT (SQLite file or pg_dump archive)."""
    try:
        backups.backup(database_url(), out)
    except DomainError as error:
        fail(error)
    click.echo(f"Sikkerhedskopi skrevet: {out}")


@cli.command("restore")
@click.argument("source", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.confirmation_option(prompt="Alt i databasen erstattes af sikkerhedskopien. Fortsæt?")
def restore_command(source: Path) -> None:
    """Replace the database's content with the backup SOURCE (asks first; --yes skips)."""
    try:
        backups.restore(database_url(), source)
    except DomainError as error:
        fail(error)
    click.echo(f"Databasen er genskabt fra {source}.")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option(
    "--production",
    is_flag=True,
    help="gunicorn with several workers on PostgreSQL (README, Production); checks the "
    "settings first.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 256),
    envvar="LEDGER_WORKERS",
    help="With --production: worker processes (default 2 × cores + 1).",
)
def serve(host: str, port: int, production: bool, workers: int | None) -> None:
    """Serve the web pages and the JSON API: waitress for the demo, gunicorn in production."""
    if production:
        _serve_production(host, port, workers)
        return
    if workers is not None:
        raise click.UsageError("--workers hører til --production.")
    from waitress import serve as waitress_serve

    from app import create_app

    click.echo(f"Lytter på http://{host}:{port}/  (API: /api, OpenAPI: /api/openapi.json)")
    waitress_serve(create_app(), host=host, port=port)


def _serve_production(host: str, port: int, workers: int | None) -> None:
    from app import serving

    problems = serving.production_problems(serving.settings())
    if problems:
        raise click.ClickException(
            "Produktionsserveren starter ikke:\n" + "\n".join(f"- {p}" for p in problems)
        )
    count = workers or serving.default_workers()
    click.echo(f"Lytter på http://{host}:{port}/ med {count} gunicorn-workers (produktion)")
    serving.run(host, port, count)


if __name__ == "__main__":
    cli()
