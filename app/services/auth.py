"""Signing in: argon2-hashed passwords, and a lockout after repeated failures."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.domain.errors import InvalidInput, PermissionDenied
from app.domain.permissions import Action
from app.domain.procedure import Role
from app.services.common import acting_user, audit, now, require
from app.services.passwords import hash_password, matches, needs_rehash
from app.services.users import UserView, view_of
from app.store.db import Database
from app.store.models import User

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)


class SignInRefused(PermissionDenied):
    """Unknown user, wrong password, no password yet, or locked: one message for the first
    two, so that trying names reveals nothing."""


def sign_in(db: Database, name: str, password: str, *, record: bool = True) -> UserView:
    """Check a user's password. `record` audits the sign-in (the desktop session start);
    failures are always counted and audited, and the fifth locks the user for 15 minutes."""
    wrong = SignInRefused("password", "unknown user or wrong password",
                          "the user's sign-in name and password", zh="用户名或密码错误")
    refusal: InvalidInput | None = None
    with db.transaction() as session:
        user = session.scalar(select(User).where(User.name == name.strip().lower()))
        moment = now()
        if user is None or not user.active:
            audit(session, name[:64], "sign_in.failed", None, reason="unknown user")
            refusal = wrong
        elif user.locked_until is not None and user.locked_until > moment:
            until = user.locked_until.astimezone()
            refusal = SignInRefused("user", f"{user.name} is locked until {until:%H:%M} after "
                                    f"{MAX_FAILURES} wrong passwords",
                                    "wait, or ask an administrator to set a new password",
                                    zh=f"连续 {MAX_FAILURES} 次密码错误，账户锁定至 "
                                       f"{until:%H:%M}，请稍候或请管理员重设密码")
        elif user.password_hash is None:
            refusal = SignInRefused("password", f"{user.name} has no password yet",
                                    "an administrator sets one: loandesk user password NAME",
                                    zh="该用户尚未设置密码，请管理员设置")
        elif not matches(user.password_hash, password):
            user.failed_logins += 1
            locked = user.failed_logins >= MAX_FAILURES
            if locked:
                user.locked_until = moment + LOCKOUT
                user.failed_logins = 0
            audit(session, user, "sign_in.failed", None, locked=locked)
            refusal = wrong
        else:
            if user.failed_logins or user.locked_until:
                user.failed_logins, user.locked_until = 0, None
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            if record:
                audit(session, user, "sign_in", None)
            return view_of(user)
    # Outside the transaction: the failure count and its audit row are committed first.
    raise refusal


def set_password(db: Database, actor: str, name: str, password: str) -> None:
    """An administrator sets anyone's password; a user may change their own."""
    hashed = hash_password(password)
    with db.transaction() as session:
        user = acting_user(session, actor)
        target = acting_user(session, name)
        if target.id != user.id:
            require(user, Action.MANAGE_USERS)
            if target.role == Role.ADMIN:  # the administrator's account is theirs alone
                require(user, Action.MANAGE_ADMINS)
        target.password_hash = hashed
        target.failed_logins, target.locked_until = 0, None
        audit(session, user, "user.password", None, account=target.name)
