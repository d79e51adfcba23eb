"""Closing a year and budget revisions: the API's bodies and the pages' forms, so both doors
read them alike."""

from marshmallow import fields

from app.models import Category
from app.schemas import StrictSchema, Year
from app.schemas.danish import Length, OneOf
from app.schemas.numbers import Amount
from app.services.posting import REASON_MAX


class CloseYearIn(StrictSchema):
    reason = fields.String(load_default="", validate=Length(max=500))


class RoundLineIn(StrictSchema):
    """A budget correction line of a follow-up round (its year is the round's)."""

    partner_id = fields.Integer(strict=True, required=True)
    activity_id = fields.Integer(strict=True, load_default=None, allow_none=True)
    category = fields.String(
        load_default=Category.CASH.value, validate=OneOf([c.value for c in Category])
    )
    amount = Amount(required=True)
    text = fields.String(load_default="", validate=Length(max=500))


class RevisionLineIn(RoundLineIn):
    year = Year


class RevisionIn(StrictSchema):
    reason = fields.String(required=True, validate=Length(1, REASON_MAX))
    lines = fields.List(
        fields.Nested(RevisionLineIn), required=True, validate=Length(1, 1000, unit="linjer")
    )
