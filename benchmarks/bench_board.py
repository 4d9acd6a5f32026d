"""Seed 100,000 cases with their task rows and time the dealership's board.

Target (issue 7): the whole board (counts per step, stuck cases, contracts in transit,
funding time per month and per lender with medians, slowest payouts, originals out) in
under 500 ms with 100,000 cases, computed in SQL.

`bulk_seed` writes cases without tasks; here every case also gets the task rows of the steps
before its current one (about a million rows, as a real desk would have), `sign_contract`
and `disbursed` with their dates, so funding time and the contracts in transit have data.
Two shapes of the same 100,000 cases:

* history (default): six years of a big dealer group's deals, signed evenly over time; a
  case is in flight only until it is delivered (payout 2-60 days after signing, a long
  tail; delivery 5-30 days after payout), 1 % never signed, 1 % rejected. About 17,000
  payouts in the last twelve months and a few hundred contracts in transit.
* uniform (--uniform): `bulk_seed`'s own steps, spread evenly over the eleven steps, every
  contract signed in the last 400 days: 55,000 in transit and 35,000 payouts in twelve
  months, a stress shape no dealership has.

    .venv/bin/python benchmarks/bench_board.py [--cases 100000] [--uniform] [--keep FILE]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import bindparam, func, insert, select, update

from app.domain.procedure import STEP_IDS, STEPS, Role
from app.services import board as b
from app.services.board import get_board
from app.services.common import now
from app.services.demo import bulk_seed
from app.services.milestones import fill_milestones
from app.services.users import initialise
from app.store.db import Database
from app.store.models import Case, CustodyRecord, TaskRecord, User

TARGET_MS = 500.0
RUNS = 15
BATCH = 20_000
HISTORY_DAYS = 6 * 365
DISBURSEMENT = STEP_IDS.index("disbursement")


def _history_case(rng: random.Random, at: datetime) -> tuple[str, str, datetime, datetime,
                                                              datetime]:
    """(step, status, signed, funded, step_since) of one case of six years' history."""
    signed = at - timedelta(days=rng.uniform(0, HISTORY_DAYS))
    funded = signed + timedelta(days=min(60.0, rng.lognormvariate(2.0, 0.6)))
    delivered = funded + timedelta(days=rng.uniform(5, 30))
    luck = rng.random()
    if luck < 0.01:  # never signed: stays at the contract
        return "contract", "open", signed, funded, signed
    if luck < 0.02:  # the lender said no
        return "credit_review", "rejected", signed, funded, signed + timedelta(days=3)
    if delivered <= at:
        return "done", "done", signed, funded, delivered
    if at < funded:  # signed, waiting for the money: steps 2 to 7
        share = (at - signed) / (funded - signed)
        step = STEP_IDS[1 + min(DISBURSEMENT - 1, int(share * DISBURSEMENT))]
        return step, "open", signed, funded, signed + (at - signed) / 2
    share = (at - funded) / (delivered - funded)
    step = STEP_IDS[DISBURSEMENT + 1 + min(2, int(share * 3))]
    return step, "open", signed, funded, funded + (at - funded) / 2


def _uniform_case(rng: random.Random, at: datetime, step: str) -> tuple[
        str, str, datetime, datetime, datetime]:
    signed = at - timedelta(days=rng.uniform(3, 400))
    funded = min(at - timedelta(hours=1),
                 signed + timedelta(days=min(60.0, rng.lognormvariate(2.0, 0.6))))
    return step, "done" if step == "done" else "open", signed, funded, signed


def seed_tasks(db: Database, *, uniform: bool, seed: int = 11) -> int:
    """Task rows for every step before each case's current one; returns how many."""
    rng = random.Random(seed)
    at = now()
    with db.reading() as session:
        staff = session.scalar(select(User.id).where(User.role == Role.CONSULTANT.value))
        cases = session.execute(select(Case.id, Case.current_step)).all()
    position = {s: i for i, s in enumerate(STEP_IDS)} | {"done": len(STEP_IDS)}
    rows: list[dict[str, object]] = []
    changes: list[dict[str, object]] = []
    total = 0
    for case_id, seeded_step in cases:
        step, status, signed, funded, since = (_uniform_case(rng, at, seeded_step) if uniform
                                               else _history_case(rng, at))
        reached = position[step] + (1 if status == "rejected" else 0)
        moment = signed - timedelta(days=1)
        for step_ in STEPS[:reached]:
            for task in step_.tasks:
                if task.id == "sign_contract":
                    done_at = signed
                elif task.id == "disbursed":
                    done_at = funded
                elif step_.number == 1:
                    done_at = signed - timedelta(hours=1)
                else:
                    moment = max(moment, signed) + timedelta(hours=rng.uniform(1, 30))
                    done_at = min(moment, at)
                if status == "rejected" and step_.id == "credit_review" \
                        and task.id == "credit_decision":
                    values = {"result": "rejected"}
                else:
                    values = {"result": "approved"} if task.id == "credit_decision" else {}
                rows.append({"case_id": case_id, "task_id": task.id, "done_at": done_at,
                             "done_by_id": staff, "note": "", "values": values})
        changes.append({"b_id": case_id, "b_step": step, "b_status": status,
                        "b_since": min(since, at)})
        if len(rows) >= BATCH:
            total += _flush(db, rows)
    total += _flush(db, rows)
    cases_table = Case.__table__
    with db.transaction() as session:
        session.execute(update(cases_table).where(cases_table.c.id == bindparam("b_id"))
                        .values(current_step=bindparam("b_step"), status=bindparam("b_status"),
                                step_since=bindparam("b_since")), changes)
        fill_milestones(session)  # what cases.refresh keeps on each case: its tasks' dates
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
        ids = list(session.scalars(select(Case.id).where(Case.current_step.in_(
            ("registration", "warehouse_release"))).limit(count)))
    with db.transaction() as session:
        session.execute(insert(CustodyRecord), [
            {"case_id": i, "kind": rng.choice(("conformity_certificate", "vehicle_invoice",
                                               "id_card")),
             "party": "customer", "holder": "车管所代办 老张", "purpose": "抵押登记",
             "out_at": now() - timedelta(days=rng.uniform(0, 20)), "out_by_id": staff}
            for i in ids])


def timed_ms(fn: object) -> float:
    start = time.perf_counter()
    fn()  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--uniform", action="store_true",
                        help="bulk_seed's even spread over the steps (stress shape)")
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
            tasks = seed_tasks(db, uniform=args.uniform)
            seed_custody(db)
            print(f"seeded {args.cases} cases ({'uniform' if args.uniform else 'history'}) "
                  f"and {tasks} task rows in {time.perf_counter() - start:.1f} s")
        with db.reading() as session:
            cases = session.scalar(select(func.count()).select_from(Case))
        times = [timed_ms(lambda: get_board(db, "wu.lei")) for _ in range(RUNS)]
        board = get_board(db, "wu.lei")
        median = statistics.median(times)
        p95 = statistics.quantiles(times, n=20)[18]
        ok = p95 < TARGET_MS
        print(f"board over {cases} cases: median {median:6.1f} ms  p95 {p95:6.1f} ms   "
              f"target < {TARGET_MS:.0f} ms   {'OK' if ok else 'MISSED'}")
        funded = board.funding_all
        print(f"  {sum(c.cases for c in board.counts)} cases counted, "
              f"{sum(c.stuck for c in board.counts)} stuck a week or more, "
              f"{board.in_transit_total} contracts in transit, "
              f"{funded.cases if funded else 0} payouts in 12 months (median "
              f"{funded.median_days if funded else 0} days), "
              f"{len(board.originals_out)} originals out")
        with db.reading() as session:
            for label, part in (
                    ("counts per step", lambda: b.step_counts(session, now())),
                    ("stuck per step", lambda: b.stuck_cases(session, now())),
                    ("in transit", lambda: b.contracts_in_transit(session, now())),
                    ("funding times", lambda: b.funding_times(session, now()))):
                samples = [timed_ms(part) for _ in range(5)]
                print(f"  {label:<16} median {statistics.median(samples):6.1f} ms")
        db.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
