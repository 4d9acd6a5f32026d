"""Two workstations saving at once on PostgreSQL: throughput, latency, no lost update.

Two processes each change their own half of the cases (update_case, one transaction and one
audit row per save) for 60 s. Afterwards every case must hold the last value its process
wrote (no lost update), no save may have failed (no deadlock), and the audit chain must verify.

    scripts/with-test-postgres.sh .venv/bin/python benchmarks/bench_pg_concurrency.py
    (or with LOANDESK_TEST_PG / --db naming a server you own)
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from app.services.audit import verify_chain
from app.services.cases import create_case, update_case
from app.services.demo import LENDERS, STAFF, case_json, ensure_staff
from app.services.users import initialise
from app.store.db import Database
from app.store.models import Case, User

CASES = 40


def worker(url: str, numbers: list[str], seconds: float, out: str) -> None:
    db = Database(url)
    with db.reading() as session:
        owner = dict(session.execute(select(Case.number, User.name).join(
            User, Case.consultant_id == User.id)).all())
    latencies: list[float] = []
    last: dict[str, str] = {}
    errors: list[str] = []
    end = time.monotonic() + seconds
    i = 0
    while time.monotonic() < end:
        number = numbers[i % len(numbers)]
        value = f"{os.getpid()}-{i}"
        start = time.perf_counter()
        try:
            update_case(db, owner[number], number, {"customer.address": value})
            last[number] = value
        except Exception as error:  # counted: a deadlock or a lost lock would show here
            errors.append(f"{type(error).__name__}: {error}")
        latencies.append((time.perf_counter() - start) * 1000)
        i += 1
    Path(out).write_text(json.dumps({"latencies": latencies, "last": last,
                                     "errors": errors[:5], "error_count": len(errors)}))
    db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=os.environ.get("LOANDESK_TEST_PG"))
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    if not args.db or not args.db.startswith("postgresql"):
        print("needs a PostgreSQL server: run through scripts/with-test-postgres.sh")
        return 2
    name = f"loandesk_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.db, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.db).set(database=name).render_as_string(hide_password=False)
    try:
        db = Database(url)
        initialise(db)
        ensure_staff(db)
        rng = random.Random(3)
        consultants = [s[0] for s in STAFF if s[2].value == "consultant"]
        numbers = [create_case(db, consultants[i % len(consultants)],
                               case_json(rng, LENDERS[i % len(LENDERS)])) for i in range(CASES)]
        db.dispose()
        halves = [numbers[0::2], numbers[1::2]]
        outs = [f"/tmp/{name}-{i}.json" for i in range(2)]
        processes = [multiprocessing.Process(target=worker, args=(url, half, args.seconds, out))
                     for half, out in zip(halves, outs, strict=True)]
        for p in processes:
            p.start()
        for p in processes:
            p.join()
        results = [json.loads(Path(o).read_text()) for o in outs]
        db = Database(url)
        with db.reading() as session:
            stored = dict(session.execute(select(Case.number, Case.customer_address)).all())
        lost = sum(1 for r in results for number, value in r["last"].items()
                   if stored[number] != value)
        latencies = [x for r in results for x in r["latencies"]]
        errors = sum(r["error_count"] for r in results)
        chain = verify_chain(db)
        db.dispose()
        saves = len(latencies) - errors
        p95 = statistics.quantiles(latencies, n=20)[18]
        print(f"two processes, {args.seconds:.0f} s, {CASES} cases on PostgreSQL")
        print(f"saves: {saves} ({saves / args.seconds:.1f} per second)")
        print(f"latency: median {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms")
        print(f"lost updates: {lost}   (target 0)")
        print(f"failed saves (deadlocks or errors): {errors}   (target 0)"
              + (f"  e.g. {results[0]['errors'][:1] or results[1]['errors'][:1]}"
                 if errors else ""))
        print(f"audit chain: {'intact' if chain.broken_at is None else 'BROKEN'} "
              f"({chain.rows} rows)")
        return 0 if lost == 0 and errors == 0 and chain.broken_at is None else 1
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
