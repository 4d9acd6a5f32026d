"""Password hashing (argon2id, argon2-cffi's recommended parameters)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# Module-level so that the test suite can swap in cheap parameters (tests/conftest.py): the
# real ones take ~0.4 s per hash on a 2-core machine, which is right for a sign-in.
hasher = PasswordHasher()


def hash_password(password: str) -> str:
    # Imported here: checking a password at start-up (app.services.fast_start) needs
    # neither the validators nor python-stdnum behind them.
    from app.domain.validators import validate_password

    return hasher.hash(validate_password(password))


def needs_rehash(stored: str) -> bool:
    return hasher.check_needs_rehash(stored)


def matches(stored: str, password: str) -> bool:
    try:
        return hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
