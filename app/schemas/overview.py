"""The fund's overview: its filters (API query and page links alike) and its answer rows."""

from marshmallow import EXCLUDE, fields

from app.formatting import MoneyUnit
from app.models import EntryKind
from app.models.base import FIRST_YEAR, LAST_YEAR
from app.schemas.danish import DanishSchema, OneOf, Range
from reports.overview import SortKey

DOWNLOADS = ("csv", "xlsx")
MUNICIPALITY_DOWNLOADS = ("pdf", "xlsx", "csv")


class OverviewQuery(DanishSchema):
    class Meta:
        unknown = EXCLUDE

    municipality = fields.Integer(
        load_default=None, allow_none=True, metadata={"description": "the municipality's id"}
    )
    year = fields.Integer(
        load_default=None,
        allow_none=True,
        validate=Range(FIRST_YEAR, LAST_YEAR),
        metadata={"description": "only plans whose period includes this year"},
    )
    only_errors = fields.Boolean(
        load_default=False, metadata={"description": "only plans that break a rule"}
    )
    sort = fields.String(
        load_default=SortKey.PLAN.value, validate=OneOf([k.value for k in SortKey])
    )
    order = fields.String(load_default="asc", validate=OneOf(["asc", "desc"]))


class OverviewDownloadQuery(OverviewQuery):
    format = fields.String(load_default="csv", validate=OneOf(list(DOWNLOADS)))


class OverviewRowOut(DanishSchema):
    """One plan; amounts in øre, shares in per cent (one decimal), null when undefined."""

    plan_id = fields.Integer()
    slug = fields.String()
    name = fields.String()
    municipality_id = fields.Integer()
    municipality = fields.String()
    first_year = fields.Integer()
    last_year = fields.Integer()
    frame_ore = fields.Integer(attribute="frame", allow_none=True)
    commitment_ore = fields.Integer(attribute="commitment", allow_none=True)
    budget_original_ore = fields.Integer(attribute="sums.budget_original")
    budget_corrected_ore = fields.Integer(attribute="sums.budget_corrected")
    actual_ore = fields.Integer(attribute="sums.actual")
    spending_rate = fields.Decimal(attribute="sums.spending_rate", as_string=True, allow_none=True)
    local_share = fields.Decimal(attribute="sums.local_share", as_string=True, allow_none=True)
    fund_share = fields.Decimal(attribute="sums.fund_share", as_string=True, allow_none=True)
    errors = fields.Integer()
    warnings = fields.Integer()
    last_closed_year = fields.Integer(allow_none=True)
    closed_years = fields.List(fields.Integer())
    status = fields.String()
    sign_off = fields.String(allow_none=True)


class MunicipalityQuery(DanishSchema):
    """The council view's choices: budget or regnskab, the unit, the download's format."""

    class Meta:
        unknown = EXCLUDE

    kind = fields.String(
        load_default=EntryKind.BUDGET.value, validate=OneOf([k.value for k in EntryKind])
    )
    unit = fields.String(
        load_default=MoneyUnit.KR.value, validate=OneOf([u.value for u in MoneyUnit])
    )
    format = fields.String(load_default="pdf", validate=OneOf(list(MUNICIPALITY_DOWNLOADS)))
