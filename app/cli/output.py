"""Where a command's file goes: --out FILE, or stdout (refused for binary data on a terminal)."""

import sys
from pathlib import Path

import click

from app.formatting import MoneyUnit

BINARY = ("pdf", "xlsx")


def write_output(data: bytes, out: Path | None, fmt: str) -> None:
    if out is not None:
        out.write_bytes(data)
        click.echo(f"Skrevet: {out}", err=True)
    elif fmt in BINARY and sys.stdout.isatty():
        raise click.UsageError(f"{fmt.upper()} is binary: give --out FILE or redirect stdout.")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()


unit_option = click.option(
    "--unit",
    type=click.Choice([u.value for u in MoneyUnit]),
    default=MoneyUnit.KR.value,
    show_default=True,
    help="kr, 1000 (1.000 kr.) or mio (mio. kr., one decimal); each cell rounded once.",
)
