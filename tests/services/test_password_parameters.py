"""The cost of a password guess (argon2id's memory × passes) and the one lane it runs in."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Literal

import pytest
from argon2 import PasswordHasher
from argon2.low_level import Type
from hypothesis import given, settings
from hypothesis import strategies as st
from nacl.bindings import crypto_pwhash_str_verify
from sqlalchemy import select

from app.child_process import InChild
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
    monkeypatch.setattr(passwords, "may_fork", lambda: False)  # counted here
    stored = passwords.hasher.hash(PASSWORD)
    passwords.verify_ahead(stored, PASSWORD)
    passwords.verify_ahead(stored, PASSWORD)
    assert passwords.matches(stored, PASSWORD)
    assert checks == [PASSWORD]


# -- who checks a hash: libsodium for argon2id 1.3 (LoanDesk's own), argon2-cffi otherwise --

def _spied(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Which library each check went to."""
    asked: list[str] = []
    libsodium, cheap = crypto_pwhash_str_verify, passwords.hasher

    def by_libsodium(stored: bytes, password: bytes) -> bool:
        asked.append("libsodium")
        return libsodium(stored, password)

    class ByArgon2Cffi(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
            asked.append("argon2-cffi")
            return super().verify(hash, password)

    monkeypatch.setattr(passwords, "crypto_pwhash_str_verify", by_libsodium)
    monkeypatch.setattr(passwords, "hasher", ByArgon2Cffi(
        time_cost=cheap.time_cost, memory_cost=cheap.memory_cost,
        parallelism=cheap.parallelism))
    return asked


@pytest.mark.parametrize("lanes", [1, 4])
def test_loandesks_own_hashes_are_checked_by_libsodium(
        monkeypatch: pytest.MonkeyPatch, lanes: int) -> None:
    cheap = passwords.hasher
    stored = PasswordHasher(time_cost=cheap.time_cost, memory_cost=cheap.memory_cost,
                            parallelism=lanes).hash(PASSWORD)
    asked = _spied(monkeypatch)
    assert passwords.matches(stored, PASSWORD)
    assert not passwords.matches(stored, PASSWORD + "x")
    assert not passwords.matches(stored, PASSWORD[:-1])
    assert asked == ["libsodium"] * 3


def test_the_real_parameters_are_checked_by_libsodium(monkeypatch: pytest.MonkeyPatch) -> None:
    stored = passwords.REAL.hash(PASSWORD)  # ~0.2 s: the hash every dealership stores
    asked = _spied(monkeypatch)
    assert passwords.matches(stored, PASSWORD)
    assert not passwords.matches(stored, "test-password-2")
    assert asked == ["libsodium", "libsodium"]


@pytest.mark.parametrize("kind", [Type.I, Type.D])
def test_other_hashes_are_still_checked_by_argon2_cffi(
        monkeypatch: pytest.MonkeyPatch, kind: Type) -> None:
    stored = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1,
                            type=kind).hash(PASSWORD)
    asked = _spied(monkeypatch)
    assert passwords.matches(stored, PASSWORD)
    assert not passwords.matches(stored, PASSWORD + "x")
    assert asked == ["argon2-cffi", "argon2-cffi"]


def test_a_damaged_or_foreign_hash_signs_nobody_in() -> None:
    stored = passwords.hasher.hash(PASSWORD)
    damaged = stored[:-4] + ("AAAA" if not stored.endswith("AAAA") else "BBBB")
    for hash_ in (damaged, stored[:40], "$argon2id$v=19$", "plain-text", stored + "A" * 40):
        assert not passwords.matches(hash_, PASSWORD)


@given(password=st.text(min_size=1, max_size=40),
       other=st.text(min_size=1, max_size=40))
@settings(max_examples=25, deadline=None)
def test_libsodium_and_argon2_cffi_agree(password: str, other: str) -> None:
    """Both sides of the one function: each library takes the other's hashes."""
    from nacl.pwhash import argon2id

    cheap = passwords.hasher
    ours = cheap.hash(password)
    theirs = argon2id.str(password.encode(), opslimit=1, memlimit=1024 * 1024).decode()
    assert ",p=1$" in theirs and theirs.startswith(passwords.LIBSODIUM_CHECKS)
    assert passwords.matches(ours, password) and cheap.verify(theirs, password)
    assert passwords.matches(theirs, password)
    if other != password:
        assert not passwords.matches(ours, other) and not passwords.matches(theirs, other)


# -- the check ahead in a child process (Linux: libsodium's MAP_POPULATE stalls threads) --

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux")


def _children() -> set[int]:
    """This process's child processes, as Linux lists them per thread."""
    found: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        found |= {int(pid) for pid in (task / "children").read_text().split()}
    return found


@linux_only
def test_a_check_ahead_is_made_in_a_child_that_nobody_waits_for(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "may_fork", lambda: True)
    stored = passwords.hasher.hash(PASSWORD)
    before = _children()
    passwords.verify_ahead(stored, PASSWORD)
    passwords.verify_ahead(stored, "not-the-password")
    assert _children() <= before  # forked twice: no child of ours to reap
    assert isinstance(passwords._ahead[(stored, PASSWORD)], InChild)
    assert passwords.matches(stored, PASSWORD) is True
    assert passwords.matches(stored, "not-the-password") is False
    assert (stored, PASSWORD) not in passwords._ahead  # each taken once
    assert (stored, "not-the-password") not in passwords._ahead


@linux_only
def test_a_child_that_died_is_answered_by_a_check_here(
        monkeypatch: pytest.MonkeyPatch) -> None:
    here, real = os.getpid(), passwords._verify
    checked_here: list[str] = []

    def dies_in_the_child(stored: str, password: str) -> bool:
        if os.getpid() != here:
            os._exit(9)  # as a checking process killed (out of memory, say)
        checked_here.append(password)
        return real(stored, password)

    monkeypatch.setattr(passwords, "may_fork", lambda: True)
    monkeypatch.setattr(passwords, "_verify", dies_in_the_child)
    stored = passwords.hasher.hash(PASSWORD)
    passwords.verify_ahead(stored, "wrong-password-1")
    assert passwords.matches(stored, "wrong-password-1") is False
    assert checked_here == ["wrong-password-1"]


def test_checks_no_sign_in_took_are_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command server forgets them after each command: no password stays in memory."""
    stored = passwords.hasher.hash(PASSWORD)
    for forked in (True, False):
        monkeypatch.setattr(passwords, "may_fork", lambda forked=forked: forked)
        passwords.verify_ahead(stored, f"never-asked-{forked}")
    passwords.forget_ahead()
    assert not any(password.startswith("never-asked") for _, password in passwords._ahead)
