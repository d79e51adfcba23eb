"""Closing a year: the API's /years/<year>/close body and the plan page's form, so both doors
read the reason alike."""

from marshmallow import fields

from app.schemas import StrictSchema
from app.schemas.danish import Length


class CloseYearIn(StrictSchema):
    reason = fields.String(load_default="", validate=Length(max=500))
