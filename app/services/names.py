"""Names and codes people type (plans, partners, indsatsområder, activities), at every door.

One check, whichever door the text came through — API, page form, import, seed or CLI: it is
stripped, must not be empty, and may be no longer than its database column. The API's
schemas say the same numbers; this makes the pages (and SQLite, which does not enforce
VARCHAR lengths) hold them too, so a 9 MB name never reaches a page or a PDF.
"""

from typing import Any

from app.services.errors import DomainError


def max_length(attribute: Any) -> int:
    """The VARCHAR length of a mapped column, e.g. max_length(FocusArea.name) == 200."""
    return int(attribute.property.columns[0].type.length)


def clean_name(
    value: str | None, attribute: Any, field: str, missing: str = "Navnet mangler."
) -> str:
    """`value` stripped; refused when empty or longer than `attribute`'s column."""
    text = (value or "").strip()
    if not text:
        raise DomainError(missing, field)
    limit = max_length(attribute)
    if len(text) > limit:
        what = "Koden" if field == "code" else "Navnet"
        raise DomainError(
            f"{what} må højst være {limit} tegn (det er {len(text):,}).".replace(",", "."), field
        )
    return text
