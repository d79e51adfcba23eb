"""Where the database is. One environment variable, an embedded SQLite file by default."""

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "instance" / "ledger.sqlite"


def database_url() -> str:
    """LEDGER_DATABASE_URL, e.g. postgresql+psycopg://user@host/db; else the SQLite file."""
    url = os.environ.get("LEDGER_DATABASE_URL")
    if url:
        return url
    DEFAULT_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def secret_key() -> str:
    """LEDGER_SECRET_KEY, else a random key kept in instance/secret_key (made once)."""
    key = os.environ.get("LEDGER_SECRET_KEY")
    if key:
        return key
    path = DEFAULT_SQLITE_PATH.parent / "secret_key"
    if not path.exists():
        import secrets

        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
