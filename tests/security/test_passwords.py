"""Issue 18.10: new passwords follow NIST SP 800-63B — length, a bundled list, no network."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.services.errors import DomainError
from app.services.passwords import check_new_password
from app.services.users import create_user

LEDGER = str(Path(sys.executable).with_name("ledger"))

WEAK = [
    "12345678",  # the probe's three
    "password",
    "        ",
    "1234567",  # too short
    "qwertyuiop",  # keyboard walk
    "aaaaaaaaaaaa",  # repeat, 12 long
    "Password1!",  # composition rules satisfied, still on every list
    "sommer2024",  # Danish season + year
    "kodeord-123",
    "adgangskode1",
    "anne.hansen1",  # the username
    "iloveyou2",
]
STRONG = ["tre grønne heste", "gul-lampe-sover-2026", "korrekt-hest-batteri", "Xq7#pL2v"]


@pytest.mark.parametrize("password", WEAK)
def test_weak_passwords_refused(password: str) -> None:
    with pytest.raises(DomainError) as refused:
        check_new_password(password, "anne.hansen")
    assert refused.value.field == "password"


@pytest.mark.parametrize("password", STRONG)
def test_strong_passwords_accepted_without_composition_rules(password: str) -> None:
    check_new_password(password, "anne.hansen")


def test_long_passwords_count_every_character() -> None:
    check_new_password("en lang sætning " * 16)  # 256 characters, spaces kept
    with pytest.raises(DomainError, match="højst have 256"):
        check_new_password("x" * 257)


@pytest.mark.parametrize("password", ["12345678", "password", "        "])
def test_create_user_refuses_weak_password_and_stores_nothing(db, password: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as refused:
        create_user(db, username="revisor", password=password, role="fund")
    assert "gætte" in refused.value.message
    user = create_user(db, username="revisor", password="gul-lampe-sover-2026", role="fund")
    assert user.id is not None


def test_cli_user_create_refuses_weak_password(db_url: str) -> None:
    env = {**os.environ, "LEDGER_DATABASE_URL": db_url, "LEDGER_PASSWORD": "password"}
    made = subprocess.run(
        [LEDGER, "user", "create", "revisor", "--role", "fund"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 1 and "for let at gætte" in made.stderr, made.stderr
