"""The head of a budget follow-up round (year, date, reason), shared by the API's
/budget-rounds body and the Budgetopfølgning page's form, so both doors refuse alike."""

from marshmallow import fields

from app.schemas import StrictSchema, Year
from app.schemas.danish import Length
from app.services.posting import REASON_MAX


class RoundHead(StrictSchema):
    year = Year
    dated = fields.Date(
        required=True,
        metadata={"description": "The round's date (ISO)."},
    )
    reason = fields.String(required=True, validate=Length(1, REASON_MAX))


class RoundPageIn(RoundHead):
    """The page's fields besides the grid: the partner its corrections are booked on."""

    partner = fields.Integer(load_default=None, allow_none=True)
