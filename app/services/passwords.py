"""Password hashing (argon2id: argon2-cffi's recommended memory and passes, in one lane)."""

from __future__ import annotations

import contextlib
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# Module-level so that the test suite can swap in cheap parameters (tests/conftest.py).
# 64 MiB and 3 passes as argon2-cffi recommends (RFC 9106's second profile), but one lane
# instead of four: what a guess costs an attacker is memory × passes, which lanes only split
# across cores. On a 2-core dealership PC four lanes took both cores from the window and
# the command being loaded beside the check (app.services.fast_start, app.cli); one lane
# takes one core (~0.2 s) and leaves the other to them. Hashes made with four lanes are
# renewed at their next sign-in (needs_rehash).
REAL = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=1)
hasher = REAL


def hash_password(password: str) -> str:
    # Imported here: the validators bring python-stdnum (a thirtieth of a second), which a
    # sign-in, checking a password against its hash, never needs.
    from app.domain.validators import validate_password

    return hasher.hash(validate_password(password))


def needs_rehash(stored: str) -> bool:
    return hasher.check_needs_rehash(stored)


def matches(stored: str, password: str) -> bool:
    """Whether `password` is the one `stored` was hashed from. A check started ahead for the
    same two strings (verify_ahead) is waited for and taken, not run a second time."""
    ahead = _ahead.pop((stored, password), None)
    if ahead is not None:
        thread, answer = ahead
        thread.join()
        if answer:  # empty when the early check itself failed: check here, raising as ever
            return answer[0]
    return _verify(stored, password)


def _verify(stored: str, password: str) -> bool:
    try:
        return hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


# Checks started ahead, by (stored hash, password): taken once by `matches`.
_ahead: dict[tuple[str, str], tuple[threading.Thread, list[bool]]] = {}


def verify_ahead(stored: str, password: str) -> None:
    """Start checking `password` against `stored` on a thread of its own.

    argon2 is one C call that leaves the GIL free: a command that peeked at the user's
    stored hash (app.store.first_look) checks it on the other core while it imports
    SQLAlchemy, instead of after. Nothing is decided here: the sign-in still reads the
    user in its transaction and asks `matches`, which takes this answer only when the hash
    it read is the one checked here (else it checks the one it read)."""
    if (stored, password) in _ahead:
        return  # already under way (the desktop starts it before its early thread does)
    answer: list[bool] = []

    def check() -> None:
        with contextlib.suppress(Exception):  # `matches` then checks again, raising there
            answer.append(_verify(stored, password))

    thread = threading.Thread(target=check, name="password-check", daemon=True)
    thread.start()
    _ahead[(stored, password)] = (thread, answer)


def check_stored_ahead(url: str, name: str, password: str) -> None:
    """verify_ahead on `name`'s stored hash, read from a SQLite file with the standard
    library (app.store.first_look): the first thing the desktop and a command do with a
    password given without typing, before they load anything else. No hash (another
    database, no such user, a locked file): no head start, and the sign-in says why."""
    from app.store.first_look import stored_password_hash

    stored = stored_password_hash(url, name)
    if stored is not None:
        verify_ahead(stored, password)
