"""Request and response shapes for users, the audit trail, closed years, budget revisions and
budget follow-up rounds (a revision's body is app.schemas.years', shared with the page)."""

from flask_smorest.fields import Upload
from marshmallow import EXCLUDE, fields

from app.schemas import YEARS, EntryOut, StrictSchema, Year
from app.schemas.danish import DanishSchema, Length, OneOf, Range
from app.schemas.numbers import Amount
from app.schemas.rounds import RoundHead
from app.schemas.times import UtcDateTime
from app.schemas.years import RoundLineIn
from app.services.import_files import FORMATS as IMPORT_FORMATS


class MeOut(DanishSchema):
    id = fields.Integer()
    username = fields.String()
    role = fields.String()
    partner_id = fields.Integer(allow_none=True)


class AuditOut(DanishSchema):
    id = fields.Integer()
    at = UtcDateTime()
    actor = fields.String()
    action = fields.String()
    object_type = fields.String()
    object_id = fields.String(allow_none=True)
    plan_id = fields.Integer(allow_none=True)
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)
    reason = fields.String(allow_none=True)


class AuditQuery(DanishSchema):
    limit = fields.Integer(load_default=200, validate=Range(1, 1000))
    before_id = fields.Integer(load_default=None, validate=Range(1, 2**63 - 1))


class YearStatusOut(DanishSchema):
    year = fields.Integer()
    closed = fields.Boolean()
    closed_at = UtcDateTime(allow_none=True)
    closed_by = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)


class ReopenYearIn(StrictSchema):
    reason = fields.String(required=True, validate=Length(1, 500))


class CarryOverOut(DanishSchema):
    id = fields.Integer()
    from_year = fields.Integer()
    to_year = fields.Integer()
    partner_id = fields.Integer()
    amount_ore = fields.Integer()
    entry_id = fields.Integer()


class RevisionOut(DanishSchema):
    id = fields.Integer()
    number = fields.Integer()
    reason = fields.String()
    created_at = UtcDateTime()
    created_by = fields.String(allow_none=True)
    entries = fields.List(fields.Nested(EntryOut))


class ForecastLineIn(StrictSchema):
    activity_id = fields.Integer(strict=True, required=True)
    amount = Amount(required=True)


class RoundIn(RoundHead):
    corrections = fields.List(
        fields.Nested(RoundLineIn), load_default=list, validate=Length(0, 1000, unit="linjer")
    )
    forecast = fields.List(
        fields.Nested(ForecastLineIn), load_default=list, validate=Length(0, 1000, unit="linjer")
    )


class ForecastIn(StrictSchema):
    year = Year
    number = fields.Integer(strict=True, required=True, validate=Range(1, 1000))
    forecast = fields.List(
        fields.Nested(ForecastLineIn), required=True, validate=Length(1, 1000, unit="linjer")
    )


class ForecastOut(DanishSchema):
    activity_id = fields.Integer()
    amount_ore = fields.Integer()


class RoundOut(DanishSchema):
    id = fields.Integer()
    year = fields.Integer()
    number = fields.Integer()
    name = fields.String()
    dated = fields.Date()
    created_at = UtcDateTime()
    created_by = fields.String(allow_none=True)
    corrections_ore = fields.Integer(metadata={"description": "Sum of the round's corrections"})
    forecast = fields.List(
        fields.Nested(ForecastOut), metadata={"description": "Newest per activity"}
    )


class RoundImportUpload(RoundHead):
    """One multipart/form-data body: the round's head, its partner and the file."""

    class Meta:
        unknown = EXCLUDE

    year = fields.Integer(required=True, validate=YEARS)  # a form field: text, not strict
    file = Upload(
        required=True,
        metadata={"description": "CSV/XLSX: Aktivitet (code), Korrektion, Forventet forbrug"},
    )
    partner_id = fields.Integer(
        load_default=None, allow_none=True, metadata={"description": "Default: the municipality"}
    )
    format = fields.String(
        load_default=None,
        allow_none=True,
        validate=OneOf(IMPORT_FORMATS),
        metadata={"description": "Default: from the file name (.xlsx → xlsx, else csv)."},
    )
