"""Users and personal tokens: the admin API's bodies and the user pages' forms, one set of
rules for both doors (the service checks passwords and role/partner/plan consistency)."""

from marshmallow import fields

from app.models import Role
from app.schemas import StrictSchema
from app.schemas.danish import DanishSchema, Length, OneOf
from app.schemas.times import UtcDateTime

ROLES = OneOf([r.value for r in Role])
PLANS = fields.List(
    fields.String(validate=Length(1, 100)),
    validate=Length(max=1000, unit="planer"),
    metadata={"description": "Plan slugs or ids (roles secretariat and auditor only)"},
)


class UserIn(StrictSchema):
    username = fields.String(required=True, validate=Length(1, 100))
    password = fields.String(
        required=True,
        validate=Length(1, 1000),
        metadata={"description": "NIST SP 800-63B: 8–256 characters, not easily guessed"},
    )
    role = fields.String(required=True, validate=ROLES)
    partner_id = fields.Integer(strict=True, load_default=None, allow_none=True)
    plans = PLANS


class UserPatch(StrictSchema):
    role = fields.String(validate=ROLES)
    partner_id = fields.Integer(strict=True, allow_none=True)
    plans = PLANS
    active = fields.Boolean(
        metadata={"description": "false: no login, every session and token stops working"}
    )


class UserOut(DanishSchema):
    id = fields.Integer()
    username = fields.String()
    role = fields.String()
    partner_id = fields.Integer(allow_none=True)
    plans = fields.List(fields.String())
    active = fields.Boolean()
    must_change_password = fields.Boolean()
    created_at = UtcDateTime()


class PasswordResetOut(DanishSchema):
    temporary_password = fields.String(
        metadata={"description": "Shown once; the user sets their own at the next login"}
    )


class PasswordChangeIn(StrictSchema):
    current_password = fields.String(required=True, validate=Length(1, 1000))
    new_password = fields.String(required=True, validate=Length(1, 1000))


class TokenIn(StrictSchema):
    name = fields.String(load_default="", validate=Length(max=100))


class TokenOut(DanishSchema):
    id = fields.Integer()
    user_id = fields.Integer()
    name = fields.String()
    prefix = fields.String()
    created_at = UtcDateTime()
    revoked_at = UtcDateTime(allow_none=True)


class IssuedTokenOut(TokenOut):
    secret = fields.String(metadata={"description": "Shown once; only its hash is stored"})
