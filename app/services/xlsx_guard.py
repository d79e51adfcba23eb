"""Refuse an XLSX decompression bomb before openpyxl unpacks or parses any of it.

An XLSX file is a zip archive of XML parts, and a tiny archive can unpack to gigabytes (one
0.8 MB file held one 800 MB cell). So, before parsing: the archive's parts, their declared
unpacked sizes (zipfile never yields more than declared) and their compression ratios are
bounded; then the sheet and shared-string XML is streamed through expat, without building
anything, to bound each cell's text to Excel's own limit and to refuse DTDs, which no
workbook needs and which entity bombs require.
"""

import io
import zipfile
from xml.parsers import expat

from app.services.errors import DomainError, TooLarge

MAX_PARTS = 10_000
MAX_UNPACKED = 256 * 1024 * 1024  # bytes, all parts together
MAX_RATIO = 200  # unpacked / packed of a part over RATIO_FROM; real sheets stay under ~50
RATIO_FROM = 1024 * 1024
MAX_CELL = 32_767  # characters: Excel's limit for one cell
_CHUNK = 64 * 1024
_CELLS = {"c", "si"}  # a worksheet cell; a shared string (its text may come in runs)


class _Refused(Exception):
    pass


def check_xlsx(data: bytes) -> None:
    """Raise TooLarge (413) or DomainError (422, field "file") for a hostile workbook."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise DomainError("Filen kan ikke læses som XLSX (ikke et zip-arkiv).", "file") from None
    with archive:
        parts = archive.infolist()
        _check_sizes(parts)
        for part in parts:
            if _holds_cells(part.filename):
                _scan(archive, part)


def _check_sizes(parts: list[zipfile.ZipInfo]) -> None:
    if len(parts) > MAX_PARTS:
        raise TooLarge(f"XLSX-filen har over {MAX_PARTS:,} dele.".replace(",", "."), "file")
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED:
        raise TooLarge(
            f"XLSX-filen fylder {unpacked // 2**20:,} MB udpakket; højst "
            f"{MAX_UNPACKED // 2**20} MB. Del filen op, eller brug CSV.".replace(",", "."),
            "file",
        )
    for part in parts:
        if part.file_size > RATIO_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise TooLarge(
                f"XLSX-filens del {part.filename[:80]} pakker sig ud til over {MAX_RATIO} "
                "gange sin størrelse; filen ligner en dekomprimeringsbombe og læses ikke.",
                "file",
            )


def _holds_cells(name: str) -> bool:
    name = name.lower()
    return name.endswith(".xml") and (
        name.startswith("xl/worksheets/") or name.startswith("xl/sharedstrings")
    )


def _scan(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """Stream one XML part: no DTD, no cell text over MAX_CELL characters."""
    state = {"in_cell": False, "chars": 0}
    parser = expat.ParserCreate(namespace_separator=" ")

    def start(name: str, _attrs: dict) -> None:
        if name.rsplit(" ", 1)[-1] in _CELLS:
            state["in_cell"], state["chars"] = True, 0

    def end(name: str) -> None:
        if name.rsplit(" ", 1)[-1] in _CELLS:
            state["in_cell"] = False

    def text(data: str) -> None:
        if state["in_cell"]:
            state["chars"] += len(data)
            if state["chars"] > MAX_CELL:
                raise _Refused("cell")

    def doctype(*_args: object) -> None:
        raise _Refused("dtd")

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Refused as refused:
        if str(refused) == "cell":
            raise DomainError(
                f"En celle i XLSX-filen ({part.filename[:80]}) har over {MAX_CELL:,} tegn "
                "(Excels grænse); filen læses ikke.".replace(",", "."),
                "file",
            ) from None
        raise DomainError(
            "XLSX-filen indeholder en DTD-erklæring, som et regneark aldrig har; filen læses ikke.",
            "file",
        ) from None
    except (expat.ExpatError, zipfile.BadZipFile, EOFError, ValueError):
        # The parser's own name and text are not shown (issue 18.7): English, and nothing a
        # user can act on.
        raise DomainError(
            f"Filen kan ikke læses som XLSX: dens del {part.filename[:80]} er ikke gyldig XML "
            "eller er beskadiget.",
            "file",
        ) from None
