"""Shapes of the year-end checks, grant commitments and plan limits (API and page forms)."""

from marshmallow import EXCLUDE, fields

from app.models import GrantCommitment, VarianceExplanation
from app.schemas import YEARS, ModelOut, StrictSchema
from app.schemas.danish import DanishSchema, Length, OneOf
from app.schemas.numbers import Amount


class CheckQuery(DanishSchema):
    class Meta:
        unknown = EXCLUDE

    year = fields.Integer(load_default=None, validate=YEARS)


class CheckOut(DanishSchema):
    code = fields.String(
        metadata={
            "description": "local_cofinancing_min, fund_share_max, frame_exceeded, "
            "commitment_exceeded, variance_unexplained, staff_purchase_without_hours, "
            "municipality_missing"
        }
    )
    severity = fields.String(validate=OneOf(["error", "warning"]))
    message = fields.String()
    year = fields.Integer(allow_none=True, metadata={"description": "null: the whole period"})
    fix = fields.String(metadata={"description": "where it is put right"})
    data = fields.Dict(metadata={"description": "the figures behind it; amounts in øre"})


class CheckReportOut(DanishSchema):
    plan = fields.String()
    year = fields.Integer(allow_none=True)
    local_share = fields.String(
        allow_none=True, metadata={"description": "per cent, one decimal", "example": "43.8"}
    )
    fund_share = fields.String(allow_none=True, metadata={"example": "56.2"})
    min_local_share = fields.String(metadata={"example": "25.0"})
    errors = fields.Integer()
    warnings = fields.Integer()
    checks = fields.List(fields.Nested(CheckOut))


class CommitmentIn(StrictSchema):
    amount = Amount(required=True, allow_none=True)


class CommitmentForm(CommitmentIn):
    """The plan page names the fund partner in a field; the API names it in the path."""

    partner_id = fields.Integer(strict=True, required=True)


class CommitmentOut(ModelOut):
    class Meta(ModelOut.Meta):
        model = GrantCommitment


class ExplanationIn(StrictSchema):
    activity_id = fields.Integer(
        strict=True,
        load_default=None,
        allow_none=True,
        metadata={"description": "null: the plan-wide lines"},
    )
    text = fields.String(required=True, validate=Length(1, 500))


class ExplanationOut(ModelOut):
    class Meta(ModelOut.Meta):
        model = VarianceExplanation


class VarianceOut(DanishSchema):
    activity_id = fields.Integer(allow_none=True)
    label = fields.String()
    budget_ore = fields.Integer()
    actual_ore = fields.Integer()
    variance_ore = fields.Integer(metadata={"description": "regnskab − corrected budget"})
    over_thresholds = fields.Boolean()
    explanation = fields.Nested(ExplanationOut, allow_none=True)


class YearVariancesOut(DanishSchema):
    year = fields.Integer()
    variances = fields.List(fields.Nested(VarianceOut))
    explanations = fields.List(
        fields.Nested(ExplanationOut), metadata={"description": "history, newest first"}
    )


class YearCloseForm(StrictSchema):
    """The year-end page's close form: a reason and the tick that confirms the warnings."""

    reason = fields.String(load_default="", validate=Length(max=500))
    confirm_warnings = fields.Boolean(load_default=False)


class YearReopenForm(StrictSchema):
    reason = fields.String(required=True, validate=Length(max=500))
