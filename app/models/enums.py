"""Closed vocabularies, stored as short strings guarded by CHECK constraints."""

from enum import StrEnum


class PartnerKind(StrEnum):
    FUND = "fund"  # Landsbyggefonden
    MUNICIPALITY = "municipality"
    HOUSING_ORG = "housing_org"
    OTHER = "other"


class EntryKind(StrEnum):
    BUDGET = "budget"
    ACTUAL = "actual"  # regnskab


class Category(StrEnum):
    CASH = "cash"
    STAFF_PURCHASE = "staff_purchase"  # frikøb: the fund/plan pays for municipal staff
    STAFF_COFINANCING = "staff_cofinancing"  # the municipality's own allocated staff
    OTHER = "other"


def sql_in(column: str, enum: type[StrEnum]) -> str:
    """SQL text for a CHECK constraint that keeps `column` within `enum`."""
    values = ", ".join(f"'{member.value}'" for member in enum)
    return f"{column} IN ({values})"


PARTNER_KIND_LABELS = {
    PartnerKind.FUND: "Fond",
    PartnerKind.MUNICIPALITY: "Kommune",
    PartnerKind.HOUSING_ORG: "Boligorganisation",
    PartnerKind.OTHER: "Anden",
}
ENTRY_KIND_LABELS = {EntryKind.BUDGET: "Budget", EntryKind.ACTUAL: "Regnskab"}
CATEGORY_LABELS = {
    Category.CASH: "Kontant",
    Category.STAFF_PURCHASE: "Frikøb af personale",
    Category.STAFF_COFINANCING: "Medfinansiering i personale",
    Category.OTHER: "Andet",
}
