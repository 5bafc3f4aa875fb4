"""`rightsdesk keys` and `rightsdesk users`: the secret key, accounts and their grants; and signing in, which every
case command does (`--user NAME`, password from RIGHTSDESK_PASSWORD or a prompt).

The key comes from RIGHTSDESK_SECRET_KEY or RIGHTSDESK_SECRET_KEY_FILE (`cases.crypto`); the database never holds
it. The first account may be made without signing in (it must be an admin of every collection); every later
change to accounts needs `--user` with manage-users.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any, TypeVar

import click

from rightsdesk.cli.common import CONTEXT, emit, get_store, print_table

F = TypeVar("F", bound=Callable[..., Any])
PASSWORD_ENV = "RIGHTSDESK_PASSWORD"
NEW_PASSWORD_ENV = "RIGHTSDESK_NEW_PASSWORD"
ROLES = ("admin", "documenter", "analyst", "viewer")


def user_option(func: F) -> F:
    """Add `--user NAME`: the account the command acts as."""
    return click.option("--user", "user", metavar="NAME",
                        help=f"The account to act as (its password from {PASSWORD_ENV} or a prompt).")(func)


def keyring() -> Any:
    """The keyring from the environment (InputError naming what to set when there is no key)."""
    from rightsdesk.cases.crypto import keyring_from_env

    return keyring_from_env()


def _password(env: str, prompt: str, *, confirm: bool = False) -> str:
    if os.environ.get(env):
        return os.environ[env]
    return str(click.prompt(prompt, hide_input=True, confirmation_prompt=confirm, err=True))


def sign_in(ctx: click.Context, user: str | None) -> tuple[Any, Any, Any]:
    """(store, keyring, principal) for `--user`; UsageError without it, AuthenticationError (audited) when the
    password is wrong. The TOTP second factor is asked for on the web only: whoever runs a case command holds
    the database key, which is the stronger second factor (and a code, usable once, would allow one command
    every 30 seconds)."""
    from rightsdesk.errors import UsageError
    from rightsdesk.store.accounts import authenticate

    if not user:
        raise UsageError("this command acts as a named account: give --user NAME")
    ring = keyring()
    store = get_store(ctx, write=True)
    password = _password(PASSWORD_ENV, f"password for {user}")
    return store, ring, authenticate(store, ring, user, password, second_factor=False)


@click.group("keys", context_settings=CONTEXT)
def keys_group() -> None:
    """The secret key that encrypts identities: make one, rotate to a new one.

    \b
    Example:
        export RIGHTSDESK_SECRET_KEY=$(rightsdesk keys new)
        rightsdesk keys rotate --user admin > new.key
    """


@keys_group.command("new", context_settings=CONTEXT)
def keys_new() -> None:
    """Print a new random key (32 bytes, URL-safe base64) for RIGHTSDESK_SECRET_KEY or a key file.

    \b
    Example:
        rightsdesk keys new > /etc/rightsdesk/key && chmod 600 /etc/rightsdesk/key
    """
    from rightsdesk.cases.crypto import new_key

    click.echo(new_key())


@keys_group.command("rotate", context_settings=CONTEXT)
@click.option("--new-key-file", type=click.Path(dir_okay=False, exists=True), help="The new key (default: a new "
              "random key, printed on stdout).")
@user_option
@click.pass_context
def keys_rotate(ctx: click.Context, new_key_file: str | None, user: str | None) -> None:
    """Re-encrypt every identity field under a new key, rebuild the name index and re-sign the audit log, all at
    once (an admin of every collection). Then set RIGHTSDESK_SECRET_KEY to the new key.

    \b
    Example:
        rightsdesk keys rotate --user admin > new.key
    """
    from pathlib import Path

    from rightsdesk.cases.crypto import Keyring, new_key, parse_key
    from rightsdesk.pipeline.cases import rotate_keys

    store, old, principal = sign_in(ctx, user)
    text = Path(new_key_file).read_text(encoding="ascii") if new_key_file else new_key()
    new = Keyring([parse_key(text, where=new_key_file or "new key")])
    done = rotate_keys(store, old, new, principal)
    click.echo(f"re-encrypted {done} values under key {new.current_id}; set RIGHTSDESK_SECRET_KEY to the new key "
               "now (the old one no longer opens this database)", err=True)
    if not new_key_file:
        click.echo(text)


@click.group("users", context_settings=CONTEXT)
def users_group() -> None:
    """Accounts, their roles (admin, documenter, analyst, viewer) and the collections they hold them in.

    \b
    Example:
        RIGHTSDESK_NEW_PASSWORD=... rightsdesk users add admin --role admin
        rightsdesk users add minji --role documenter --collection seoul-interviews --user admin
        rightsdesk users list --user admin
    """


def _manager(ctx: click.Context, user: str | None, what: str) -> tuple[Any, Any, Any]:
    from rightsdesk.access import Action, check
    from rightsdesk.errors import PermissionDeniedError
    from rightsdesk.store import audit

    store, ring, principal = sign_in(ctx, user)
    allowed, reason = check(principal, Action.MANAGE_USERS)
    if not allowed:
        with store.writing() as conn:
            audit.append(conn, ring, actor=principal.label, action="denied", target=what, reason=reason)
        raise PermissionDeniedError(str(Action.MANAGE_USERS), reason)
    return store, ring, principal


@users_group.command("add", context_settings=CONTEXT)
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True, help="The role to grant.")
@click.option("--collection", default=None, help="The collection it is granted in ('*' for every one; the "
              "default for admin only).")
@user_option
@click.pass_context
def users_add(ctx: click.Context, name: str, role: str, collection: str | None, user: str | None) -> None:
    """Make an account (password from RIGHTSDESK_NEW_PASSWORD or a prompt, at least 12 characters). The very first
    account needs no --user and must be an admin of every collection.

    \b
    Example:
        rightsdesk users add admin --role admin
        rightsdesk users add jisoo --role analyst --collection wgeid-2025 --user admin
    """
    from rightsdesk.errors import UsageError
    from rightsdesk.store import accounts, audit

    if collection is None:
        if role != "admin":
            raise UsageError(f"a {role} needs --collection (the collection they work in, or '*')")
        collection = "*"
    ring = keyring()
    store = get_store(ctx, write=True)
    with store.writing() as conn:
        first = accounts.user_count(conn) == 0
    if first:
        if (role, collection) != accounts.ADMIN_EVERYWHERE:
            raise UsageError("the first account must be an admin of every collection: --role admin")
        actor = "bootstrap"
    else:
        _, _, principal = _manager(ctx, user, f"users add {name}")
        actor = principal.label
    password = _password(NEW_PASSWORD_ENV, f"password for the new account {name}", confirm=True)
    with store.writing() as conn:
        accounts.add_user(conn, name, password, [(role, collection)])
        audit.append(conn, ring, actor=actor, action="user-added", target=accounts.check_name(name),
                     detail={"role": role, "collection": collection})
    click.echo(f"account {accounts.check_name(name)}: {role} in {collection}", err=True)


@users_group.command("list", context_settings=CONTEXT)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@user_option
@click.pass_context
def users_list(ctx: click.Context, as_json: bool, user: str | None) -> None:
    """Every account with its grants, whether it is locked and whether it has a second factor (manage-users).

    \b
    Example:
        rightsdesk users list --user admin
    """
    from rightsdesk.store import accounts

    store, _, _ = _manager(ctx, user, "users list")
    with store.writing() as conn:
        rows = [{"name": a.name, "grants": [f"{r}@{c}" for r, c in a.grants], "locked": a.locked,
                 "totp": accounts.totp_enrolled(conn, a.name),
                 "created_at": a.created_at.isoformat(timespec="seconds")} for a in accounts.list_users(conn)]
    emit(rows, as_json=as_json, table=lambda d: print_table(d, ["name", "grants", "locked", "totp", "created_at"],
                                                            [20, 44, 7, 6, 26]))


def _grant_command(kind: str) -> Callable[..., None]:
    @click.argument("name")
    @click.option("--role", type=click.Choice(ROLES), required=True, help=f"The role to {kind}.")
    @click.option("--collection", required=True, help="The collection ('*' for every one).")
    @user_option
    @click.pass_context
    def command(ctx: click.Context, name: str, role: str, collection: str, user: str | None) -> None:
        from rightsdesk.store import accounts, audit

        store, ring, principal = _manager(ctx, user, f"users {kind} {name}")
        with store.writing() as conn:
            changed = (accounts.grant if kind == "grant" else accounts.revoke)(conn, name, role, collection)
            audit.append(conn, ring, actor=principal.label, action=f"user-{kind}", target=accounts.check_name(name),
                         detail={"role": role, "collection": collection, "changed": changed})
        verb = "granted" if kind == "grant" else "revoked"
        click.echo(f"{accounts.check_name(name)}: {role} in {collection} {verb if changed else 'unchanged'}",
                   err=True)

    return command


users_group.command("grant", context_settings=CONTEXT, help=(
    "Grant a role in a collection (manage-users).\n\n\b\nExample:\n    rightsdesk users grant jisoo --role "
    "documenter --collection wgeid-2025 --user admin"))(_grant_command("grant"))
users_group.command("revoke", context_settings=CONTEXT, help=(
    "Revoke a role in a collection (manage-users).\n\n\b\nExample:\n    rightsdesk users revoke jisoo --role "
    "documenter --collection wgeid-2025 --user admin"))(_grant_command("revoke"))


def _self_or_manager(store: Any, ring: Any, principal: Any, name: str, command: str) -> str:
    """The account `name` (checked), when it is the signer's own or the signer may manage users; otherwise the
    refusal is audited and PermissionDeniedError raised."""
    from rightsdesk.access import Action, check
    from rightsdesk.errors import PermissionDeniedError
    from rightsdesk.store import accounts, audit

    target = accounts.check_name(name)
    if principal.user != target:
        allowed, reason = check(principal, Action.MANAGE_USERS)
        if not allowed:
            with store.writing() as conn:
                audit.append(conn, ring, actor=principal.label, action="denied", target=f"users {command} {target}",
                             reason=reason)
            raise PermissionDeniedError(str(Action.MANAGE_USERS), reason)
    return target


@users_group.command("passwd", context_settings=CONTEXT)
@click.argument("name")
@user_option
@click.pass_context
def users_passwd(ctx: click.Context, name: str, user: str | None) -> None:
    """Set a new password (from RIGHTSDESK_NEW_PASSWORD or a prompt): your own, or anyone's with manage-users.
    Clears a lock-out.

    \b
    Example:
        rightsdesk users passwd jisoo --user jisoo
    """
    from rightsdesk.store import accounts, audit

    store, ring, principal = sign_in(ctx, user)
    target = _self_or_manager(store, ring, principal, name, "passwd")
    password = _password(NEW_PASSWORD_ENV, f"new password for {target}", confirm=True)
    with store.writing() as conn:
        accounts.set_password(conn, target, password)
        audit.append(conn, ring, actor=principal.label, action="password-changed", target=target)
    click.echo(f"password of {target} changed", err=True)


@users_group.command("totp", context_settings=CONTEXT)
@click.argument("name")
@click.option("--disable", is_flag=True, help="Remove the second factor instead (an admin, for a lost phone).")
@user_option
@click.pass_context
def users_totp(ctx: click.Context, name: str, disable: bool, user: str | None) -> None:
    """Enrol an account in the TOTP second factor (your own, or anyone's with manage-users): prints the
    otpauth:// URI for an authenticator app (it holds the secret; the database keeps it encrypted). From then on
    signing in on the web needs the six-digit code too (the command line needs the database key instead).
    Enrolling again replaces the secret; --disable removes it.

    \b
    Example:
        rightsdesk users totp minji --user minji
        rightsdesk users totp minji --disable --user admin
    """
    from rightsdesk.store import accounts, audit

    store, ring, principal = sign_in(ctx, user)
    target = _self_or_manager(store, ring, principal, name, "totp")
    with store.writing() as conn:
        if disable:
            changed = accounts.disable_totp(conn, target)
            audit.append(conn, ring, actor=principal.label, action="totp-disabled", target=target,
                         detail={"changed": changed})
        else:
            uri = accounts.enrol_totp(conn, ring, target)
            audit.append(conn, ring, actor=principal.label, action="totp-enrolled", target=target)
    if disable:
        click.echo(f"second factor of {target} {'removed' if changed else 'was not set'}", err=True)
        return
    click.echo(uri)
    click.echo(f"{target}: add this URI to an authenticator app (or make a QR code of it) and keep it secret; "
               "from now on signing in on the web needs its six-digit code", err=True)


def register(group: click.Group) -> None:
    """Add `keys` and `users` to `group`."""
    group.add_command(keys_group)
    group.add_command(users_group)
