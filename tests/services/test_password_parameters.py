"""The cost of a password guess (argon2id's memory × passes) and the one lane it runs in."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from argon2.low_level import Type
from sqlalchemy import select

from app.services import passwords
from app.services.auth import sign_in
from app.store.db import Database
from app.store.models import User
from tests.conftest import CONSULTANT, PASSWORD

# RFC 9106's second recommended profile, argon2-cffi's default until this change: an
# attacker's cost per guess is memory × passes, and it must not fall below this.
RFC_9106_KIB_PASSES = 64 * 1024 * 3


def test_a_guess_costs_what_rfc_9106_asks_and_runs_in_one_lane() -> None:
    real = passwords.REAL
    assert real.type is Type.ID
    assert real.memory_cost * real.time_cost >= RFC_9106_KIB_PASSES
    # one lane: the other core stays free for the window or the command being loaded
    assert real.parallelism == 1


def test_a_hash_made_with_four_lanes_is_renewed_at_sign_in(
        db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    cheap = passwords.hasher  # the suite's cheap parameters, in one lane
    four_lanes = PasswordHasher(time_cost=cheap.time_cost, memory_cost=cheap.memory_cost,
                                parallelism=4)
    with db.transaction() as session:
        user = session.scalars(select(User).where(User.name == CONSULTANT)).one()
        user.password_hash = four_lanes.hash(PASSWORD)
    sign_in(db, CONSULTANT, PASSWORD)
    with db.transaction() as session:
        renewed = session.scalars(select(User.password_hash)
                                  .where(User.name == CONSULTANT)).one()
    assert renewed is not None and ",p=1$" in renewed
    assert cheap.verify(renewed, PASSWORD)


def test_a_check_started_twice_ahead_runs_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # the desktop starts it before its early thread, which asks again (app.ui.main.start)
    checks: list[str] = []
    real_verify = passwords._verify

    def counted(stored: str, password: str) -> bool:
        checks.append(password)
        return real_verify(stored, password)

    monkeypatch.setattr(passwords, "_verify", counted)
    stored = passwords.hasher.hash(PASSWORD)
    passwords.verify_ahead(stored, PASSWORD)
    passwords.verify_ahead(stored, PASSWORD)
    assert passwords.matches(stored, PASSWORD)
    assert checks == [PASSWORD]
