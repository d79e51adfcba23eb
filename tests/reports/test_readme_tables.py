"""The README shows the four seed tables (Ballerup's Tabel 2 and Tabel 1, Tingbjerg's Tabel 1
and Tabel 2) exactly as `ledger` prints them: each `$ ledger report …` of those plans in the
README is run on the loaded seeds and its printed block compared line by line."""

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli.main import cli

README = Path(__file__).resolve().parents[2] / "README.md"
PLANS = ("ballerup-socialudvalg-2022", "tingbjerg-2018-2021")


def readme_examples() -> list[tuple[str, list[str]]]:
    """(command, printed lines) for every README example of the two seed plans' reports."""
    examples = []
    blocks = README.read_text(encoding="utf-8").split("\n```")[1::2]  # inside the fences
    for block in blocks:
        for part in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, printed = part.partition("\n")
            if command.startswith("ledger report") and any(p in command for p in PLANS):
                examples.append((command, printed.rstrip("\n").splitlines()))
    return examples


def test_readme_shows_the_four_tables_as_ledger_prints_them(
    empty_db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    examples = readme_examples()
    assert len(examples) == 4, [c for c, _ in examples]
    monkeypatch.setenv("LEDGER_DATABASE_URL", empty_db_url)
    runner = CliRunner()

    def ledger(*args: str) -> str:
        result = runner.invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    ledger("db", "upgrade")
    for plan in PLANS:
        ledger("seed", "load", plan)
    for command, printed in examples:
        out = ledger(*shlex.split(command)[1:])
        assert [line.rstrip() for line in out.rstrip("\n").splitlines()] == [
            line.rstrip() for line in printed
        ], command
