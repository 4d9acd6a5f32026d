"""Whether a person may sign in: one rule over plain facts about the account.

The services' `sign_in` (app.services.auth) and the desktop's start-up fast path
(app.services.fast_start, which reads the facts with the stdlib sqlite3 module before the
database layer is up) both ask `verdict`; only what each does with a refusal differs (the
services count and audit it, the fast path hands the start to the services).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

MAX_FAILURES = 5  # wrong passwords in a row before the account is locked
LOCKOUT = timedelta(minutes=15)


@dataclass(frozen=True)
class Account:
    """What the sign-in decision needs to know about a user, however it was read."""

    name: str
    active: bool
    password_hash: str | None
    locked_until: datetime | None  # aware UTC


class Verdict(Enum):
    ACCEPTED = "accepted"
    UNKNOWN = "unknown user"  # no such user, or no longer active: said like a wrong password
    LOCKED = "locked"
    NO_PASSWORD = "no password yet"
    WRONG_PASSWORD = "wrong password"


def verdict(account: Account | None, moment: datetime,
            password_matches: Callable[[str], bool]) -> Verdict:
    """The answer for `account` at `moment`. `password_matches(stored_hash)` is asked last,
    and only when everything else allows the sign-in (it costs an argon2 verification)."""
    if account is None or not account.active:
        return Verdict.UNKNOWN
    if account.locked_until is not None and account.locked_until > moment:
        return Verdict.LOCKED
    if account.password_hash is None:
        return Verdict.NO_PASSWORD
    if not password_matches(account.password_hash):
        return Verdict.WRONG_PASSWORD
    return Verdict.ACCEPTED
