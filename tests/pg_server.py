"""A throwaway PostgreSQL server for the test suite, started with initdb/pg_ctl from PATH.

PostgreSQL refuses to run as root, so under root the server runs as the `postgres` user
(runuser). Set LEDGER_TEST_PG_URL to use a server you already have instead.
"""

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


@dataclass
class PgServer:
    host: str
    port: int
    user: str
    datadir: Path | None = None
    runas: list[str] | None = None

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{database}"

    def stop(self) -> None:
        if self.datadir is None:
            return
        subprocess.run(
            [*(self.runas or []), "pg_ctl", "-D", str(self.datadir), "-m", "immediate", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(self.datadir.parent, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(cmd: list[str]) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise PostgresUnavailable(
            f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
        )


def _ensure_postgres_user() -> None:
    """Debian's package creates `postgres`; a bare machine may lack it."""
    import pwd

    try:
        pwd.getpwnam("postgres")
    except KeyError:
        _run(["useradd", "--system", "--no-create-home", "postgres"])


def start() -> PgServer:
    for tool in ("initdb", "pg_ctl"):
        if shutil.which(tool) is None:
            raise PostgresUnavailable(
                f"{tool} is not on PATH; install PostgreSQL 15 (initdb, pg_ctl)"
            )
    root = Path(tempfile.mkdtemp(prefix="ledger-pg-"))
    datadir = root / "data"
    runas: list[str] = []
    if os.geteuid() == 0:
        _ensure_postgres_user()
        runas = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres")
        root.chmod(0o755)
    port = _free_port()
    _run(
        [
            *runas,
            "initdb",
            "-D",
            str(datadir),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--locale=C",
        ]
    )
    options = (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    _run(
        [
            *runas,
            "pg_ctl",
            "-D",
            str(datadir),
            "-o",
            options,
            "-l",
            str(root / "log"),
            "-w",
            "-t",
            "60",
            "start",
        ]
    )
    return PgServer("127.0.0.1", port, "postgres", datadir, runas)


def from_url(url: str) -> PgServer:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    return PgServer(parsed.host or "127.0.0.1", parsed.port or 5432, parsed.username or "postgres")
