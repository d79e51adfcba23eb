"""Which new passwords are accepted, after NIST SP 800-63B (section 3.1.1.2).

At least 8 characters, at most 256 (every character counts, spaces too); no composition
rules. Every new password is checked, offline, against zxcvbn's bundled lists — about 30,000
of the commonest passwords from breaches, English and other dictionary words, names — and
its patterns (repeats, sequences, keyboard walks, dates, l33t), plus words of this service
and the user's own name. A password an attacker would guess in under 10^8 tries is refused.
zxcvbn (its lists) is imported by the first check, not by every `ledger` command (~0.1 s of
start-up).
"""

from app.services.errors import DomainError

MIN_LENGTH = 8
MAX_LENGTH = 256
MIN_GUESSES = 10**8  # zxcvbn's score 3: "safely unguessable" against online attacks
_CHECKED = 72  # zxcvbn's own ceiling; a longer password is judged by its first part
# Context words (SP 800-63B: "context-specific words") and common Danish ones.
CONTEXT_WORDS = (
    "ledger", "boligsocial", "helhedsplan", "medfinansiering", "landsbyggefonden",
    "kommune", "kodeord", "adgangskode", "password", "hemmelig", "velkommen", "sommer",
    "vinter", "forår", "efterår", "danmark", "københavn", "aarhus", "odense", "aalborg",
    "slagelse", "næstved", "sekretariat", "bolig", "boligselskab", "fond", "admin",
)  # fmt: skip


def check_new_password(password: str, username: str = "") -> None:
    """Raise DomainError(field "password") for a password NIST would have refused."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        raise DomainError(f"Adgangskoden skal have mindst {MIN_LENGTH} tegn.", "password")
    if len(password) > MAX_LENGTH:
        raise DomainError(f"Adgangskoden må højst have {MAX_LENGTH} tegn.", "password")
    from zxcvbn import zxcvbn

    inputs = [*CONTEXT_WORDS, *(part for part in _parts(username) if len(part) >= 3)]
    if zxcvbn(password[:_CHECKED], user_inputs=inputs)["guesses"] < MIN_GUESSES:
        raise DomainError(
            "Adgangskoden er for let at gætte: den er almindelig, et ord, en gentagelse, en "
            "række eller ligner brugernavnet. Brug fx en sætning af flere ord.",
            "password",
        )


def _parts(username: str) -> list[str]:
    """The username, its pieces and them joined (`anne.hansen` → anne, hansen, annehansen)."""
    name = (username or "").lower()
    pieces = name.replace("@", ".").replace("_", ".").replace("-", ".").split(".")
    return [name, "".join(pieces), *pieces]
