"""Domain model: SQLAlchemy 2.x typed tables. Import from here so every table is registered."""

from app.models.audit import AuditLog
from app.models.base import Base
from app.models.closing import BudgetRevision, CarryOver, ClosedYear, RevisionEntry
from app.models.entry import Entry, EntryReplacement
from app.models.entry_sum import ActivitySum, EntrySum, PartnerSum
from app.models.enums import Category, EntryKind, PartnerKind
from app.models.partner import Partner
from app.models.plan import Activity, FocusArea, MasterPlan, PlanPartner
from app.models.rounds import BudgetRound, Forecast
from app.models.security import ApiToken, LoginFailure, Role, User, UserPlan
from app.models.sign_off import SignOff
from app.models.staff import StaffAllocation, StaffPurchase
from app.models.year_end import GrantCommitment, VarianceExplanation

__all__ = [
    "Activity",
    "ActivitySum",
    "ApiToken",
    "AuditLog",
    "Base",
    "BudgetRevision",
    "BudgetRound",
    "CarryOver",
    "Category",
    "ClosedYear",
    "Entry",
    "EntryReplacement",
    "EntrySum",
    "EntryKind",
    "FocusArea",
    "Forecast",
    "GrantCommitment",
    "LoginFailure",
    "MasterPlan",
    "Partner",
    "PartnerKind",
    "PartnerSum",
    "PlanPartner",
    "RevisionEntry",
    "Role",
    "SignOff",
    "StaffAllocation",
    "StaffPurchase",
    "User",
    "UserPlan",
    "VarianceExplanation",
]
