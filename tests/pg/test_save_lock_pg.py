"""How long a save holds its case's row lock on PostgreSQL (issue 15: eight workstations
saving, each fourth save on a case they share): counted in statements, never timed. An
address saved on a case worked out today holds it for its own UPDATE (its digest with it),
the audit chain's two statements and the COMMIT; a save that changes what the checklist
reads holds it while the facts are read once."""

from __future__ import annotations

import os

import pytest

from app.services.cases import update_case
from app.store.db import Database
from tests.conftest import CONSULTANT
from tests.helpers import new_case
from tests.pg.test_audit_chain_lock_pg import sent

pytestmark = [pytest.mark.pg, pytest.mark.skipif(
    not os.environ.get("LOANDESK_TEST_PG"),
    reason="needs the server started by scripts/with-test-postgres.sh")]


def held(seen: list[str]) -> list[str]:
    """The statements sent while the case's row was locked (its FOR UPDATE to COMMIT)."""
    locks = [k for k, sql in enumerate(seen)
             if sql.startswith("SELECT cases.") and sql.endswith("FOR UPDATE OF cases")]
    assert len(locks) == 1, seen
    assert seen[-1] == "COMMIT", seen
    return seen[locks[0] + 1:-1]


def test_an_address_save_holds_the_case_for_its_writes_only(db: Database) -> None:
    number, _ = new_case(db, steps=3)
    with sent(db) as seen:
        update_case(db, CONSULTANT, number, {"customer.address": "建国路 5 号"})
    inside = held(seen)
    assert len(inside) == 3, inside
    # The case, written once with its digest (worked out ahead: no read back, no second
    # UPDATE), then the audit chain's two statements.
    assert inside[0].startswith("UPDATE cases SET") and "digest=" in inside[0]
    assert "audit_head" in inside[1] and inside[1].endswith("FOR UPDATE")
    assert inside[2].startswith("WITH added AS (INSERT INTO audit_log")


def test_a_phone_save_reads_the_facts_once_under_the_lock(db: Database) -> None:
    number, _ = new_case(db, steps=3)
    with sent(db) as seen:
        update_case(db, CONSULTANT, number, {"customer.phone": "13700137000"})
    inside = held(seen)
    # Documents, tasks, overrides, receipts, forms, custody (once each: case_facts), the
    # visit, the case's UPDATE, the stored rows and their difference (the phone is copied
    # into them), then the digest and the chain: 15 (the facts read twice made it 23).
    assert len([s for s in inside if " FROM tasks" in s]) == 1, inside
    assert len(inside) <= 15, inside
