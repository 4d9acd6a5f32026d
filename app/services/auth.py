"""Signing in: argon2-hashed passwords, and a lockout after repeated failures."""

from __future__ import annotations

import hmac

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import InvalidInput, PermissionDenied
from app.domain.permissions import Action
from app.domain.procedure import Role
from app.domain.sign_in import LOCKOUT, MAX_FAILURES, Account, Verdict, verdict
from app.services.common import acting_user, audit, now, require
from app.services.passwords import hash_password, matches, needs_rehash
from app.services.users import UserView, view_of
from app.store.db import Database
from app.store.models import User


class SignInRefused(PermissionDenied):
    """Unknown user, wrong password, no password yet, or locked: one message for the first
    two, so that trying names reveals nothing."""


def _account(user: User | None) -> Account | None:
    return None if user is None else Account(user.name, user.active, user.password_hash,
                                              user.locked_until)


def sign_in(db: Database, name: str, password: str, *, record: bool = True) -> UserView:
    """Check a user's password. `record` audits the sign-in (the desktop session start);
    failures are always counted and audited, and the fifth locks the user for 15 minutes."""
    wrong = SignInRefused("password", "unknown user or wrong password",
                          "the user's sign-in name and password", zh="用户名或密码错误")
    refusal: InvalidInput | None = None
    with db.transaction() as session:
        user = session.scalar(select(User).where(User.name == name.strip().lower()))
        moment = now()
        answer = verdict(_account(user), moment, lambda stored: matches(stored, password))
        if answer is Verdict.ACCEPTED:
            assert user is not None and user.password_hash is not None
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            return _accepted(session, user, record=record)
        if user is None or answer is Verdict.UNKNOWN:
            audit(session, name[:64], "sign_in.failed", None, reason="unknown user")
            refusal = wrong
        elif answer is Verdict.LOCKED:
            refusal = _locked(user)
        elif answer is Verdict.NO_PASSWORD:
            refusal = SignInRefused("password", f"{user.name} has no password yet",
                                    "an administrator sets one: loandesk user password NAME",
                                    zh="该用户尚未设置密码，请管理员设置")
        else:
            user.failed_logins += 1
            locked = user.failed_logins >= MAX_FAILURES
            if locked:
                user.locked_until = moment + LOCKOUT
                user.failed_logins = 0
            audit(session, user, "sign_in.failed", None, locked=locked)
            refusal = wrong
    # Outside the transaction: the failure count and its audit row are committed first.
    raise refusal


def record_sign_in(db: Database, name: str, verified_hash: str) -> UserView:
    """The sign-in that the desktop's start-up fast path accepted (app.services.fast_start:
    the same `verdict`, the password verified against `verified_hash` before the database
    layer was up), recorded now as `sign_in` records it. The rule is asked again on the
    row as it is now, with "its hash is still the one verified" as the password check: a
    password changed or a lock set in between refuses, and nothing is written then (no
    wrong password was typed)."""
    with db.transaction() as session:
        user = session.scalar(select(User).where(User.name == name.strip().lower()))
        answer = verdict(_account(user), now(),
                         lambda stored: hmac.compare_digest(stored, verified_hash))
        if answer is Verdict.ACCEPTED:
            assert user is not None
            return _accepted(session, user, record=True)
        if user is not None and answer is Verdict.LOCKED:
            refusal = _locked(user)
        else:
            refusal = SignInRefused("password", "unknown user or wrong password",
                                    "the user's sign-in name and password", zh="用户名或密码错误")
    raise refusal


def _accepted(session: Session, user: User, *, record: bool) -> UserView:
    if user.failed_logins or user.locked_until:
        user.failed_logins, user.locked_until = 0, None
    if record:
        audit(session, user, "sign_in", None)
    return view_of(user)


def _locked(user: User) -> SignInRefused:
    assert user.locked_until is not None
    until = user.locked_until.astimezone()
    return SignInRefused("user", f"{user.name} is locked until {until:%H:%M} after "
                         f"{MAX_FAILURES} wrong passwords",
                         "wait, or ask an administrator to set a new password",
                         zh=f"连续 {MAX_FAILURES} 次密码错误，账户锁定至 "
                            f"{until:%H:%M}，请稍候或请管理员重设密码")


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
