"""Seed 100,000 cases with their task rows and time the dealership's board.

Target (issue 7): the whole board (counts per step, stuck cases, contracts in transit,
funding time per month and per lender with medians, slowest fundings, originals out) in
under 500 ms with 100,000 cases, computed in SQL.

`bulk_seed` writes cases without tasks; here every case also gets the task rows of the
steps before its current one (about 1.2 million rows, as a real desk would have), with
`sign_contract` dated in the past year and `disbursed` 2 to 60 days after it, so the
funding figures have data and the "in transit" query has a real table to search.

    .venv/bin/python benchmarks/bench_board.py [--cases 100000] [--keep FILE]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import bindparam, func, insert, select, update

from app.domain.procedure import STEP_IDS, STEPS, Role
from app.services import board as b
from app.services.board import board_in, get_board
from app.services.common import now
from app.services.demo import bulk_seed
from app.services.users import initialise
from app.store.db import Database
from app.store.models import Case, CustodyRecord, TaskRecord, User

TARGET_MS = 500.0
RUNS = 15
BATCH = 20_000


def seed_tasks(db: Database, seed: int = 11) -> int:
    """Task rows for every step before each case's current one; returns how many."""
    rng = random.Random(seed)
    at = now()
    with db.reading() as session:
        staff = session.scalar(select(User.id).where(User.role == Role.CONSULTANT.value))
        cases = session.execute(select(Case.id, Case.current_step)).all()
    position = {s: i for i, s in enumerate(STEP_IDS)} | {"done": len(STEP_IDS)}
    rows: list[dict[str, object]] = []
    total = 0
    step_since: list[dict[str, object]] = []
    for case_id, step in cases:
        reached = position[step]
        signed = at - timedelta(days=rng.uniform(3, 400))
        # Lenders mostly pay within two weeks; a few take much longer (a long tail).
        funded = signed + timedelta(days=min(60.0, rng.lognormvariate(2.0, 0.6)))
        moment = signed - timedelta(days=1)
        for step_ in STEPS[:reached]:
            for task in step_.tasks:
                if task.id == "sign_contract":
                    done_at = signed
                elif task.id == "disbursed":
                    done_at = funded
                else:
                    moment = max(moment + timedelta(hours=rng.uniform(1, 30)),
                                 signed if step_.number > 1 else moment)
                    done_at = moment if step_.number != 7 else funded - timedelta(hours=2)
                rows.append({"case_id": case_id, "task_id": task.id, "done_at": done_at,
                             "done_by_id": staff, "note": "",
                             "values": {"result": "approved"}
                             if task.id == "credit_decision" else {}})
        if reached >= 7 and step != "done":  # a funded case entered its step after payout
            step_since.append({"id": case_id, "since": funded + timedelta(days=1)})
        if len(rows) >= BATCH:
            total += _flush(db, rows)
    total += _flush(db, rows)
    cases_table = Case.__table__
    with db.transaction() as session:
        session.execute(update(cases_table).where(cases_table.c.id == bindparam("b_id"))
                        .values(step_since=bindparam("b_since")),
                        [{"b_id": r["id"], "b_since": min(r["since"], at)}  # type: ignore[type-var]
                         for r in step_since])
    return total


def _flush(db: Database, rows: list[dict[str, object]]) -> int:
    count = len(rows)
    if rows:
        with db.transaction() as session:
            session.execute(insert(TaskRecord), rows)
        rows.clear()
    return count


def seed_custody(db: Database, count: int = 300) -> None:
    """A few hundred originals out, as a busy registration week leaves them."""
    rng = random.Random(5)
    with db.reading() as session:
        staff = session.scalar(select(User.id).where(User.role == Role.CONSULTANT.value))
        ids = list(session.scalars(select(Case.id).where(Case.current_step == "registration")
                                   .limit(count)))
    with db.transaction() as session:
        session.execute(insert(CustodyRecord), [
            {"case_id": i, "kind": rng.choice(("conformity_certificate", "vehicle_invoice",
                                               "id_card")),
             "party": "customer", "holder": "车管所代办 老张", "purpose": "抵押登记",
             "out_at": now() - timedelta(days=rng.uniform(0, 20)), "out_by_id": staff}
            for i in ids])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--keep", help="seed into this SQLite file once and reuse it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(args.keep) if args.keep else Path(tmp) / "bench.sqlite3"
        fresh = not path.exists()
        db = Database(f"sqlite:///{path}")
        initialise(db)
        if fresh:
            start = time.perf_counter()
            bulk_seed(db, args.cases)
            tasks = seed_tasks(db)
            seed_custody(db)
            print(f"seeded {args.cases} cases and {tasks} task rows in "
                  f"{time.perf_counter() - start:.1f} s")
        with db.reading() as session:
            cases = session.scalar(select(func.count()).select_from(Case))
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            board = get_board(db, "wu.lei")
            times.append((time.perf_counter() - start) * 1000)
        median = statistics.median(times)
        p95 = statistics.quantiles(times, n=20)[18]
        ok = p95 < TARGET_MS
        print(f"board over {cases} cases: median {median:6.1f} ms  p95 {p95:6.1f} ms   "
              f"target < {TARGET_MS:.0f} ms   {'OK' if ok else 'MISSED'}")
        print(f"  {sum(c.cases for c in board.counts)} cases counted, {len(board.stuck)} "
              f"stuck shown, {board.in_transit_total} contracts in transit, "
              f"{board.funding_all.cases if board.funding_all else 0} fundings in the last "
              f"12 months (median {board.funding_all.median_days if board.funding_all else 0}"
              f" days), {len(board.originals_out)} originals out")
        with db.reading() as session:
            for label, fn in (("counts per step", lambda: b.step_counts(session, now())),
                              ("stuck per step", lambda: b.stuck_cases(session, now())),
                              ("in transit", lambda: b.contracts_in_transit(session, now())),
                              ("funding times", lambda: b.funding_times(session, now())),
                              ("whole board", lambda: board_in(session, now()))):
                samples = []
                for _ in range(5):
                    start = time.perf_counter()
                    fn()
                    samples.append((time.perf_counter() - start) * 1000)
                print(f"  {label:<16} median {statistics.median(samples):6.1f} ms")
        db.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
