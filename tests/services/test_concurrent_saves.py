"""Workstations saving at once (issue 15): one audit chain, no fork, no lost update, and a
stale version still refused. Runs on SQLite, and on PostgreSQL under `make test-pg`, where
the threads' transactions really overlap (each has its own connection)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from app.domain.errors import InvalidInput
from app.services.audit import verify_chain
from app.services.cases import get_case, update_case
from app.store.audit_chain import GENESIS_HASH
from app.store.db import Database
from app.store.models import AuditEntry, AuditHead, Case
from tests.conftest import CONSULTANT, MANAGER
from tests.helpers import new_case

WRITERS = 8
SAVES = 6  # per writer: every other one on the case all writers share


def together(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run `jobs` in threads released at the same moment; each one's result or exception."""
    start = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(k: int) -> None:
        start.wait()
        try:
            results[k] = jobs[k]()
        except Exception as error:  # handed back to the test, which names it
            results[k] = error

    threads = [threading.Thread(target=run, args=(k,)) for k in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def trail(db: Database) -> list[AuditEntry]:
    with db.reading() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))


def test_writers_at_once_extend_one_chain_and_lose_no_update(db: Database) -> None:
    shared, _ = new_case(db)
    own = [new_case(db)[0] for _ in range(WRITERS)]
    written_before = len(trail(db))

    def writer(k: int) -> dict[str, list[str]]:
        saved: dict[str, list[str]] = {}
        for i in range(SAVES):
            number = shared if i % 2 else own[k]
            value = f"建国路 {k}-{i} 号"
            update_case(db, MANAGER if i % 2 else CONSULTANT, number,
                        {"customer.address": value})
            saved.setdefault(number, []).append(value)
        return saved

    results = together([lambda k=k: writer(k) for k in range(WRITERS)])
    failed = [r for r in results if isinstance(r, Exception)]
    assert not failed, failed

    rows = trail(db)
    assert len(rows) == written_before + WRITERS * SAVES  # one entry per save, none lost
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    # No fork: every entry follows the one before it, so no two share a predecessor.
    assert [r.prev_hash for r in rows] == [GENESIS_HASH] + [r.hash for r in rows[:-1]]
    assert len({r.prev_hash for r in rows}) == len(rows)
    with db.reading() as session:
        head = session.get(AuditHead, 1)
        stored = dict(session.execute(select(Case.number, Case.customer_address)).all())
    assert head is not None and (head.seq, head.hash) == (rows[-1].seq, rows[-1].hash)

    recorded: dict[str, list[str]] = {}
    for row in rows:
        if row.action == "case.update":
            recorded.setdefault(str(row.case_number), []).append(
                row.detail["changes"]["customer.address"]["to"])
    for k, number in enumerate(own):  # one writer each: its last value, every save recorded
        assert recorded[number] == results[k][number]
        assert stored[number] == results[k][number][-1]
    # The shared case: every writer's saves recorded in its own order, and the case holds
    # the value of the save the trail records last (a later save never overwritten).
    assert sorted(recorded[shared]) == sorted(v for r in results for v in r[shared])
    for k in range(WRITERS):
        mine = [v for v in recorded[shared] if v.startswith(f"建国路 {k}-")]
        assert mine == results[k][shared]
    assert stored[shared] == recorded[shared][-1]
    assert verify_chain(db).intact


def test_two_saves_of_the_same_version_at_once_one_is_refused(db: Database) -> None:
    number, _ = new_case(db)
    opened = get_case(db, CONSULTANT, number).version
    written_before = len(trail(db))
    colours = {CONSULTANT: "曜石黑", MANAGER: "极地蓝"}
    results = together([
        lambda who=who, colour=colour: (who, update_case(
            db, who, number, {"vehicle.color": colour}, expected_version=opened))
        for who, colour in colours.items()])

    done = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(done) == 1 and len(refused) == 1, results
    winner = done[0][0]
    assert done[0][1] == ["vehicle.color"]
    assert isinstance(refused[0], InvalidInput)
    assert refused[0].field == "case"
    assert f"changed by {winner}" in refused[0].problem  # who saved first, as before
    assert get_case(db, CONSULTANT, number).data.vehicle.color == colours[winner]
    added = trail(db)[written_before:]
    assert [(r.action, r.user_name) for r in added] == [("case.update", winner)]
    assert verify_chain(db).intact
