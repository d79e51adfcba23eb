"""Request and response shapes, shared by the JSON API and the page forms (marshmallow).

The OpenAPI document is generated from these; `app.web.forms.parse_form` reads page forms
with the same schemas, so both doors apply the same rules and messages.
"""

from decimal import Decimal

import sqlalchemy as sa
from marshmallow import EXCLUDE, fields
from marshmallow_sqlalchemy import ModelConverter, SQLAlchemyAutoSchema

from app.formatting import MoneyUnit
from app.models import (
    Activity,
    Category,
    Entry,
    EntryKind,
    Partner,
    PartnerKind,
    StaffAllocation,
    StaffPurchase,
)
from app.models.base import FIRST_YEAR, LAST_YEAR
from app.schemas.danish import DanishSchema, Length, OneOf, Range
from app.schemas.numbers import Amount, DanishDecimal
from app.schemas.times import UtcDateTime
from app.services.amounts import MAX_FTE, MAX_HOURS
from reports.cofinancing import Form
from reports.render import FORMATS

YEARS = Range(FIRST_YEAR, LAST_YEAR)
Year = fields.Integer(strict=True, required=True, validate=YEARS)


class _Converter(ModelConverter):
    SQLA_TYPE_MAPPING = {**ModelConverter.SQLA_TYPE_MAPPING, sa.DateTime: UtcDateTime}


class ModelOut(SQLAlchemyAutoSchema):
    """An answer shaped by its table: every column, foreign keys included, no hand copy."""

    class Meta:
        include_fk = True
        load_instance = False
        model_converter = _Converter


class StrictSchema(DanishSchema):
    """Unknown fields are refused, so a typo never silently drops a value."""


class PartnerIn(StrictSchema):
    name = fields.String(required=True, validate=Length(1, 200))
    kind = fields.String(required=True, validate=OneOf([k.value for k in PartnerKind]))
    cvr = fields.String(load_default=None, allow_none=True, metadata={"example": "12345678"})


class PartnerPatch(StrictSchema):
    """Only the fields sent change; `confirm_report_change` allows a kind change to or from
    `fund` that changes reports of the plans the partner takes part in."""

    name = fields.String(validate=Length(1, 200))
    kind = fields.String(validate=OneOf([k.value for k in PartnerKind]))
    cvr = fields.String(allow_none=True, metadata={"example": "12345678"})
    confirm_report_change = fields.Boolean(load_default=False)


class PartnerOut(ModelOut):
    class Meta(ModelOut.Meta):
        model = Partner


class PartnerRef(DanishSchema):
    id = fields.Integer()
    name = fields.String()
    kind = fields.String()


class ActivityIn(StrictSchema):
    code = fields.String(required=True, validate=Length(1, 40))
    name = fields.String(required=True, validate=Length(1, 300))


class ActivityForm(ActivityIn):
    """The page's form names the indsatsområde in a field; the API names it in the path."""

    focus_area_id = fields.Integer(strict=True, required=True)


class ActivityPatch(StrictSchema):
    code = fields.String(validate=Length(1, 40))
    name = fields.String(validate=Length(1, 300))
    focus_area_id = fields.Integer(strict=True, metadata={"description": "within the plan"})


class ActivityOut(ModelOut):
    class Meta(ModelOut.Meta):
        model = Activity


class FocusAreaIn(StrictSchema):
    name = fields.String(required=True, validate=Length(1, 200))


class FocusAreaPatch(StrictSchema):
    name = fields.String(required=True, validate=Length(1, 200))


class FocusAreaOut(DanishSchema):
    id = fields.Integer()
    plan_id = fields.Integer()
    name = fields.String()
    activities = fields.List(fields.Nested(ActivityOut))


class PlanIn(StrictSchema):
    slug = fields.String(required=True, metadata={"example": "slagelse-2017-2021"})
    name = fields.String(required=True, validate=Length(1, 300))
    municipality_id = fields.Integer(strict=True, required=True)
    first_year = Year
    last_year = Year
    frame = Amount(load_default=None, allow_none=True)
    partner_ids = fields.List(fields.Integer(strict=True), load_default=list)


class PlanPatch(StrictSchema):
    """Only the fields sent change; a period must still hold everything booked."""

    slug = fields.String(metadata={"example": "slagelse-2017-2021"})
    name = fields.String(validate=Length(1, 300))
    first_year = fields.Integer(strict=True, validate=YEARS)
    last_year = fields.Integer(strict=True, validate=YEARS)
    frame = Amount(allow_none=True)
    min_local_share = DanishDecimal(
        limit=Decimal(100),
        what="Minimum for lokal medfinansiering",
        metadata={"description": "per cent, default 25 (LBF: at least 25 % local)"},
    )
    variance_pct = DanishDecimal(
        limit=Decimal(1000),
        what="Tærsklen for afvigelser",
        metadata={"description": "per cent, default 10"},
    )
    variance_amount = Amount(metadata={"description": "kroner, default 50.000"})


class PlanOut(DanishSchema):
    id = fields.Integer()
    slug = fields.String()
    name = fields.String()
    municipality_id = fields.Integer()
    first_year = fields.Integer()
    last_year = fields.Integer()
    frame_ore = fields.Integer(allow_none=True)
    min_local_share = fields.Decimal(places=2, as_string=True)
    variance_pct = fields.Decimal(places=2, as_string=True)
    variance_amount_ore = fields.Integer()
    partners = fields.List(fields.Nested(PartnerRef))
    focus_areas = fields.List(fields.Nested(FocusAreaOut))


class PlanPartnerIn(StrictSchema):
    partner_id = fields.Integer(strict=True, required=True)


class EntryIn(StrictSchema):
    year = Year
    partner_id = fields.Integer(strict=True, required=True)
    activity_id = fields.Integer(strict=True, load_default=None, allow_none=True)
    kind = fields.String(required=True, validate=OneOf([k.value for k in EntryKind]))
    category = fields.String(required=True, validate=OneOf([c.value for c in Category]))
    amount = Amount(required=True)
    text = fields.String(load_default="", validate=Length(max=500))
    external_id = fields.String(load_default=None, allow_none=True, validate=Length(1, 100))


class EntryOut(ModelOut):
    class Meta(ModelOut.Meta):
        model = Entry

    # A correction's links both ways (issue 17.4): the entry that reversed this one, and the
    # entry a replacement replaces (reverses_id, from the model, is the reversal's own link).
    reversed_by_id = fields.Integer(
        allow_none=True, metadata={"description": "The entry that reversed this one, if any."}
    )
    replaces_id = fields.Integer(
        allow_none=True, metadata={"description": "The entry this correction replaces, if any."}
    )


class EntryQuery(DanishSchema):
    class Meta:
        unknown = EXCLUDE

    year = fields.Integer()
    kind = fields.String(validate=OneOf([k.value for k in EntryKind]))
    activity_id = fields.Integer()
    partner_id = fields.Integer()


class CorrectionIn(StrictSchema):
    reason = fields.String(
        required=True,
        validate=Length(1, 400, error="En rettelse kræver en begrundelse (højst 400 tegn)."),
    )
    new_amount = Amount(load_default=None, allow_none=True)


class CorrectionOut(DanishSchema):
    reversal = fields.Nested(EntryOut)
    replacement = fields.Nested(EntryOut, allow_none=True)


class StaffPurchaseIn(StrictSchema):
    year = Year
    kind = fields.String(
        load_default=EntryKind.BUDGET.value, validate=OneOf([k.value for k in EntryKind])
    )
    activity_id = fields.Integer(strict=True, required=True)
    supplier_id = fields.Integer(strict=True, required=True)
    payer_id = fields.Integer(strict=True, required=True)
    hours = DanishDecimal(required=True, what="Timer", limit=MAX_HOURS)
    rate = Amount(required=True)
    text = fields.String(load_default="", validate=Length(max=500))


class StaffPurchaseOut(ModelOut):
    class Meta(ModelOut.Meta):
        model = StaffPurchase

    hours = fields.Decimal(as_string=True)


class StaffPurchaseCorrectionIn(StrictSchema):
    """New hours and/or rate for a frikøb, with the reason (issue 17.3)."""

    reason = fields.String(
        required=True,
        validate=Length(1, 400, error="En rettelse kræver en begrundelse (højst 400 tegn)."),
    )
    hours = DanishDecimal(load_default=None, allow_none=True, what="Timer", limit=MAX_HOURS)
    rate = Amount(load_default=None, allow_none=True)


class StaffAllocationIn(StrictSchema):
    year = Year
    focus_area_id = fields.Integer(strict=True, required=True)
    partner_id = fields.Integer(strict=True, required=True)
    fte = DanishDecimal(required=True, what="Årsværk", limit=MAX_FTE)
    text = fields.String(load_default="", validate=Length(max=500))


class StaffAllocationOut(ModelOut):
    class Meta(ModelOut.Meta):
        model = StaffAllocation

    fte = fields.Decimal(as_string=True)


Unit = fields.String(
    load_default=MoneyUnit.KR.value,
    validate=OneOf([u.value for u in MoneyUnit]),
    metadata={
        "description": "kr (kroner), 1000 (1.000 kr.) or mio (mio. kr., one decimal); "
        "every cell rounded half away from zero from its exact øre sum"
    },
)


class ReportQuery(DanishSchema):
    class Meta:
        unknown = EXCLUDE

    form = fields.String(load_default=Form.SLAGELSE.value, validate=OneOf([f.value for f in Form]))
    kind = fields.String(
        load_default=EntryKind.BUDGET.value, validate=OneOf([k.value for k in EntryKind])
    )
    by_focus_area = fields.Boolean(load_default=False)
    unit = Unit
    year = fields.Integer(
        load_default=None,
        validate=YEARS,
        metadata={"description": "follow-up: one year with a row per activity/indsatsområde"},
    )
    rows = fields.String(load_default="activity", validate=OneOf(["activity", "focus-area"]))
    by_partner = fields.Boolean(
        load_default=False, metadata={"description": "business-case: per committee (partner)"}
    )
    activity = fields.String(
        load_default=None,
        validate=Length(1, 40),
        metadata={"description": "business-case per committee: the activity's code"},
    )
    round = fields.Integer(
        load_default=None,
        validate=Range(min=1),
        metadata={"description": "follow-up: the year's budget follow-up round (1, 2, …)"},
    )
    format = fields.String(load_default="json", validate=OneOf(list(FORMATS)))


class ReportRowOut(DanishSchema):
    label = fields.String()
    values_ore = fields.List(
        fields.Integer(allow_none=True),
        metadata={"description": "Money columns in øre; null in hours/FTE columns"},
    )
    quantities = fields.List(
        fields.String(allow_none=True),
        metadata={
            "description": 'Only in tables with hours ("t"), FTE ("fte") or per cent ("%") '
            'columns: those values as exact decimals ("1.80", "25.0"); null in money columns'
        },
    )
    values = fields.List(fields.String(), metadata={"description": "Danish display"})


class ReportTableOut(DanishSchema):
    title = fields.String()
    label_header = fields.String()
    columns = fields.List(fields.String())
    rows = fields.List(fields.Nested(ReportRowOut))
    total = fields.Nested(ReportRowOut, allow_none=True)
    zero_as_dash = fields.Boolean(metadata={"description": 'A 0 is displayed as "–"'})


class ReportPlanOut(DanishSchema):
    slug = fields.String()
    name = fields.String()


class ReportPeriodOut(DanishSchema):
    first_year = fields.Integer()
    last_year = fields.Integer()


class ReportHeadOut(DanishSchema):
    """What every report's JSON starts with (reports.render_json.report_dict)."""

    title = fields.String()
    subtitle = fields.String()
    plan = fields.Nested(ReportPlanOut)
    period = fields.Nested(ReportPeriodOut)
    unit = fields.String()
    generated_at = fields.String()
    notes = fields.List(fields.String())


class ReportOut(ReportHeadOut):
    form = fields.String()
    kind = fields.String()
    by_focus_area = fields.Boolean()
    year = fields.Integer(allow_none=True, metadata={"description": "follow-up: the year"})
    rows = fields.String(metadata={"description": "follow-up: activity or focus-area"})
    round = fields.Integer(allow_none=True, metadata={"description": "follow-up: the round"})
    by_partner = fields.Boolean()
    activity = fields.String(allow_none=True)
    payback_year = fields.Integer(
        allow_none=True, metadata={"description": "business-case: cumulative net ≤ 0 first"}
    )
    tables = fields.List(fields.Nested(ReportTableOut))
