"""Fixtures for the export tests: accounts that differ from the budget, a second plan, and
LibreOffice to recalculate workbooks; helpers that read numbers back from PDFs."""

import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from app.models import MasterPlan
from app.services.ledger import EntryInput, book_entry, correct_entry, list_entries
from app.services.partners import find_partner
from app.services.plans import create_activity, create_focus_area, create_plan
from app.services.staff import book_staff_purchase, set_staff_allocation

NUMBER = re.compile(r"[-\u2212]?\d{1,3}(?:\.\d{3})*(?:,\d{2})?")


def danish(ore: int, decimals: bool = False) -> str:
    """Written by hand so the tests do not reuse the formatter under test."""
    sign = "-" if ore < 0 else ""
    kroner, rest = divmod(abs(ore), 100)
    text = f"{kroner:,}".replace(",", ".")
    return sign + text + (f",{rest:02d}" if decimals or rest else "")


def hundredths(value: int) -> str:
    return danish(value, decimals=True)


def pdf_numbers(data: bytes, tmp_path: Path) -> list[str]:
    """Every number token of every page, in reading order, minus the page footers."""
    path = tmp_path / "read.pdf"
    path.write_bytes(data)
    tokens = []
    for page in pypdf.PdfReader(path).pages:
        for line in page.extract_text().splitlines():
            if "Dannet" in line or line.startswith("Side "):
                continue
            tokens += [t.replace("\u2212", "-") for t in line.split() if NUMBER.fullmatch(t)]
    return tokens


def pdf_text(data: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "text.pdf"
    path.write_bytes(data)
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def recalculate(xlsx: bytes, tmp_path: Path):  # type: ignore[no-untyped-def]
    """Let LibreOffice (headless) compute every formula; return the workbook's values."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (soffice) is missing: see system-packages.txt"
    source = tmp_path / "book.xlsx"
    source.write_bytes(xlsx)
    out = tmp_path / "recalculated"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return load_workbook(out / "book.xlsx", data_only=True)


def as_decimal(value: object) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"))


@pytest.fixture
def accounts(db: Session, slagelse: MasterPlan) -> MasterPlan:
    """Slagelse plus 2019 accounts that differ from the budget and a correction."""
    lbf = find_partner(db, "Landsbyggefonden")
    kommune = find_partner(db, "Slagelse Kommune")
    book_entry(db, slagelse, EntryInput(2019, lbf.id, "actual", "cash", -31_500_00, "KRIM-2",
                                        "Mindreforbrug"))  # fmt: skip
    book_entry(db, slagelse, EntryInput(2019, kommune.id, "actual", "staff_cofinancing",
                                        12_345_00, "FOR-1", "Merforbrug"))  # fmt: skip
    book_entry(db, slagelse, EntryInput(2019, kommune.id, "actual", "other", 7_000_00, None,
                                        "Tværgående"))  # fmt: skip
    book_staff_purchase(db, slagelse, year=2019, kind="actual", activity="UDD-1",
                        supplier=kommune.id, payer=lbf.id, hours=Decimal("10.5"),
                        rate_ore=480_00)  # fmt: skip
    target = next(
        e for e in list_entries(db, slagelse, year=2019, kind="actual") if e.category == "cash"
    )
    correct_entry(db, target, reason="Forkert beløb", new_amount_ore=target.amount_ore - 100_00)
    db.commit()
    return slagelse


@pytest.fixture
def second_plan(db: Session, accounts: MasterPlan) -> MasterPlan:
    """A second, smaller plan of Slagelse Kommune (the council answer spans both)."""
    kommune = find_partner(db, "Slagelse Kommune")
    lbf = find_partner(db, "Landsbyggefonden")
    plan = create_plan(db, slug="slagelse-2022-2025", name="Helhedsplan Slagelse 2022–2025",
                       municipality_id=kommune.id, first_year=2022, last_year=2025,
                       partner_ids=[lbf.id])  # fmt: skip
    area = create_focus_area(db, plan, name="Tryghed og trivsel")
    create_activity(db, area, code="TRY-1", name="Nattevandring")
    book_entry(db, plan, EntryInput(2022, kommune.id, "budget", "cash", 400_000_00, "TRY-1"))
    book_staff_purchase(db, plan, year=2023, kind="budget", activity="TRY-1",
                        supplier=kommune.id, payer=lbf.id, hours=Decimal(100),
                        rate_ore=500_00)  # fmt: skip
    set_staff_allocation(db, plan, year=2022, focus_area_id=area.id, partner=kommune.id,
                         fte=Decimal("1.5"))  # fmt: skip
    db.commit()
    return plan
