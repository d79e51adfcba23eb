"""The `ledger` console script, as a user runs it, on an empty database of each backend."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pypdf

from tests.memo import MEMO_ROWS, MEMO_TEXT, danish

LEDGER = str(Path(sys.executable).with_name("ledger"))


def run(url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "LEDGER_DATABASE_URL": url}
    result = subprocess.run([LEDGER, *args], env=env, capture_output=True, text=True, timeout=120)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_upgrade_seed_and_print_the_memo_table(empty_db_url: str, tmp_path: Path) -> None:
    run(empty_db_url, "db", "upgrade")
    assert "Indlæst" in run(empty_db_url, "seed", "load", "slagelse-2017-2021").stdout
    again = run(empty_db_url, "seed", "load", "slagelse-2017-2021", check=False)
    assert again.returncode != 0 and "allerede indlæst" in again.stderr
    assert (
        "Intet ændret"
        in run(empty_db_url, "seed", "load", "slagelse-2017-2021", "--if-missing").stdout
    )

    text = run(empty_db_url, "report", "cofinancing", "--plan", "slagelse-2017-2021").stdout
    assert MEMO_TEXT in text

    data = json.loads(
        run(
            empty_db_url,
            "report",
            "cofinancing",
            "--plan",
            "slagelse-2017-2021",
            "--format",
            "json",
        ).stdout
    )
    assert data["tables"][0]["total"]["values_ore"] == [v * 100 for v in MEMO_ROWS[-1][1:]]

    pdf = tmp_path / "memo.pdf"
    run(
        empty_db_url,
        "report",
        "cofinancing",
        "--plan",
        "slagelse-2017-2021",
        "--format",
        "pdf",
        "--out",
        str(pdf),
    )
    content = pypdf.PdfReader(pdf).pages[0].extract_text()
    for _, *values in MEMO_ROWS:
        for value in values:
            assert danish(value) in content


def test_unknown_plan_is_a_clear_error(empty_db_url: str) -> None:
    run(empty_db_url, "db", "upgrade")
    result = run(empty_db_url, "report", "cofinancing", "--plan", "nowhere", check=False)
    assert result.returncode == 1
    assert "findes ikke" in result.stderr


def test_db_sums_finds_sums_changed_around_the_ledger_and_rebuilds_them(
    empty_db_url: str,
) -> None:
    from sqlalchemy import create_engine, text

    run(empty_db_url, "db", "upgrade")
    run(empty_db_url, "seed", "load", "slagelse-2017-2021")
    assert "stemmer med posteringerne" in run(empty_db_url, "db", "sums").stdout
    engine = create_engine(empty_db_url)
    with engine.begin() as conn:  # an edit by hand, around the posting path
        conn.execute(text("UPDATE entry_sums SET low = low + 1 WHERE year = 2018"))
    engine.dispose()
    wrong = run(empty_db_url, "db", "sums", check=False)
    assert wrong.returncode == 1 and "afviger fra posteringerne" in wrong.stdout
    assert "2018" in wrong.stderr
    assert "genberegnet" in run(empty_db_url, "db", "sums", "--rebuild").stdout
    assert run(empty_db_url, "db", "sums").returncode == 0
