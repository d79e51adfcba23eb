"""Every PDF the project renders treats user text as text: no markup, no links, no files.

A payload list (tags, entities, <img>, unbalanced tags, control characters, a huge name) is
written into the names every PDF prints: plan, municipality, focus area and activity. Each
PDF must then render (200), carry no link annotation and no image, and show the payload's
visible characters literally. A new PDF renderer belongs in `pdf_urls` below.
"""

import io

import pypdf
import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from app.models import MasterPlan

PAYLOADS = [
    'Plan C <a href="http://evil.example/phish">Klik her</a>',
    'Plan C <img src="/usr/share/pixmaps/debian-logo.png"/>',
    "Plan C <font size=200>stor",
    "Plan C <b>",
    "Plan C </para><para>",
    "Plan C &amp; &lt; &#0; &nbsp; &bogus;",
    "Plan C <![CDATA[x]]> <!-- y",
    "Plan C \x01\x07\x1b[31m\x7f slut",
    "Plan C " + "<i>" * 50,
]


def pdf_urls(plan: MasterPlan, municipality_id: int) -> list[str]:
    """Every PDF the API renders for a plan and its municipality (every report form)."""
    base = f"/api/plans/{plan.slug}/reports"
    return [
        f"{base}/cofinancing?format=pdf&form=slagelse",
        f"{base}/cofinancing?format=pdf&form=partners",
        f"{base}/cofinancing?format=pdf&form=budget-actual&kind=actual",
        f"{base}/cofinancing?format=pdf&form=slagelse&by_focus_area=true",
        f"{base}/lbf-package?year=2019&format=pdf",
        f"/api/partners/{municipality_id}/reports/council?format=pdf",
    ]


def _name_everything(db: Session, plan: MasterPlan, name: str) -> int:
    """Store `name` (as a stored or legacy value would be) in every name the PDFs print."""
    params = {"p": plan.id, "n": name, "m": plan.municipality_id}
    db.execute(text("UPDATE plans SET name = :n WHERE id = :p"), params)
    db.execute(text("UPDATE partners SET name = :n || ' Kommune' WHERE id = :m"), params)
    db.execute(text("UPDATE focus_areas SET name = :n || ' ' || id WHERE plan_id = :p"), params)
    db.execute(text("UPDATE activities SET name = :n || ' ' || id WHERE plan_id = :p"), params)
    db.commit()
    return plan.municipality_id


def _assert_plain(pdf: bytes, visible: str) -> None:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for page in reader.pages:
        assert "/Annots" not in page, "the PDF carries a link annotation"
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        assert not xobjects, "the PDF embeds an image or form object"
    words = " ".join(page.extract_text() for page in reader.pages).split()
    assert visible.split()[0] in words and visible.split()[1] in " ".join(words)


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_every_pdf_prints_names_as_text(client, db, slagelse, payload: str) -> None:
    municipality_id = _name_everything(db, slagelse, payload)
    visible = "".join(c if c.isprintable() else " " for c in payload)
    for url in pdf_urls(slagelse, municipality_id):
        response = client.get(url)
        assert response.status_code == 200, (url, response.get_data(as_text=True)[:300])
        assert response.mimetype == "application/pdf"
        _assert_plain(response.data, visible)


def test_markup_is_shown_literally(client, db, slagelse) -> None:
    _name_everything(db, slagelse, PAYLOADS[0])
    response = client.get(f"/api/plans/{slagelse.slug}/reports/cofinancing?format=pdf")
    texts = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.data)).pages)
    assert 'href="http://evil.example/phish">Klik' in texts


def test_a_huge_name_is_bounded() -> None:
    """A 1 MB name (SQLite stores any length) renders bounded, and the PDF stays small."""
    from reports.model import Report, Row, Table
    from reports.render_pdf import render_pdf

    huge = "Plan " + "x" * 1_000_000
    table = Table(title=huge, columns=[huge, "I alt"], rows=[Row(huge, [100, 200])])
    report = Report(huge, "plan", huge, (2017, 2021), tables=[table], notes=[huge])
    pdf = render_pdf(report)
    assert len(pdf) < 500_000
    _assert_plain(pdf, "Plan x")
