"""Shapes of the auditor's sign-off (API body and answer, and the year-end page's form)."""

from marshmallow import fields

from app.models.sign_off import REMARK_MAX
from app.schemas import StrictSchema
from app.schemas.danish import DanishSchema, Length
from app.schemas.times import UtcDateTime


class SignOffIn(StrictSchema):
    kontroltal = fields.String(
        required=True,
        validate=Length(1, 40),
        metadata={
            "description": "the kontroltal read on the year's package; refused (409) when the "
            "package's is no longer this one",
            "example": "3F2A9-C01B7",
        },
    )
    remark = fields.String(load_default=None, allow_none=True, validate=Length(max=REMARK_MAX))


class SignOffFields(DanishSchema):
    """A sign-off as the API and the JSON package give it (see SignOffOut, PackageSignOffOut)."""

    id = fields.Integer()
    year = fields.Integer()
    auditor = fields.String(metadata={"description": "the revisor's username"})
    kontroltal = fields.String(metadata={"example": "3F2A9-C01B7"})
    remark = fields.String(allow_none=True)
    valid = fields.Boolean(
        metadata={"description": "false once the year was reopened or its kontroltal changed"}
    )
    invalid_reason = fields.String(allow_none=True, metadata={"description": "why not valid"})
    text = fields.String(metadata={"description": "as the package prints it"})


class SignOffOut(SignOffFields):
    signed_at = UtcDateTime()


class YearSignOffsOut(DanishSchema):
    year = fields.Integer()
    closed = fields.Boolean()
    kontroltal = fields.String(
        allow_none=True, metadata={"description": "the package's now; null while the year is open"}
    )
    sign_offs = fields.List(fields.Nested(SignOffOut), metadata={"description": "newest first"})


class PackageSignOffOut(SignOffFields):
    """The JSON package's sign-off: written by reports.render_json, its time already text."""

    signed_at = fields.String(metadata={"format": "date-time"})
