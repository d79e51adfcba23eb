"""Issue 17.12: the PDF an official receives, read back from the PDF itself.

Headers wrap at spaces or at a real syllable break with a hyphen (never "Landsbyggef|onden");
a money column shows øre only when it needs them (one format per column, not "920.000,00"
beside "920.000"); the footer does not repeat a period the plan's name already states; years
without regnskab are "–" with a legend, not 0 or blank.
"""

import io
from decimal import Decimal

import pypdf
import pyphen
import pytest
from sqlalchemy.orm import Session

from app.models import MasterPlan, Partner
from app.services.staff import book_staff_purchase
from reports.cofinancing import cofinancing_report
from reports.council import council_answer
from reports.lbf_package import lbf_package
from reports.model import Report
from reports.render_pdf import render_pdf

LEGEND = "– = intet regnskab for året endnu (ikke nul)."
DANISH = pyphen.Pyphen(lang="da_DK")


def pdf_lines(report: Report) -> list[str]:
    """The PDF's text lines (one table cell or one wrapped piece of a header per line)."""
    reader = pypdf.PdfReader(io.BytesIO(render_pdf(report)))
    return [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]


def row(lines: list[str], label: str, cells: int, occurrence: int = 0) -> list[str]:
    """The `cells` cells after the `occurrence`th line that is `label` (a row read back)."""
    starts = [i for i, line in enumerate(lines) if line == label]
    start = starts[occurrence]
    return lines[start + 1 : start + 1 + cells]


def municipality(db: Session) -> Partner:
    found = db.query(Partner).filter_by(name="Slagelse Kommune").one()
    return found


def forms(db: Session, plan: MasterPlan) -> dict[str, Report]:
    """Every document of the issue, on the Slagelse seed (regnskab for 2017–2019)."""
    return {
        "slagelse": cofinancing_report(db, plan),
        "partners": cofinancing_report(db, plan, form="partners"),
        "partners-actual": cofinancing_report(db, plan, form="partners", kind="actual"),
        "budget-actual": cofinancing_report(db, plan, form="budget-actual"),
        "follow-up": cofinancing_report(db, plan, form="follow-up"),
        "lbf-2019": lbf_package(db, plan, 2019),
        "lbf-2020": lbf_package(db, plan, 2020),
        "council": council_answer(db, municipality(db)),
        "council-actual": council_answer(db, municipality(db), "actual"),
    }


def _whole_or_hyphenated(word: str, tokens: set[str]) -> bool:
    """`word` read back whole, or as pieces cut at its syllable breaks, each but the last
    ending in a hyphen."""
    if word in tokens:
        return True
    breaks = set(DANISH.positions(word))

    def rest_found(start: int) -> bool:
        if word[start:] in tokens:
            return True
        return any(
            word[start:cut] + "-" in tokens and rest_found(cut)
            for cut in sorted(breaks)
            if cut > start
        )

    return any(word[:cut] + "-" in tokens and rest_found(cut) for cut in breaks)


def test_headers_wrap_at_words_or_real_syllable_breaks(db: Session, slagelse: MasterPlan) -> None:
    checked = 0
    for name, report in forms(db, slagelse).items():
        tokens = {token for line in pdf_lines(report) for token in line.split()}
        for table in report.tables:
            for header in [table.label_header, *table.columns]:
                for word in header.split():
                    assert _whole_or_hyphenated(word, tokens), (name, header, word)
                    checked += 1
    assert checked > 100
    # The council answer's narrow columns hyphenate "medfinansiering" at a syllable.
    council = pdf_lines(forms(db, slagelse)["council"])
    assert "medfinansie-" in council and "ring" in council


def test_a_column_shows_oere_only_when_it_needs_them(db: Session, slagelse: MasterPlan) -> None:
    """One frikøb with øre in the 2019 budget: the budget columns show øre throughout, the
    regnskab columns (whole kroner) none — not "10.794.000,00" beside "10.794.000"."""
    book_staff_purchase(
        db, slagelse, year=2019, kind="budget", activity="KRIM-1", supplier="Slagelse Kommune",
        payer="Landsbyggefonden", hours=Decimal("1"), rate_ore=100_50, text="Øre",
    )  # fmt: skip
    db.commit()
    lines = pdf_lines(cofinancing_report(db, slagelse, form="budget-actual"))
    assert row(lines, "2018", 4) == ["10.794.000,00", "10.794.000,00", "10.794.000", "0,00"]
    assert row(lines, "2019", 4) == ["11.054.100,50", "11.054.100,50", "11.054.000", "-100,50"]
    assert row(lines, "2020", 4)[0] == "11.312.000,00"
    package = pdf_lines(lbf_package(db, slagelse, 2019))
    assert row(package, "Landsbyggefonden", 3) == ["6.216.100,50", "6.216.000", "-100,50"]
    assert row(package, "Slagelse Kommune", 3) == ["2.638.000,00", "2.638.000", "0,00"]
    # The frikøb table: hours always two decimals; the rates and the amounts (one of each
    # with øre) with øre throughout.
    krim = "KRIM-1: Slagelse Kommune →"
    assert row(package, krim, 4) == ["Landsbyggefonden", "1.266,00", "450,00", "569.700,00"]
    # Every number in the regnskab table of section 5 (three years and I alt) is whole kroner.
    start = package.index("5. Slagelse Kommunes medfinansiering og Landsbyggefondens køb af")
    regnskab = package[package.index("2017", package.index("Regnskab", start)) :][:16]
    assert not [cell for cell in regnskab if "," in cell], regnskab


def test_footer_does_not_repeat_the_period_the_name_states(
    db: Session, slagelse: MasterPlan
) -> None:
    slagelse.name = "Slagelse 2017-2021"
    db.commit()
    for report in (cofinancing_report(db, slagelse), lbf_package(db, slagelse, 2019)):
        text = " ".join(pdf_lines(report))
        assert "Slagelse 2017-2021 · Dannet" in text
        assert "2017-2021 (2017–2021)" not in text and "2017-2021 2017–2021" not in text
    council = " ".join(pdf_lines(council_answer(db, municipality(db))))
    assert "Slagelse 2017-2021 (2017–2021)" not in council


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Slagelse 2017-2021", "Slagelse 2017-2021"),
        ("Slagelse 2017–2021", "Slagelse 2017–2021"),
        ("Slagelse 2017 - 21", "Slagelse 2017 - 21"),
        ("Slagelse", "Slagelse (2017–2021)"),
        ("Slagelse 2012017-2021", "Slagelse 2012017-2021 (2017–2021)"),
    ],
)
def test_name_with_period(name: str, shown: str) -> None:
    from reports.display import name_with_period

    assert name_with_period(name, 2017, 2021) == shown


def test_years_without_regnskab_are_a_dash_with_a_legend(db: Session, slagelse: MasterPlan) -> None:
    documents = forms(db, slagelse)
    budget_actual = pdf_lines(documents["budget-actual"])
    assert row(budget_actual, "2020", 4) == ["11.312.000", "–", "–", "–"]
    assert row(budget_actual, "2019", 4) == ["11.054.000", "11.054.000", "11.054.000", "0"]
    follow_up = pdf_lines(documents["follow-up"])
    assert row(follow_up, "2021", 6) == ["8.700.000", "8.700.000", "–", "–", "0", "0"]
    package = pdf_lines(documents["lbf-2020"])
    assert row(package, "Landsbyggefonden", 3) == ["6.363.000", "–", "–"]
    assert row(package, "I alt", 3) == ["11.312.000", "–", "–"]
    council = pdf_lines(documents["council-actual"])
    assert row(council, "2020", 4) == ["–", "–", "–", "–"]  # own co-financing, no regnskab
    assert row(council, "2019", 4) == ["845.000", "949.000", "844.000", "2.638.000"]
    assert row(council, "2021", 4, occurrence=1) == ["–", "–", "–", "–"]  # the fund's purchases
    partners = pdf_lines(documents["partners-actual"])
    assert row(partners, "2021", 4) == ["–", "–", "–", "–"]
    for name in ("budget-actual", "follow-up", "lbf-2020", "council-actual", "partners-actual"):
        assert LEGEND in " ".join(pdf_lines(documents[name])), name
    # A document without a missing regnskab carries no legend.
    assert LEGEND not in " ".join(pdf_lines(documents["council"]))
    assert LEGEND not in " ".join(pdf_lines(documents["slagelse"]))


def test_a_narrow_column_hyphenates_at_syllables_or_shrinks_the_font() -> None:
    from reports.model import Row, Table
    from reports.pdf_wrap import fit_cell

    names = ["Landsbyggefonden", "Kommunens medfinansiering", "Boligorganisationerne"]
    columns = [*names, *names, "Fondens køb af kommunale aktiviteter"]
    table = Table("Smalle kolonner", columns, [Row("2019", [100_00] * len(columns))])
    report = Report("Smalle kolonner", "x", "Plan", (2017, 2021), tables=[table])
    tokens = {token for line in pdf_lines(report) for token in line.split()}
    for header in columns:
        for word in header.split():
            assert _whole_or_hyphenated(word, tokens), word
    assert "Landsbyggefonden" not in tokens  # too wide for its column: hyphenated
    lines, size = fit_cell("Landsbyggefonden", "Helvetica-Bold", 8.5, 40)
    assert size == 8.5 and len(lines) > 1 and "".join(lines).replace("-", "") == "Landsbyggefonden"
    # No syllable fits 12 points at 8,5 pt: the font shrinks.
    assert fit_cell("Landsbyggefonden", "Helvetica-Bold", 8.5, 12)[1] < 8.5
