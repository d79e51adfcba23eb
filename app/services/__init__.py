"""Ledger rules: every write goes through these functions, whichever door it came in by."""

from app.services import audit as _audit  # noqa: F401  (registers the audit-trail hooks)
