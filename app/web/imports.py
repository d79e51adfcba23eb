"""The upload page: /import. A file is checked (dry run) or booked (all rows or none).

Its own blueprint and templates (templates/imports/), so it stays apart from the other pages.
The rules are the import service's; this page only collects the form and shows the result.
"""

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import IntegrityError

from app.db import get_db
from app.security.context import signed_in_user
from app.services.access import writable_plans
from app.services.errors import DomainError
from app.services.import_files import FORMATS, guess_format
from app.services.imports import FIELDS, REQUIRED, import_entries, parse_mapping

bp = Blueprint("upload", __name__, template_folder="templates")
SHOWN_ERRORS = 500


@bp.get("/import")
def form() -> ResponseReturnValue:
    return render_template("imports/upload.html", fields=FIELDS, required=REQUIRED, formats=FORMATS)


@bp.post("/import")
def upload() -> ResponseReturnValue:
    upload = request.files.get("file")
    commit = request.form.get("action") == "commit"
    correct = request.form.get("correct") == "1"
    mapping_text = request.form.get("mapping", "")
    context = {
        "fields": FIELDS,
        "required": REQUIRED,
        "formats": FORMATS,
        "mapping": mapping_text,
        "correct": correct,
    }
    if upload is None or not upload.filename:
        return render_template("imports/upload.html", problem="Vælg en fil.", **context), 400
    fmt = request.form.get("format") or guess_format(upload.filename)
    db = get_db()
    try:
        mapping = parse_mapping([line for line in mapping_text.splitlines() if line.strip()])
        result = import_entries(
            db,
            upload.read(),
            fmt=fmt,
            mapping=mapping,
            commit=commit,
            correct=correct,
            source=upload.filename,
            may_write=writable_plans(db, signed_in_user()),
        )
    except (DomainError, ValueError) as error:
        message = error.message if isinstance(error, DomainError) else str(error)
        status = error.status if isinstance(error, DomainError) else 422
        return render_template("imports/upload.html", problem=message, **context), status
    except IntegrityError as error:  # the same rows imported at the same moment elsewhere
        detail = str(error.orig).splitlines()[0] if error.orig else str(error)
        problem = f"Databasen afviste importen ({detail}); intet er bogført."
        return render_template("imports/upload.html", problem=problem, **context), 409
    status = 200 if result.ok else 422
    return (
        render_template(
            "imports/upload.html",
            result=result,
            filename=upload.filename,
            commit=commit,
            errors=result.errors[:SHOWN_ERRORS],
            **context,
        ),
        status,
    )
