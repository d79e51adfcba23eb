"""The kontroltal and the sign-off in the LBF package (issue 10.4): the same code in PDF, XLSX
and JSON, recomputed here from the JSON package by the README's recipe alone; "Godkendt af
revisor …" in all three, and "ikke længere gyldig" in all three after a reopening."""

import contextlib
import hashlib
import io
import json
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest
from flask.testing import FlaskClient
from openpyxl import load_workbook

from tests.yearend.conftest import EIGHTY

PACKAGE = f"/api/plans/{EIGHTY}/reports/lbf-package?year=2021&format="
SIGN_OFFS = f"/api/plans/{EIGHTY}/years/2021/sign-offs"


def _get(client: FlaskClient, fmt: str) -> bytes:
    answer = client.get(PACKAGE + fmt)
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    return answer.get_data()


def _texts(client: FlaskClient) -> dict[str, Any]:
    """The package's text in each format: PDF read back with pypdf, every cell of every
    sheet of the workbook (openpyxl), and the JSON."""
    pdf = "\n".join(
        page.extract_text() for page in pypdf.PdfReader(io.BytesIO(_get(client, "pdf"))).pages
    )
    book = load_workbook(io.BytesIO(_get(client, "xlsx")))
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows()
             for c in row if c.value is not None]  # fmt: skip
    return {"pdf": pdf, "xlsx": "\n".join(cells), "json": client.get(PACKAGE + "json").get_json()}


def readme_recipe(package: dict[str, Any]) -> str:
    """The README's recipe, from the JSON package's figures only."""
    year = package["year"]
    lines = ["LBF-kontroltal v1", f"år;{year}"]
    for kind, section in (("partner", "1 Medfinansiering"), ("indsatsområde", "2 Indsatsområder")):
        table = next(t for t in package["tables"] if t.get("section") == section)
        for row in [*table["rows"], table["total"]]:
            cells = ["" if v is None else str(v) for v in row["values_ore"]]
            lines.append(";".join([kind, row["label"], *cells]))
    digest = hashlib.sha256("".join(f"{line}\n" for line in lines).encode()).hexdigest()
    return f"{digest[:5].upper()}-{digest[5:10].upper()}"


def run_readme_snippet(package: dict[str, Any], folder: Path) -> str:
    """Run the README's own Python example of the recipe on `package` and return its output."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    recipe = readme[readme.index("**Kontroltal: the recipe**") :]
    snippet = recipe.split("```python\n", 1)[1].split("```", 1)[0]
    name = re.search(r'open\("([^"]+)"\)', snippet)
    assert name, "the README's example reads a JSON package"
    (folder / name.group(1)).write_text(json.dumps(package, ensure_ascii=False), "utf-8")
    printed = io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(printed):
        patch.chdir(folder)
        exec(compile(snippet, "README.md", "exec"), {})  # noqa: S102 - the README's example
    return printed.getvalue().strip()


def test_kontroltal_is_the_same_in_every_format_and_recomputable(
    closed_eighty: dict[str, Any], client: FlaskClient, tmp_path: Path
) -> None:
    texts = _texts(client)
    code = texts["json"]["kontroltal"]
    assert re.fullmatch(r"[0-9A-F]{5}-[0-9A-F]{5}", code)
    assert code == readme_recipe(texts["json"])
    assert code == run_readme_snippet(texts["json"], tmp_path)
    assert code == client.get(SIGN_OFFS).get_json()["kontroltal"]
    stated = f"Kontroltal 2021: {code}"
    assert stated in texts["pdf"] and stated in texts["xlsx"]
    assert "Ikke godkendt af revisor." in texts["pdf"] and texts["json"]["sign_off"] is None
    # The figures behind it really are in the package: the fund's 2021 row in øre.
    partners = texts["json"]["tables"][0]
    assert partners["rows"][0]["values_ore"] == [80_000_000, 79_000_000, -1_000_000]


def test_an_open_years_package_has_no_kontroltal(
    eighty: dict[str, Any], client: FlaskClient
) -> None:
    texts = _texts(client)
    assert texts["json"]["kontroltal"] is None and texts["json"]["sign_off"] is None
    for fmt in ("pdf", "xlsx"):
        assert "Året 2021 er ikke lukket; pakken får et kontroltal" in texts[fmt]
        assert "Kontroltal 2021:" not in texts[fmt]


def test_sign_off_then_reopen_shows_it_void_in_all_three(
    closed_eighty: dict[str, Any], client: FlaskClient, auditor: FlaskClient
) -> None:
    code = auditor.get(SIGN_OFFS).get_json()["kontroltal"]
    signed = auditor.post(SIGN_OFFS, json={"kontroltal": code, "remark": "Uden forbehold"})
    assert signed.status_code == 201, signed.get_json()
    day = re.sub(r"^(\d{4})-(\d\d)-(\d\d).*", r"\3.\2.\1", signed.get_json()["signed_at"])
    approved = f"Godkendt af revisor revisor, {day}, kontroltal {code}"
    texts = _texts(auditor)  # the auditor reads its plan's package
    for fmt in ("pdf", "xlsx"):
        assert f"{approved}." in texts[fmt], fmt
        assert "Revisors bemærkning: Uden forbehold" in texts[fmt]
    sign_off = texts["json"]["sign_off"]
    assert sign_off["valid"] is True and sign_off["kontroltal"] == code
    assert sign_off["auditor"] == "revisor" and sign_off["text"] == f"{approved}."

    reopened = client.post(f"/api/plans/{EIGHTY}/years/2021/reopen", json={"reason": "Rettelse"})
    assert reopened.status_code == 200
    texts = _texts(client)
    void = f"{approved} — ikke længere gyldig: året 2021 er genåbnet efter godkendelsen."
    for fmt in ("pdf", "xlsx"):
        assert void in texts[fmt].replace("\n", " "), fmt
    sign_off = texts["json"]["sign_off"]
    assert sign_off["valid"] is False and sign_off["text"] == void
    assert texts["json"]["kontroltal"] is None
