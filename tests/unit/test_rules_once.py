"""Rules that used to live twice (a widget and a service) now live once in the domain: each
test here fails when the rule changes by one character."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.domain import board
from app.domain.board import (
    custody_kind,
    custody_kinds,
    days_between,
    held_per_person,
    is_stuck,
    stuck_since,
)
from app.domain.errors import InvalidInput, NotFound
from app.domain.permissions import Action, allowed_anywhere
from app.domain.procedure import (
    DOCUMENT_KINDS,
    LAST_STEP_ID,
    MORTGAGE_ORIGINALS,
    MORTGAGE_STEP,
    OVERRIDE_REASON_MIN,
    STEP_IDS,
    STEPS,
    Party,
    Role,
)
from app.printing import forms as printing_forms

AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
A_WEEK = 7  # "stuck": waiting a week or more in one step


def test_stuck_is_a_week_or_more_everywhere() -> None:
    assert not is_stuck(A_WEEK - 1)
    assert is_stuck(A_WEEK)
    assert is_stuck(A_WEEK + 30)
    assert board.STUCK_DAYS == A_WEEK
    # The database's side says the same: begun on or before exactly a week ago.
    assert stuck_since(AT) == AT - timedelta(days=A_WEEK)
    assert is_stuck(days_between(stuck_since(AT), AT))
    assert not is_stuck(days_between(stuck_since(AT) + timedelta(seconds=1), AT))


def test_days_between_counts_whole_days_and_reads_naive_utc() -> None:
    assert days_between(AT - timedelta(days=3, hours=23), AT) == 3
    assert days_between(AT - timedelta(days=4), AT) == 4
    assert days_between(AT + timedelta(hours=5), AT) == 0  # a clock a little ahead
    naive = (AT - timedelta(days=2)).replace(tzinfo=None)  # as SQLite hands it back
    assert days_between(naive, AT) == 2


@pytest.mark.parametrize("role", list(Role))
def test_only_the_manager_overrides_a_gate(role: Role) -> None:
    assert allowed_anywhere(role, Action.OVERRIDE_GATE) is (role is Role.MANAGER)
    assert allowed_anywhere(role.value, Action.OVERRIDE_GATE) is (role is Role.MANAGER)


def test_an_override_needs_a_sentence() -> None:
    assert OVERRIDE_REASON_MIN == 10


SEED_STEP_8 = ("insurance_policy", "conformity_certificate", "id_card", "vehicle_invoice",
               "mortgage_contract")  # 保险单，合格证原件，身份证原件，发票原件，抵押合同


def test_the_five_originals_of_step_8_in_the_seed_order() -> None:
    assert MORTGAGE_STEP.id == "registration" and MORTGAGE_STEP.number == 8
    assert MORTGAGE_ORIGINALS == SEED_STEP_8
    assert [k.id for k in custody_kinds()] == list(SEED_STEP_8)
    assert [s.id for s in STEPS if s.originals] == ["registration"]


def test_step_behaviour_is_data_on_the_step() -> None:
    assert [s.id for s in STEPS if s.shows_originals_out] == ["registration",
                                                             "warehouse_release"]
    assert [s.id for s in STEPS if s.makes_dossier] == ["credit_review"]
    assert LAST_STEP_ID == "delivery" == STEP_IDS[-1]


@pytest.mark.parametrize("kind", sorted(DOCUMENT_KINDS))
def test_only_the_originals_of_step_8_are_checked_out(kind: str) -> None:
    if kind not in SEED_STEP_8:
        with pytest.raises(InvalidInput) as refused:
            custody_kind(kind, None)
        assert refused.value.field == "kind"
        return
    checked, party = custody_kind(kind, None)
    assert checked.id == kind
    # Only the ID card belongs to a person (customer and spouse tracked apart).
    assert held_per_person(kind) is (kind == "id_card")
    assert party is (Party.CUSTOMER if kind == "id_card" else Party.NONE)


def test_custody_parties() -> None:
    assert custody_kind("id_card", "spouse")[1] is Party.SPOUSE
    assert custody_kind("id_card", "customer")[1] is Party.CUSTOMER
    assert custody_kind("mortgage_contract", "none")[1] is Party.NONE
    for kind, party in (("id_card", "none"), ("id_card", "dealer"),
                        ("insurance_policy", "customer"), ("vehicle_invoice", "spouse")):
        with pytest.raises(InvalidInput) as refused:
            custody_kind(kind, party)
        assert refused.value.field == "party"
    with pytest.raises(NotFound) as unknown:
        custody_kind("passport", None)
    assert unknown.value.field == "kind"
    assert unknown.value.expected == ", ".join(SEED_STEP_8)  # what may be checked out


def test_forms_know_the_procedures_steps() -> None:
    assert frozenset(STEP_IDS) == printing_forms.STEP_IDS
