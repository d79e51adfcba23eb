"""The report page offers the four seed tables (Ballerup's Tabel 2 and first follow-up's
Tabel 1, Tingbjerg's business case and per-committee table) in all five formats, and each of
its links serves the table cell by cell (text, CSV, JSON, PDF read back, XLSX recalculated)."""

import html
import re
from pathlib import Path

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from app.formatting import MoneyUnit
from app.seeding import load_seed
from tests.reports import test_ballerup_tables as ballerup
from tests.reports import test_tingbjerg_tables as tingbjerg
from tests.reports.regenerate import Rows, assert_every_format

FORMATS = ("pdf", "xlsx", "csv", "json", "text")


def _link(client: FlaskClient, slug: str, label: str) -> str:
    """The page's JSON link of the download named `label`, without its format; every format
    is offered beside it."""
    page = client.get(f"/planer/{slug}/rapport?unit=1000").get_data(as_text=True)
    found = re.search(rf"{re.escape(label)}:</span>(.*?)</p>", page, re.S)
    assert found, label
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', found.group(1))]
    assert [re.findall(r"format=(\w+)", h) for h in hrefs] == [[f] for f in FORMATS]
    return re.sub(r"&?format=json", "", next(h for h in hrefs if "format=json" in h))


def _check(client: FlaskClient, slug: str, label: str, rows: Rows, tmp_path: Path) -> None:
    assert_every_format(client, _link(client, slug, label), rows, MoneyUnit.THOUSAND, tmp_path)


def test_ballerup_tables_from_the_report_page(
    client: FlaskClient, db: Session, tmp_path: Path
) -> None:
    load_seed(db, ballerup.SLUG)
    db.commit()
    _check(client, ballerup.SLUG, "Opfølgning 2022 pr. aktivitet", ballerup.TABEL_2, tmp_path)
    _check(client, ballerup.SLUG, "1. budgetopfølgning 2023", ballerup.TABEL_1, tmp_path)


def test_tingbjerg_tables_from_the_report_page(
    client: FlaskClient, db: Session, tmp_path: Path
) -> None:
    load_seed(db, tingbjerg.SLUG)
    db.commit()
    _check(client, tingbjerg.SLUG, "Investeringscase", tingbjerg.TABEL_1, tmp_path)
    label = "Investeringscase pr. udvalg: Service (SOF måltal)"
    _check(client, tingbjerg.SLUG, label, tingbjerg.TABEL_2, tmp_path)
