"""`ledger import` (CSV/XLSX in, dry run by default) and `ledger export …` (entries, the LBF
package, the council answer).

`ledger import FILE [--format csv|xlsx] [--map SOURCE=FIELD ...] [--commit]`: without
--commit nothing is booked; the exit code is 1 when any row is bad (then nothing is booked).
"""

import json
import sys
from pathlib import Path
from typing import Any

import click
from sqlalchemy.exc import IntegrityError

from app.cli.output import unit_option, write_output
from app.cli.session import session_scope
from app.services.entry_export import export_entries
from app.services.errors import DomainError
from app.services.import_files import FORMATS, guess_format
from app.services.imports import ImportResult, import_entries, parse_mapping
from app.services.partners import find_partner
from app.services.plans import get_plan
from reports.council import council_answer
from reports.exports import COUNCIL_FORMATS, LBF_FORMATS, render_export
from reports.lbf_package import lbf_package

SHOWN_ERRORS = 200


class _Progress:
    """A click progress bar on a terminal; one line per step otherwise (logs, tests)."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.bars: dict[str, Any] = {}  # click progress bars (a private click type)
        self.done: dict[str, int] = {}

    def __call__(self, phase: str, done: int, total: int) -> None:
        label = {"validate": "Kontrollerer", "book": "Bogfører"}[phase]
        if not self.tty:
            click.echo(f"{label}: {done}/{total} rækker", err=True)
            return
        bar = self.bars.get(phase)
        if bar is None:
            bar = click.progressbar(length=max(total, done, 1), label=label, file=sys.stderr)
            bar.__enter__()
            self.bars[phase] = bar
        bar.update(done - self.done.get(phase, 0))
        self.done[phase] = done

    def close(self) -> None:
        for bar in self.bars.values():
            bar.__exit__(None, None, None)


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Default: from the file name.")
@click.option(
    "--map",
    "maps",
    multiple=True,
    metavar="SOURCE=FIELD",
    help="Read column SOURCE as FIELD, e.g. --map Beløb=amount (repeatable).",
)
@click.option("--commit", is_flag=True, help="Book the rows; without it, a dry run.")
@click.option(
    "--correct",
    is_flag=True,
    help="A row whose key is booked with another amount corrects that entry (else an error).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON on stdout.")
def import_command(
    file: Path,
    fmt: str | None,
    maps: tuple[str, ...],
    commit: bool,
    correct: bool,
    as_json: bool,
) -> None:
    """Import ledger entries from FILE (CSV or XLSX); a dry run unless --commit."""
    try:
        mapping = parse_mapping(maps)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--map") from None
    progress = _Progress()
    try:
        with session_scope() as db:
            result = import_entries(
                db,
                file.read_bytes(),
                fmt=fmt or guess_format(file.name),
                mapping=mapping,
                commit=commit,
                correct=correct,
                source=file.name,
                progress=progress,
            )
    except DomainError as error:
        raise click.ClickException(error.message) from None
    except IntegrityError as error:  # e.g. the same rows imported at the same moment elsewhere
        detail = str(error.orig).splitlines()[0] if error.orig else str(error)
        message = f"Databasen afviste importen ({detail}); intet er bogført."
        raise click.ClickException(message) from None
    finally:
        progress.close()
    if as_json:
        click.echo(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        _print_result(result, commit)
    if not result.ok:
        sys.exit(1)


def _print_result(result: ImportResult, commit: bool) -> None:
    click.echo(f"Læst: {result.rows_read} rækker.")
    click.echo(f"Allerede importeret (springes over): {result.rows_skipped}.")
    if result.rows_corrected:
        click.echo(f"Rettes (tilbageførsel + nyt beløb): {result.rows_corrected}.")
    if result.errors:
        rows = len({e.row for e in result.errors})
        click.echo(f"Fejl i {rows} rækker; intet er bogført:", err=True)
        for error in result.errors[:SHOWN_ERRORS]:
            click.echo(f"  Række {error.row}, kolonne {error.column}: {error.message}", err=True)
        if len(result.errors) > SHOWN_ERRORS:
            click.echo(f"  … og {len(result.errors) - SHOWN_ERRORS} fejl mere.", err=True)
    elif commit:
        click.echo(f"Bogført: {result.rows_booked} rækker.")
    else:
        click.echo(f"Prøvekørsel: {result.rows_valid} rækker kan bogføres; intet er bogført.")
        click.echo("Kør igen med --commit for at bogføre.")


@click.group()
def export() -> None:
    """Exports: a plan's entries, the LBF annual package, the council answer."""


@export.command("entries")
@click.option("--plan", "plan_ref", required=True, help="Plan slug or id.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="csv", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
def export_entries_command(plan_ref: str, fmt: str, out: Path) -> None:
    """Write a plan's entries in the import layout (round trip: import gives the same ledger)."""
    try:
        with session_scope() as db:
            data = export_entries(db, get_plan(db, plan_ref), fmt)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    out.write_bytes(data)
    click.echo(f"Skrevet: {out}", err=True)


@export.command("lbf-package")
@click.option("--plan", "plan_ref", required=True, help="Plan slug or id.")
@click.option("--year", required=True, type=int)
@click.option("--format", "fmt", type=click.Choice(LBF_FORMATS), default="pdf", show_default=True)
@unit_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
def export_lbf_package(plan_ref: str, year: int, fmt: str, unit: str, out: Path | None) -> None:
    """The annual package for Landsbyggefonden: one plan, one year (PDF, XLSX or JSON)."""
    try:
        with session_scope() as db:
            report = lbf_package(db, get_plan(db, plan_ref), year).shown_in(unit)
            data = render_export(report, fmt)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    write_output(data, out, fmt)


@export.command("council")
@click.option("--municipality", required=True, help="The municipality's name or partner id.")
@click.option("--kind", type=click.Choice(["budget", "actual"]), default="budget")
@click.option(
    "--format", "fmt", type=click.Choice(COUNCIL_FORMATS), default="pdf", show_default=True
)
@unit_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file.")
def export_council(municipality: str, kind: str, fmt: str, unit: str, out: Path | None) -> None:
    """The council answer: a municipality's share across all its plans (PDF, CSV or JSON)."""
    try:
        with session_scope() as db:
            partner = find_partner(db, municipality, "municipality")
            data = render_export(council_answer(db, partner, kind).shown_in(unit), fmt)
    except DomainError as error:
        raise click.ClickException(error.message) from None
    write_output(data, out, fmt)
