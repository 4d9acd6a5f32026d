"""Seed 100,000 cases into a fresh SQLite file and time the searches of the case list.

Targets (issue 2): seeding 100,000 cases in under 60 s; p95 under 50 ms for each kind of
search (name fragment, phone tail, ID-number tail, VIN tail, case number), each query asking
for the first page of the list (200 rows) the way the GUI does.

    .venv/bin/python benchmarks/bench_search.py [--cases 100000]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select

from app.services.demo import bulk_seed
from app.services.listing import CaseQuery, count_cases, list_cases
from app.services.users import initialise
from app.store.db import Database
from app.store.models import Case

SEED_TARGET_S = 60.0
SEARCH_TARGET_MS = 50.0
RUNS = 60


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18]


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
        initialise(db)
        start = time.perf_counter()
        bulk_seed(db, args.cases)
        seeded = time.perf_counter() - start
        ok = seeded < SEED_TARGET_S
        print(f"seed {args.cases} cases: {seeded:6.1f} s   target < {SEED_TARGET_S:.0f} s   "
              f"{'OK' if ok else 'MISSED'}")
        with db.reading() as session:
            rows = session.execute(select(
                Case.number, Case.customer_name, Case.customer_phone, Case.customer_id_number,
                Case.vin)).all()
        rng = random.Random(1)
        samples = [rng.choice(rows) for _ in range(RUNS)]
        kinds: dict[str, Callable[[tuple[str, ...]], str]] = {
            "name fragment": lambda r: r[1][-1] if len(r[1]) > 1 else r[1],
            "phone tail (4)": lambda r: r[2][-4:],
            "ID-number tail (6)": lambda r: r[3][-6:],
            "VIN tail (6)": lambda r: r[4][-6:],
            "case number": lambda r: r[0],
        }
        for label, term_of in kinds.items():
            times = []
            found = 0
            for row in samples:
                query = CaseQuery(search=term_of(tuple(row)))
                result: list[object] = []
                times.append(timed(lambda q=query, out=result: out.extend(  # type: ignore[misc]
                    list_cases(db, "wu.lei", q, limit=200))))
                found += bool(result)
            value = p95(times)
            ok = ok and value < SEARCH_TARGET_MS and found == len(samples)
            print(f"search by {label:<20} p95 {value:6.1f} ms  median "
                  f"{statistics.median(times):5.1f} ms   target < {SEARCH_TARGET_MS:.0f} ms   "
                  f"{'OK' if value < SEARCH_TARGET_MS else 'MISSED'}  (found {found}/{RUNS})")
        count_ms = [timed(lambda: count_cases(db, "wu.lei", CaseQuery(search="13")))
                    for _ in range(10)]
        print(f"count matching '13' (list header): median {statistics.median(count_ms):.1f} ms")
        db.dispose()
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
