"""The access matrix: every endpoint and method mapped to what it needs. Deny by default.

An endpoint missing here is refused for everybody (403, or 401 without a login), and
tests/security/test_access_matrix.py fails until it is added: new routes must be placed in
the matrix deliberately. HEAD follows GET; OPTIONS is answered by Flask for anyone.
"""

from enum import StrEnum


class Need(StrEnum):
    PUBLIC = "public"  # anyone, logged in or not
    USER = "user"  # any logged-in user (lists show only the plans the user may read)
    READ_PLAN = "read_plan"  # may read the plan named by the view args
    WRITE_PLAN = "write_plan"  # may change the plan named by the view args
    WRITER = "writer"  # may change some plan (imports: the view checks each plan of the file)
    READ_PARTNER = "read_partner"  # may read reports about the partner named by partner_id
    OVERVIEW = "overview"  # the fund's overview across plans: fund and admin; 404 for others
    MUNICIPALITY = "municipality"  # one municipality's view: its users, fund, admin; else 404
    SIGN_OFF = "sign_off"  # the plan's own auditor (revisor): may sign off a closed year
    ADMIN = "admin"


READ = {"GET": Need.READ_PLAN}
READ_WRITE = {"GET": Need.READ_PLAN, "POST": Need.WRITE_PLAN}
WRITE = {"POST": Need.WRITE_PLAN}

POLICY: dict[str, dict[str, Need]] = {
    # static files and the API description
    "static": {"GET": Need.PUBLIC},
    "web.static": {"GET": Need.PUBLIC},
    "api-docs.openapi_json": {"GET": Need.PUBLIC},
    # pages
    "web.index": {"GET": Need.USER},
    "access.login": {"GET": Need.PUBLIC, "POST": Need.PUBLIC},
    "access.logout": {"POST": Need.USER},
    "access.plan_audit": READ,
    "plan_pages.partners": {"GET": Need.USER, "POST": Need.ADMIN},
    "plan_pages.new_plan": {"GET": Need.ADMIN, "POST": Need.ADMIN},
    "plan_pages.show": READ,
    "plan_pages.edit": WRITE,
    "plan_pages.add_partner": WRITE,
    "plan_pages.add_focus_area": WRITE,
    "plan_pages.add_activity": WRITE,
    "plan_pages.remove_partner": WRITE,
    "plan_pages.close_year": WRITE,
    "plan_pages.commitment": WRITE,
    "edit_pages.focus_area": READ_WRITE,
    "edit_pages.activity": READ_WRITE,
    "edit_pages.partner": {"GET": Need.ADMIN, "POST": Need.ADMIN},
    "grid.show": READ_WRITE,
    "entry_pages.history": READ,
    "entry_pages.correct": READ_WRITE,
    "staff_pages.purchases": READ_WRITE,
    "staff_pages.correct_purchase": READ_WRITE,
    "staff_pages.allocations": READ_WRITE,
    "report_pages.show": READ,
    "explanation_pages.show": READ_WRITE,
    "year_end_pages.show": READ_WRITE,
    "year_end_pages.carry_over": WRITE,
    "year_end_pages.reopen": {"POST": Need.ADMIN},
    "revision_pages.show": READ_WRITE,
    "year_end_pages.sign_off": {"POST": Need.SIGN_OFF},
    "report_pages.download": READ,
    "round_pages.rounds": READ_WRITE,
    "upload.form": {"GET": Need.WRITER},
    "upload.upload": {"POST": Need.WRITER},
    # partners and plans
    "partners.Partners": {"GET": Need.USER, "POST": Need.ADMIN},
    "partners.PartnerById": {"GET": Need.USER, "PATCH": Need.ADMIN},
    "plans.Plans": {"GET": Need.USER, "POST": Need.ADMIN},
    "plans.PlanByRef": {"GET": Need.READ_PLAN, "PATCH": Need.WRITE_PLAN},
    "plans.PlanPartners": WRITE,
    "plans.PlanPartnerById": {"DELETE": Need.WRITE_PLAN},
    "plans.FocusAreas": READ_WRITE,
    "plans.Activities": WRITE,
    "plans.PlanActivities": READ,
    "plans.FocusAreaById": {"GET": Need.READ_PLAN, "PATCH": Need.WRITE_PLAN},
    "plans.ActivityById": {"GET": Need.READ_PLAN, "PATCH": Need.WRITE_PLAN},
    # ledger
    "entries.PlanEntries": READ_WRITE,
    "entries.EntryById": READ,
    "entries.Corrections": WRITE,
    "staff.StaffPurchases": READ_WRITE,
    "staff.StaffPurchaseCorrections": WRITE,
    "staff.StaffAllocations": READ_WRITE,
    "reports.cofinancing": READ,
    # imports and exports
    "imports.post_import": {"POST": Need.WRITER},
    "exports.lbf": READ,
    "exports.entries_export": READ,
    "exports.council": {"GET": Need.READ_PARTNER},
    # overviews across plans
    "overview.rows": {"GET": Need.OVERVIEW},
    "overview.download": {"GET": Need.OVERVIEW},
    "overview_pages.show_overview": {"GET": Need.OVERVIEW},
    "overview_pages.download": {"GET": Need.OVERVIEW},
    "municipality_pages.show": {"GET": Need.MUNICIPALITY},
    "municipality_pages.download": {"GET": Need.MUNICIPALITY},
    # users, audit, closed years, budget revisions, carry-over
    "audit.Me": {"GET": Need.USER},
    "audit.AuditTrail": {"GET": Need.ADMIN},
    "audit.PlanAudit": READ,
    "years.PlanYears": READ,
    "years.CloseYear": WRITE,
    "years.ReopenYear": {"POST": Need.ADMIN},
    "years.CarryOver": WRITE,
    "years.BudgetRevisions": READ_WRITE,
    "rounds.BudgetRounds": READ_WRITE,
    "rounds.Forecasts": WRITE,
    "rounds.import_round": WRITE,
    # rule checks and grant commitments
    "checks.checks": READ,
    "checks.Commitments": READ,
    "checks.CommitmentByPartner": {"PUT": Need.WRITE_PLAN, "DELETE": Need.WRITE_PLAN},
    "checks.Explanations": READ_WRITE,
    # the auditor's sign-off of a closed year (only the plan's auditor writes one)
    "sign_offs.SignOffs": {"GET": Need.READ_PLAN, "POST": Need.SIGN_OFF},
    # user administration (admin) and the caller's own tokens and password
    "users.Users": {"GET": Need.ADMIN, "POST": Need.ADMIN},
    "users.UserById": {"GET": Need.ADMIN, "PATCH": Need.ADMIN},
    "users.PasswordReset": {"POST": Need.ADMIN},
    "users.UserTokens": {"GET": Need.ADMIN},
    "users.TokenById": {"DELETE": Need.ADMIN},
    "users.MyTokens": {"GET": Need.USER, "POST": Need.USER},
    "users.MyTokenById": {"DELETE": Need.USER},
    "users.MyPassword": {"POST": Need.USER},
    "user_pages.users": {"GET": Need.ADMIN, "POST": Need.ADMIN},
    "user_pages.user": {"GET": Need.ADMIN, "POST": Need.ADMIN},
    "user_pages.reset": {"POST": Need.ADMIN},
    "user_pages.revoke": {"POST": Need.ADMIN},
    "user_pages.tokens": {"GET": Need.USER, "POST": Need.USER},
    "user_pages.revoke_own": {"POST": Need.USER},
    "user_pages.password": {"GET": Need.USER, "POST": Need.USER},
}


def need_for(endpoint: str | None, method: str) -> Need | None:
    """What `method` on `endpoint` needs; None means it is not in the matrix (denied)."""
    if endpoint is None:
        return None
    method = "GET" if method == "HEAD" else method
    return POLICY.get(endpoint, {}).get(method)
