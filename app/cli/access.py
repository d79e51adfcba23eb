"""`ledger user ...`, `ledger token ...`: users, roles and personal API tokens."""

import click

from app.cli.session import session_scope
from app.models import Role
from app.services.errors import DomainError, NotFound
from app.services.users import (
    create_token,
    create_user,
    deactivate_user,
    get_user,
    list_tokens,
    revoke_token,
    set_password,
)

DEMO_USER = "demo"
DEMO_PASSWORD = "demo-ledger-2026"


def _fail(error: DomainError) -> None:
    raise click.ClickException(error.message)


@click.group()
def user() -> None:
    """Users and roles (admin, secretariat, partner, fund, auditor)."""


@user.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--partner", help="Partner name or id (role partner: its organisation).")
@click.option(
    "--plan", "plans", multiple=True, help="Plan slug (roles secretariat, auditor); repeatable."
)
@click.password_option(envvar="LEDGER_PASSWORD", help="Asked for when not given.")
def user_create(
    username: str, role: str, partner: str | None, plans: tuple[str, ...], password: str
) -> None:
    """Create USERNAME with a password and a role."""
    try:
        with session_scope() as db:
            created = create_user(
                db,
                username=username,
                password=password,
                role=role,
                partner=partner,
                plans=list(plans),
            )
            click.echo(f"Bruger oprettet: {created.username} ({created.role}).")
    except DomainError as error:
        _fail(error)


@user.command("password")
@click.argument("username")
@click.password_option(envvar="LEDGER_PASSWORD", help="Asked for when not given.")
def user_password(username: str, password: str) -> None:
    """Give USERNAME a new password; every session of the user ends."""

    try:
        with session_scope() as db:
            set_password(db, get_user(db, username), password)
    except DomainError as error:
        _fail(error)
    click.echo(f"Ny adgangskode sat for {username}; brugerens sessioner er afsluttet.")


@user.command("deactivate")
@click.argument("username")
def user_deactivate(username: str) -> None:
    """Shut USERNAME out: no login, every session ended, tokens refused (history kept)."""

    try:
        with session_scope() as db:
            deactivate_user(db, get_user(db, username))
    except DomainError as error:
        _fail(error)
    click.echo(f"{username} er deaktiveret; brugerens sessioner og tokens virker ikke længere.")


@user.command("demo")
def user_demo() -> None:
    """Make sure the demo admin exists and print its login (for `make demo`)."""
    with session_scope() as db:
        try:
            get_user(db, DEMO_USER)
            made = False
        except NotFound:
            create_user(db, username=DEMO_USER, password=DEMO_PASSWORD, role=Role.ADMIN)
            made = True
    state = "oprettet" if made else "findes"
    click.echo(f"Demo-login ({state}): brugernavn {DEMO_USER}, adgangskode {DEMO_PASSWORD}")


@click.group()
def token() -> None:
    """Personal API tokens (Authorization: Bearer ...); only their hashes are stored."""


@token.command("create")
@click.argument("username")
@click.option("--name", default="", help="What the token is for.")
def token_create(username: str, name: str) -> None:
    """Create a token for USERNAME and print it once."""
    try:
        with session_scope() as db:
            issued = create_token(db, get_user(db, username), name)
            token_id = issued.token.id
    except DomainError as error:
        _fail(error)
    click.echo(f"Token {token_id} (gem det nu; det vises ikke igen):", err=True)
    click.echo(issued.secret)


@token.command("revoke")
@click.argument("token_id", type=int)
def token_revoke(token_id: int) -> None:
    """Revoke token TOKEN_ID (see `ledger token list`)."""
    try:
        with session_scope() as db:
            revoke_token(db, token_id)
    except DomainError as error:
        _fail(error)
    click.echo(f"Token {token_id} er tilbagekaldt.")


@token.command("list")
@click.argument("username", required=False)
def token_list(username: str | None) -> None:
    """List tokens (id, prefix, owner, state), of USERNAME or of everybody."""
    try:
        with session_scope() as db:
            owner = get_user(db, username) if username else None
            for item in list_tokens(db, owner):
                state = "tilbagekaldt" if item.revoked_at else "aktiv"
                click.echo(f"{item.id}\t{item.prefix}…\t{item.user.username}\t{item.name}\t{state}")
    except DomainError as error:
        _fail(error)
