"""The sign-in decision, one rule over plain facts (app.domain.sign_in): each answer, each
boundary, and the password asked last (an argon2 verification is not spent on a refusal)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.domain.sign_in import Account, Verdict, verdict

MOMENT = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
HASH = "$argon2id$stored"


def account(**changes: object) -> Account:
    facts: dict[str, object] = {"name": "wang.fang", "active": True, "password_hash": HASH,
                                "locked_until": None}
    facts.update(changes)
    return Account(**facts)  # type: ignore[arg-type]


class Asked:
    def __init__(self, answer: bool) -> None:
        self.answer, self.hashes = answer, list[str]()

    def __call__(self, stored: str) -> bool:
        self.hashes.append(stored)
        return self.answer


def test_the_right_password_on_an_open_account_is_accepted() -> None:
    asked = Asked(True)
    assert verdict(account(), MOMENT, asked) is Verdict.ACCEPTED
    assert asked.hashes == [HASH]  # the stored hash is what the password is checked against


@pytest.mark.parametrize(("facts", "expected"), [
    (None, Verdict.UNKNOWN),
    (account(active=False), Verdict.UNKNOWN),
    (account(locked_until=MOMENT + timedelta(microseconds=1)), Verdict.LOCKED),
    (account(password_hash=None), Verdict.NO_PASSWORD),
])
def test_refusals_that_never_ask_for_the_password(facts: Account | None,
                                                  expected: Verdict) -> None:
    asked = Asked(True)
    assert verdict(facts, MOMENT, asked) is expected
    assert asked.hashes == []


def test_a_wrong_password_is_refused() -> None:
    assert verdict(account(), MOMENT, Asked(False)) is Verdict.WRONG_PASSWORD


@pytest.mark.parametrize("until", [MOMENT, MOMENT - timedelta(microseconds=1)])
def test_a_lock_ends_at_its_moment(until: datetime) -> None:
    assert verdict(account(locked_until=until), MOMENT, Asked(True)) is Verdict.ACCEPTED


def test_a_lock_is_checked_before_the_password() -> None:
    locked = account(locked_until=MOMENT + timedelta(minutes=1))
    assert verdict(locked, MOMENT, Asked(False)) is Verdict.LOCKED
