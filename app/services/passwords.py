"""Password hashing (argon2id: argon2-cffi's recommended memory and passes, in one lane).

Hashes are made by argon2-cffi and checked by libsodium (PyNaCl) when they are argon2id
version 1.3, as every hash LoanDesk makes is: the same RFC 9106 function on the same
parameters, so the same answer, but libsodium picks its AVX2/AVX-512 code on the machine it
runs on, where argon2-cffi's wheels carry SSE2 code only. On a dealership's 2-core PC that
is 0.09 s instead of 0.15 s, which is what the desktop's first rows wait for after the
window shows (app.services.fast_start). Any other hash (argon2i, argon2d, an older
version) is still checked by argon2-cffi.
"""

from __future__ import annotations

import functools

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from nacl.bindings import crypto_pwhash_str_verify
from nacl.exceptions import InvalidkeyError

from app.child_process import InChild, OnThread, may_fork

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
        answer = ahead.answer()
        if answer is not None:  # None when the early check failed: check here, raising as ever
            return answer
    return _verify(stored, password)


# What libsodium checks: argon2id, version 1.3 (0x13), at most 127 characters (its limit;
# a LoanDesk hash is 97). libsodium reads the parameters from the hash itself, so the
# suite's cheap ones (tests/conftest.py) go the same way.
LIBSODIUM_CHECKS = "$argon2id$v=19$"
LIBSODIUM_LONGEST = 127


def _verify(stored: str, password: str) -> bool:
    if stored.startswith(LIBSODIUM_CHECKS) and len(stored) <= LIBSODIUM_LONGEST:
        try:
            return crypto_pwhash_str_verify(stored.encode(), password.encode())
        except InvalidkeyError:  # a wrong password (or a damaged hash: no sign-in either)
            return False
    try:
        return hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


# Checks started ahead, by (stored hash, password): taken once by `matches`.
_ahead: dict[tuple[str, str], InChild[bool] | OnThread[bool]] = {}


def verify_ahead(stored: str, password: str) -> None:
    """Start checking `password` against `stored` beside what this process does next.

    argon2 leaves the interpreter free: a command that peeked at the user's stored hash
    (app.store.first_look) checks it on the other core while it imports SQLAlchemy,
    instead of after. Nothing is decided here: the sign-in still reads the user in its
    transaction and asks `matches`, which takes this answer only when the hash it read is
    the one checked here (else it checks the one it read)."""
    if (stored, password) in _ahead:
        return  # already under way (the desktop starts it before its early thread does)
    # A child process on Linux: libsodium's MAP_POPULATE would stall this one's threads
    # and libraries for about 30 ms (app.child_process). Elsewhere a thread: libsodium is
    # one C call that leaves the interpreter lock free.
    beside = InChild if may_fork() else OnThread
    _ahead[(stored, password)] = beside(functools.partial(_verify, stored, password))


def forget_ahead() -> None:
    """Drop the checks started ahead that no sign-in took (one refused before it asked, as
    for a locked account): the command server does after each command, so that no password
    stays in its memory. Each is waited for, so that its thread ends or its pipe closes."""
    while _ahead:
        _key, ahead = _ahead.popitem()
        ahead.answer()


def check_stored_ahead(url: str, name: str, password: str) -> None:
    """verify_ahead on `name`'s stored hash, read from a SQLite file with the standard
    library (app.store.first_look): the first thing the desktop and a command do with a
    password given without typing, before they load anything else. No hash (another
    database, no such user, a locked file): no head start, and the sign-in says why."""
    from app.store.first_look import stored_password_hash

    stored = stored_password_hash(url, name)
    if stored is not None:
        verify_ahead(stored, password)
