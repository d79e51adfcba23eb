"""Ledger rules: every write goes through these functions, whichever door it came in by."""
