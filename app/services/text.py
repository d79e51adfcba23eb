"""Text typed by people: control characters are refused at every door, with one message.

Tab, line feed and carriage return are ordinary text (a textarea sends CR LF). Every other C0
control character, DEL, the C1 controls and lone surrogates cannot be stored safely: XML (and
so XLSX) cannot hold them, PostgreSQL refuses NUL, and an append-only ledger could never be rid
of them again.
"""

import re

from app.services.errors import DomainError

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def control_message(character: str) -> str:
    return (
        f"Teksten indeholder et kontroltegn (U+{ord(character):04X}), som ikke kan gemmes; "
        "fjern det og prøv igen."
    )


def control_error(value: str | None) -> str | None:
    """The Danish message for the first control character in `value`, or None."""
    found = CONTROL.search(value) if value else None
    return control_message(found.group()) if found else None


def check_text(value: str | None, field: str) -> None:
    message = control_error(value)
    if message:
        raise DomainError(message, field)


def without_controls(value: str, replacement: str = "\ufffd") -> str:
    """For writers that must never fail on old data (XLSX): controls shown as �."""
    return CONTROL.sub(replacement, value)
