"""Backup and restore of the whole database: SQLite's online backup API, pg_dump/pg_restore.

A backup is one file: a SQLite database file, or a pg_dump custom-format archive.
Restoring replaces everything in the target database with the backup's content.
"""

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

from app.services.errors import DomainError


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise DomainError("Kun en SQLite-fil kan sikkerhedskopieres.", "database")
    return Path(database)


def _libpq_url(url: str) -> str:
    """pg_dump speaks libpq URLs: postgresql://..., without SQLAlchemy's +driver."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise DomainError(f"{name} findes ikke på PATH; installér PostgreSQL's klientværktøjer.")
    return path


def _run(cmd: list[str]) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=3600)
    if result.returncode != 0:
        raise DomainError(f"{Path(cmd[0]).name} fejlede: {result.stderr.strip()[:2000]}")


def backup(url: str, out: Path) -> None:
    """Write a consistent copy of the database at `url` to `out` while it stays online."""
    if make_url(url).get_backend_name() == "sqlite":
        out.unlink(missing_ok=True)
        source = sqlite3.connect(_sqlite_path(url))
        target = sqlite3.connect(out)
        try:
            with target:
                source.backup(target)
        finally:
            target.close()
            source.close()
        return
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(out), _libpq_url(url)])


def restore(url: str, source_file: Path) -> None:
    """Replace the content of the database at `url` with the backup in `source_file`."""
    if not source_file.is_file():
        raise DomainError(f"Sikkerhedskopien {source_file} findes ikke.", "file")
    if make_url(url).get_backend_name() == "sqlite":
        path = _sqlite_path(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"file:{source_file}?mode=ro", uri=True)
        target = sqlite3.connect(path)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise DomainError(f"{source_file} er ikke en gyldig SQLite-sikkerhedskopi.", "file")
            with target:
                source.backup(target)
        except sqlite3.DatabaseError as error:
            raise DomainError(f"{source_file} kan ikke læses som SQLite: {error}", "file") from None
        finally:
            target.close()
            source.close()
        return
    _run(
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--dbname",
            _libpq_url(url),
            str(source_file),
        ]
    )
