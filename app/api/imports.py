"""Import: POST /api/imports (multipart: file, format, commit, map). A dry run unless commit.

Answers 200 with the result (what was read, would be or was booked, skipped, errors) — also
for a dry run with bad rows; a commit refused because of bad rows answers 422 in the usual
error shape with the result beside it. Uploads are limited by MAX_CONTENT_LENGTH (16 MB);
use `ledger import` for bigger files.
"""

from typing import Any

from flask import Request, jsonify
from flask.typing import ResponseReturnValue
from marshmallow import Schema
from webargs.multidictproxy import MultiDictProxy
from werkzeug.datastructures import CombinedMultiDict

from app.api.blueprint import Blueprint
from app.api.json_body import LedgerParser
from app.api.transfer_schemas import ImportResultOut, ImportUpload
from app.db import get_db
from app.errors import error_payload
from app.security.context import signed_in_user
from app.services.access import writable_plans
from app.services.errors import DomainError
from app.services.import_files import guess_format
from app.services.imports import import_entries, parse_mapping


class MultipartParser(LedgerParser):
    """`files` reads the whole multipart body (its files and its fields) as one schema, so the
    OpenAPI document shows one multipart/form-data requestBody, as OpenAPI 3 wants."""

    def load_files(self, req: Request, schema: Schema) -> MultiDictProxy:
        return self._makeproxy(CombinedMultiDict([req.files, req.form]), schema)


blp = Blueprint("imports", __name__, description="Import af posteringer fra CSV/XLSX")
blp.ARGUMENTS_PARSER = MultipartParser()
SHOWN_ERRORS = 1000


@blp.route("/imports", methods=["POST"])
@blp.arguments(ImportUpload, location="files")
@blp.response(200, ImportResultOut)
@blp.alt_response(422, description="Commit refused: bad rows; nothing booked")
def post_import(form: dict[str, Any]) -> ResponseReturnValue:
    """Validate (dry run) or book the rows of an uploaded CSV/XLSX file, all or nothing."""
    upload = form["file"]
    try:
        mapping = parse_mapping(form["map"])
    except ValueError as error:
        raise DomainError(str(error), "map") from None
    db = get_db()
    result = import_entries(
        db,
        upload.read(),
        fmt=form["format"] or guess_format(upload.filename or ""),
        mapping=mapping,
        commit=form["commit"],
        correct=form["correct"],
        source=upload.filename or "upload",
        may_write=writable_plans(db, signed_in_user()),
    )
    payload = result.as_dict(SHOWN_ERRORS)
    if form["commit"] and not result.ok:
        rows = len({e.row for e in result.errors})
        fields: dict[str, list[str]] = {}
        for e in result.errors[:SHOWN_ERRORS]:
            fields.setdefault(f"række {e.row}: {e.column}", []).append(e.message)
        body = error_payload(422, f"Fejl i {rows} rækker; intet er bogført.", fields)
        response = jsonify({**body, "result": payload})  # a Response: not dumped by the schema
        response.status_code = 422
        return response
    return payload
