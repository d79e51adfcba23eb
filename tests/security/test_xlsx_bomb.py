"""Issue 18.6: an XLSX decompression bomb is refused before it is unpacked or parsed."""

import io
import re
import time
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook

from app.services import xlsx_guard
from app.services.errors import DomainError, TooLarge
from app.services.import_files import read_sheet
from tests.helpers import snapshot

SHEET = "xl/worksheets/sheet1.xml"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
MB = 1024 * 1024


def _workbook() -> bytes:
    book = Workbook()
    book.active.append(["year", "plan", "partner", "amount", "text"])
    book.active.append([2019, "slagelse-2017-2021", "Slagelse Kommune", "1.000", "ok"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _replace_sheet(source: bytes, write_sheet) -> bytes:  # type: ignore[no-untyped-def]
    """The workbook with its first sheet's XML written by `write_sheet(stream)`."""
    out = io.BytesIO()
    packed = zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w", packed) as new:
        for part in old.infolist():
            if part.filename == SHEET:
                with new.open(SHEET, "w", force_zip64=True) as stream:
                    write_sheet(stream)
            else:
                new.writestr(part, old.read(part.filename), zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _one_cell(size: int, prolog: bytes = b"") -> bytes:
    """A sheet whose one cell holds `size` characters, written in chunks (never held whole)."""

    def write(stream) -> None:  # type: ignore[no-untyped-def]
        stream.write(
            prolog + b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
            b'main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
        )
        left = size
        while left:
            step = min(left, MB)
            stream.write(b"A" * step)
            left -= step
        stream.write(b"</t></is></c></row></sheetData></worksheet>")

    return _replace_sheet(_workbook(), write)


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """The probe's bomb, scaled: one cell of 400 MB in an archive of well under 1 MB."""
    data = _one_cell(400 * MB)
    assert len(data) < MB
    return data


def test_the_bomb_is_refused_by_its_sizes_at_once_in_little_memory(bomb: bytes) -> None:
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(TooLarge) as refused:
            read_sheet(bomb, "xlsx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 5
    assert peak < 20 * MB  # nothing was unpacked (the probe saw 1.8 GB)
    assert refused.value.status == 413 and refused.value.field == "file"
    assert "udpakket" in refused.value.message


def test_a_high_ratio_part_is_refused_even_under_the_total(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    data = _one_cell(8 * MB)  # 8 MB of one letter packs to a few kB: ratio ~1000
    with pytest.raises(TooLarge, match="dekomprimeringsbombe"):
        read_sheet(data, "xlsx")
    monkeypatch.setattr(xlsx_guard, "MAX_RATIO", 10**6)
    with pytest.raises(DomainError, match="over 32.767 tegn"):  # then the cell scan stops it
        read_sheet(data, "xlsx")


def test_a_cell_longer_than_excel_allows_is_refused_before_parsing() -> None:
    data = _one_cell(40_000)
    with pytest.raises(DomainError) as refused:
        read_sheet(data, "xlsx")
    assert refused.value.status == 422 and "32.767" in refused.value.message
    read_sheet(_one_cell(32_767), "xlsx")  # Excel's own limit still reads


def test_shared_strings_are_scanned_too() -> None:
    """Excel keeps text in xl/sharedStrings.xml (openpyxl writes it inline): both are read."""
    runs = "".join(f"<r><t>{'B' * 11_000}</t></r>" for _ in range(3))  # one string, 33,000
    strings = f'<sst xmlns="{MAIN}"><si><t>kort</t></si><si>{runs}</si></sst>'
    data = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(_workbook()))
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            archive.writestr(name, source.read(name))
        archive.writestr("xl/sharedStrings.xml", strings)
    with pytest.raises(DomainError, match="sharedStrings.xml.*32.767"):
        read_sheet(data.getvalue(), "xlsx")


def test_a_dtd_is_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "AAAAAAAAAA">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    )
    with pytest.raises(DomainError, match="DTD"):
        read_sheet(_one_cell(10, prolog=laughs), "xlsx")


def test_an_ordinary_workbook_still_reads() -> None:
    sheet = read_sheet(_workbook(), "xlsx")
    assert sheet.header[:2] == ["year", "plan"]
    assert list(sheet.rows)[0][3] == "1.000"


def test_api_and_page_answer_413_and_book_nothing(client, engine, slagelse, bomb) -> None:  # type: ignore[no-untyped-def]
    before = snapshot(engine)
    answer = client.post(
        "/api/imports",
        data={"file": (io.BytesIO(bomb), "bombe.xlsx")},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 413, answer.get_json()
    body = answer.get_json()
    assert body["code"] == 413 and "udpakket" in str(body["errors"]["json"]["file"])
    page = client.get("/import").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]  # type: ignore[index]
    shown = client.post(
        "/import",
        data={"file": (io.BytesIO(bomb), "bombe.xlsx"), "action": "check", "csrf_token": csrf},
        content_type="multipart/form-data",
    )
    assert shown.status_code == 413 and "udpakket" in shown.get_data(as_text=True)
    assert snapshot(engine) == before
