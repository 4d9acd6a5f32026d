"""A dealer group's scale on PostgreSQL: 1,000,000 cases across 20 dealerships.

Seeds a fresh database on the server named by LOANDESK_TEST_PG (scripts/with-test-postgres.sh
starts a throwaway one) with COPY, then times what people wait for, through the same services
the GUI and the CLI call:

* search p95 < 50 ms: a name, a phone tail, an ID tail, a VIN tail, a case number (the list's
  first page of 200 rows, as the case list asks for it);
* case view < 100 ms p95: everything the workspace shows of an open case (its read model,
  app.services.case_view.load_case_view);
* the board of one dealership < 500 ms p95, of the whole group < 2 s p95;
* 8 client processes saving at once: no lost update (each case's version counter must have
  moved exactly once per save reported as done, and each case ends with its last writer's
  value), p95 save < 100 ms.

What is seeded: the cases (six years of a group's history, the shape of bench_board.py's
default), 20 dealerships (the default one and 19 added through the service), the task rows
the board and the case view read (every task of the steps before its current one for a case
in flight; for a delivered case only the signing and the payout), and on each case the
milestones the services keep from those tasks (signed_at, paid_out_at: what the board reads;
the case view is timed on cases in flight). Not seeded: documents, custody, follow-up
visits, and the audit trail of the seeded rows (they are written by COPY, outside LoanDesk, so
`audit verify` would name them as such; the saves of the last part are audited as always).

    scripts/with-test-postgres.sh .venv/bin/python benchmarks/bench_pg_scale.py [--cases N]

To measure again without seeding again, keep the database (`--keep NAME`: seeded only if it
does not exist, never dropped; a kept database of an older schema is migrated first, which
times the migration) on a server kept up, e.g. `--db postgresql+psycopg://...:54341/postgres`;
`--no-saves` leaves out the 8 client processes; `--saves-only` runs only them (to iterate on
saving: `--saves-only --cases 20000` seeds in seconds; the reported figure stays the 1M run).
The save lines also say how many statements a save sent, on average.
"""

from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_board import _history_case
from sqlalchemy import create_engine, event, func, select, text
from sqlalchemy.engine import make_url

from app.domain.board import MILESTONES
from app.domain.procedure import STEP_IDS, STEPS, Role
from app.services import cases as case_service
from app.services.board import get_board
from app.services.case_view import load_case_view
from app.services.cases import update_case
from app.services.common import now
from app.services.dealerships import add_dealership
from app.services.demo import (
    CARS,
    COLOURS,
    GIVEN,
    SURNAMES,
    ensure_staff,
    resident_id,
)
from app.services.demo import vin as demo_vin
from app.services.listing import CaseQuery, list_cases
from app.services.users import initialise
from app.store.db import Database
from app.store.models import AuditEntry, Case, Dealership, Lender, TaskRecord, User

MANAGER = "wu.lei"
ADMIN = "admin"  # app.services.users.initialise's first user
DEALERSHIPS = 20
CLIENTS = 8
OWN_CASES = 25  # per client process
HOT_CASES = 4  # saved by every client process in turn
PAGE = 200  # the case list's page (app.ui.case_list.PAGE)
TARGETS = {"search": 50.0, "case view": 100.0, "board, one dealership": 500.0,
           "board, the group": 2000.0, "save": 100.0}

NAME_INDEX = "ix_cases_name_characters"  # migration 0007's index for the name search
CASE_COLUMNS = (
    "id", "number", "version", "created_at", "updated_at", "consultant_id", "lender_id",
    "dealership_id", "customer_name", "customer_id_number", "customer_id_rev",
    "customer_phone", "customer_phone_rev", "marital_status", "customer_address",
    "customer_employer", "self_employed", "spouse_name", "spouse_id_number", "spouse_phone",
    "vehicle_brand", "vehicle_model", "vin", "vin_rev", "engine_number", "color", "price",
    "new_energy", "used", "commercial", "plate", "warehouse", "loan_amount", "down_payment",
    "term_months", "annual_rate", "method", "fees", "fee_items", "accessories",
    "current_step", "step_since", "missing_count", "missing_summary", "missing_summary_zh",
    "status", *MILESTONES)
TASK_COLUMNS = ("case_id", "task_id", "done_at", "done_by_id", "note", "values")


def ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[18] if len(samples) > 1 else samples[0]


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


# -- seeding ---------------------------------------------------------------------------------


def _case_rows(count: int, first_id: int, first_serial: int, staff: dict[str, Any],
               rng: random.Random, at: datetime
               ) -> Iterator[tuple[str, list[tuple[str, datetime, str]], bool]]:
    """(one COPY line of cases, its task rows, in flight?) per case."""
    year = at.year
    position = {s: i for i, s in enumerate(STEP_IDS)} | {"done": len(STEP_IDS)}
    for i in range(count):
        step, status, signed, funded, since = _history_case(rng, at)
        phone = f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}"
        id_number = resident_id(rng)  # valid check characters: a save validates the case
        brand, model, new_energy, prefix, low, high = rng.choice(CARS)
        vin = demo_vin(rng, prefix)
        price = rng.randrange(low, high + 1, 100)
        loan = price // 2  # within every demo lender's loan-to-value
        created = signed - timedelta(days=1)
        in_flight = status == "open"
        row = (
            str(first_id + i), f"LD{year}-{first_serial + i:06d}", "1", stamp(created),
            stamp(min(since, at)),
            str(rng.choice(staff["consultants"])), str(rng.choice(staff["lenders"])),
            str(staff["dealerships"][i % len(staff["dealerships"])]),
            rng.choice(SURNAMES) + rng.choice(GIVEN), id_number, id_number[::-1], phone,
            phone[::-1], "single", "", "", "f", "", "", "", brand, model, vin, vin[::-1],
            "", rng.choice(COLOURS), str(price * 100), "t" if new_energy else "f", "f", "f",
            "", "", str(loan * 100), str((price - loan) * 100), "36", "0.0488",
            "equal_installment", "0", "[]", "[]", step, stamp(min(since, at)),
            "3" if in_flight else "0", "documents outstanding" if in_flight else "",
            "资料未齐" if in_flight else "", status)
        reached = position[step] + (1 if status == "rejected" else 0)
        tasks: list[tuple[str, datetime, str]] = []
        moment = signed - timedelta(days=1)
        for step_ in STEPS[:reached]:
            for task in step_.tasks:
                if task.id == "sign_contract":
                    done_at = signed
                elif task.id == "disbursed":
                    done_at = funded
                elif not in_flight:
                    continue  # a delivered case: only what the board reads of it
                elif step_.number == 1:
                    done_at = signed - timedelta(hours=1)
                else:
                    moment = max(moment, signed) + timedelta(hours=rng.uniform(1, 30))
                    done_at = min(moment, at)
                value = ""
                if task.id == "credit_decision":
                    value = '{"result": "rejected"}' if status == "rejected" \
                        else '{"result": "approved"}'
                tasks.append((task.id, min(done_at, at), value or "{}"))
        # The milestones the services keep on the case (cases.refresh): its tasks' dates.
        done = {task_id: done_at for task_id, done_at, _ in tasks}
        row += tuple(stamp(done[task_id]) if task_id in done else "\\N"
                     for task_id in MILESTONES.values())
        yield "\t".join(row) + "\n", tasks, in_flight


def _copy(cursor: Any, table: str, columns: tuple[str, ...], data: str) -> None:
    quoted = ", ".join(f'"{c}"' for c in columns)
    with cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
        copy.write(data.encode())


def seed(db: Database, cases: int, *, seed_value: int = 15) -> tuple[int, float]:
    """The group, its staff and `cases` cases with their task rows; (task rows, seconds)."""
    start = time.perf_counter()
    ensure_staff(db)
    for n in range(2, DEALERSHIPS + 1):
        add_dealership(db, ADMIN, f"store-{n:02d}", f"第{n}店")
    at = now()
    with db.reading() as session:
        staff = {
            "consultants": list(session.scalars(select(User.id).where(
                User.role == Role.CONSULTANT.value))),
            "lenders": list(session.scalars(select(Lender.id))),
            "dealerships": list(session.scalars(select(Dealership.id).order_by(Dealership.id))),
            "clerk": session.scalar(select(User.id).where(User.role == Role.CONSULTANT.value)),
        }
    with db.transaction() as session:
        first = case_service.next_serial(session, f"case-{at.year}", cases)
    rng = random.Random(seed_value)
    tables = [Case.__table__, TaskRecord.__table__]
    raw = db.engine.raw_connection()
    task_rows = 0
    try:
        cursor = raw.cursor()
        # Indexes are built once after the load rather than kept up row by row.
        for table in tables:
            for index in table.indexes:  # type: ignore[attr-defined]
                cursor.execute(f'DROP INDEX IF EXISTS "{index.name}"')
        cursor.execute(f"DROP INDEX IF EXISTS {NAME_INDEX}")
        cursor.execute("SELECT coalesce(max(id), 0) FROM cases")
        next_id = int(cursor.fetchone()[0]) + 1  # type: ignore[index]
        lines: list[str] = []
        pending: list[tuple[int, list[tuple[str, datetime, str]]]] = []
        rows = _case_rows(cases, next_id, first, staff, rng, at)
        for done, (line, tasks, _in_flight) in enumerate(rows, start=1):
            lines.append(line)
            pending.append((next_id + done - 1, tasks))
            if len(lines) == 50_000 or done == cases:
                _copy(cursor, "cases", CASE_COLUMNS, "".join(lines))
                out = io.StringIO()
                for case_id, case_tasks in pending:
                    for task_id, done_at, values in case_tasks:
                        out.write(f"{case_id}\t{task_id}\t{stamp(done_at)}\t{staff['clerk']}"
                                  f"\t\t{values}\n")
                        task_rows += 1
                _copy(cursor, "tasks", TASK_COLUMNS, out.getvalue())
                lines.clear()
                pending.clear()
                raw.commit()
                print(f"  {done} cases copied ({time.perf_counter() - start:.0f} s)",
                      flush=True)
        cursor.close()
    finally:
        raw.close()
    with db.engine.begin() as connection:
        for table in tables:
            for index in table.indexes:  # type: ignore[attr-defined]
                index.create(connection)
        connection.execute(text(f"CREATE INDEX {NAME_INDEX} ON cases "
                                "USING gin (string_to_array(customer_name, NULL))"))
        connection.execute(text("SELECT setval(pg_get_serial_sequence('cases', 'id'), "
                                "(SELECT max(id) FROM cases))"))
        connection.execute(text("SELECT setval(pg_get_serial_sequence('tasks', 'id'), "
                                "(SELECT max(id) FROM tasks))"))
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))
    return task_rows, time.perf_counter() - start


# -- what people wait for --------------------------------------------------------------------


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(ms_since(start))
    return samples


def search_terms(db: Database, rng: random.Random, each: int) -> list[tuple[str, str]]:
    with db.reading() as session:
        top = session.scalar(select(func.max(Case.id))) or 1
        picked = list(session.execute(
            select(Case.number, Case.customer_name, Case.customer_phone,
                   Case.customer_id_number, Case.vin)
            .where(Case.id.in_([rng.randint(1, top) for _ in range(each * 3)]))
            .limit(each)))
    terms: list[tuple[str, str]] = []
    for number, name, phone, id_number, vin in picked:
        terms += [("name", name), ("phone tail", phone[-4:]), ("ID tail", id_number[-6:]),
                  ("VIN tail", vin[-6:]), ("case number", number)]
    return terms


def open_numbers(db: Database, count: int, rng: random.Random) -> list[tuple[str, str]]:
    """(case number, its consultant's sign-in name) of cases in flight, spread over the group."""
    with db.reading() as session:
        rows = list(session.execute(
            select(Case.number, User.name).join(User, User.id == Case.consultant_id)
            .where(Case.status == "open", Case.current_step != "contract")
            .order_by(Case.id).limit(count * 20)))
    rng.shuffle(rows)
    return [(r[0], r[1]) for r in rows[:count]]


def case_view(db: Database, owner: str, number: str) -> object:
    # The workspace's read model: the one service call the GUI makes to open a case.
    return load_case_view(db, owner, number)


def bare_save(engine: Any, number: str, value: str) -> None:
    """The least a save can be (the floor): lock the case row, write it, commit."""
    with engine.begin() as connection:
        connection.execute(text("SELECT id FROM cases WHERE number = :n FOR UPDATE"),
                           {"n": number})
        connection.execute(text("UPDATE cases SET customer_address = :v WHERE number = :n"),
                           {"v": value, "n": number})


def saver(url: str, own: list[tuple[str, str]], hot: list[tuple[str, str]], seconds: float,
          out: str, floor: bool = False) -> None:
    """Save for `seconds`: each client its own cases, every fourth save one of the cases all
    clients share. `floor`: bare_save instead of the service (nothing audited)."""
    db = Database(url)
    sent = [0]  # statements sent to the server (COMMIT not counted)
    event.listen(db.engine, "before_cursor_execute", lambda *_: sent.__setitem__(0, sent[0] + 1))
    latencies: list[float] = []
    shared: list[bool] = []
    last: dict[str, str] = {}
    saves: dict[str, int] = {}
    errors: list[str] = []

    def save(number: str, owner: str, value: str) -> None:
        if floor:
            bare_save(db.engine, number, value)
        else:
            update_case(db, owner, number, {"customer.address": value})

    save(own[0][0], own[0][1], f"{os.getpid()}-warm")
    last[own[0][0]] = f"{os.getpid()}-warm"
    saves[own[0][0]] = 1
    end = time.monotonic() + seconds
    i = 0
    sent[0] = 0
    while time.monotonic() < end:
        # The shared cases in turn: hot[i % len(hot)] under i % 4 == 3, as it was until
        # 2026-11-24, picked the last of the four every time (all clients on one case).
        number, owner = hot[(i // 4) % len(hot)] if i % 4 == 3 else own[i % len(own)]
        value = f"{os.getpid()}-{i}"
        start = time.perf_counter()
        try:
            save(number, owner, value)
            last[number] = value
            saves[number] = saves.get(number, 0) + 1
        except Exception as error:  # counted: a deadlock or a stale version shows here
            errors.append(f"{type(error).__name__}: {error}"[:200])
        latencies.append(ms_since(start))
        shared.append(i % 4 == 3)
        i += 1
    Path(out).write_text(json.dumps({"latencies": latencies, "shared": shared, "last": last,
                                     "saves": saves, "errors": errors[:3],
                                     "error_count": len(errors), "statements": sent[0]}))
    db.dispose()


def _clients(url: str, owns: list[list[tuple[str, str]]], hot: list[tuple[str, str]],
             seconds: float, floor: bool) -> list[dict[str, Any]]:
    tag = uuid.uuid4().hex[:8]
    outs = [f"/tmp/loandesk-scale-{tag}-{k}.json" for k in range(len(owns))]
    processes = [multiprocessing.Process(target=saver, args=(url, own, hot, seconds, out, floor))
                 for own, out in zip(owns, outs, strict=True)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()
    results = [json.loads(Path(o).read_text()) for o in outs]
    for o in outs:
        Path(o).unlink()
    return results


def _split(results: list[dict[str, Any]]) -> str:
    """p95 of the saves of a client's own cases and of the shared ones (which wait for each
    other's row lock: two saves of one case never overlap)."""
    own = [x for r in results for x, s in zip(r["latencies"], r["shared"], strict=True) if not s]
    shared = [x for r in results for x, s in zip(r["latencies"], r["shared"], strict=True) if s]
    per_save = sum(r["statements"] for r in results) / max(1, len(own) + len(shared))
    return (f"own cases p95 {p95(own):.1f} ms ({len(own)}), shared cases p95 "
            f"{p95(shared):.1f} ms ({len(shared)}); {per_save:.1f} statements per save")


def concurrent_saves(db: Database, url: str, seconds: float, rng: random.Random,
                     watch: Callable[[], AbstractContextManager[object]] | None = None
                     ) -> tuple[int, int, int, list[float]]:
    """(saves, lost updates, failed saves, latencies) of CLIENTS processes saving at once.

    First the floor, in the same run on the same cases: the same processes doing bare_save
    (row lock, one UPDATE, commit: no service, no checklist, no audit); on a machine with
    fewer cores than clients it is mostly the clients waiting for a core. `watch`: a context
    around the service's saves only (bench_pg_concurrency samples what the clients wait on)."""
    picked = open_numbers(db, CLIENTS * OWN_CASES + HOT_CASES, rng)
    hot = picked[:HOT_CASES]
    owns = [picked[HOT_CASES + k * OWN_CASES:HOT_CASES + (k + 1) * OWN_CASES]
            for k in range(CLIENTS)]
    numbers = [n for n, _ in picked]
    floor = _clients(url, owns, hot, seconds / 2, True)
    bare = [x for r in floor for x in r["latencies"]]
    print(f"{'save floor (bare SQL)':<24} p95 {p95(bare):8.1f} ms  median "
          f"{statistics.median(bare):8.1f} ms   ({CLIENTS} processes, {len(bare)} saves in "
          f"{seconds / 2:.0f} s; {_split(floor)})")
    with watch() if watch else nullcontext():
        results = _clients(url, owns, hot, seconds, False)
    with db.reading() as session:
        stored = dict(session.execute(select(Case.number, Case.customer_address).where(
            Case.number.in_(numbers))).all())
        trail: dict[str, list[str]] = {}
        for number, detail in session.execute(
                select(AuditEntry.case_number, AuditEntry.detail)
                .where(AuditEntry.case_number.in_(numbers), AuditEntry.action == "case.update")
                .order_by(AuditEntry.seq)):
            trail.setdefault(number, []).append(detail["changes"]["customer.address"]["to"])
    saved: dict[str, int] = {}
    for r in results:
        for number, n in r["saves"].items():
            saved[number] = saved.get(number, 0) + n
    # A lost update: a case whose stored value is not what the last save the trail recorded
    # wrote (a later save overwritten by an earlier one), or saves reported done that the
    # trail does not hold, or a case not holding its only writer's last value.
    lost = sum(1 for number in numbers
               if len(trail.get(number, [])) != saved.get(number, 0)
               or (trail.get(number) and stored[number] != trail[number][-1]))
    own_numbers = {n for own in owns for n, _ in own}
    lost += sum(1 for r in results for number, value in r["last"].items()
                if number in own_numbers and stored[number] != value)
    if any(r["error_count"] for r in results):
        print("  e.g. " + next(r["errors"][0] for r in results if r["errors"]))
    print(f"{'save, split':<24} {_split(results)}")
    latencies = [x for r in results for x in r["latencies"]]
    return (sum(saved.values()), lost, sum(r["error_count"] for r in results), latencies)


def verdict(label: str, samples: list[float], extra: str = "") -> bool:
    target = TARGETS[label]
    value = p95(samples)
    ok = value < target
    print(f"{label:<24} p95 {value:8.1f} ms  median {statistics.median(samples):8.1f} ms   "
          f"target < {target:.0f} ms   {'OK' if ok else 'MISSED'}{extra}")
    return ok


def _saves(db: Database, url: str, seconds: float, rng: random.Random,
           results: list[bool]) -> int:
    """The 8 client processes saving at once, printed beside the target; the exit status."""
    print(f"load before the saves: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    saves, lost, failed, latencies = concurrent_saves(db, url, seconds, rng)
    results.append(verdict("save", latencies, f"   ({CLIENTS} processes, {saves} saves "
                                              f"in {seconds:.0f} s)"))
    print(f"{'lost updates':<24} {lost:>8}      target 0   {'OK' if lost == 0 else 'MISSED'}")
    print(f"{'failed saves':<24} {failed:>8}      target 0   "
          f"{'OK' if failed == 0 else 'MISSED'}")
    print(f"load after the saves: {os.getloadavg()[0]:.2f}")
    results.append(lost == 0 and failed == 0)
    db.dispose()
    return 0 if all(results) else 1


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=os.environ.get("LOANDESK_TEST_PG"))
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=20,
                        help="how long the client processes save")
    parser.add_argument("--keep", metavar="NAME",
                        help="seed the database NAME only if it does not exist yet, and keep "
                             "it afterwards (to measure again without seeding again)")
    parser.add_argument("--no-saves", action="store_true",
                        help="leave out the 8 client processes saving at once")
    parser.add_argument("--saves-only", action="store_true",
                        help="only the 8 client processes saving at once (for iterating: "
                             "e.g. with --cases 20000)")
    args = parser.parse_args()
    if not args.db or not args.db.startswith("postgresql"):
        print("needs a PostgreSQL server: run through scripts/with-test-postgres.sh")
        return 2
    name = args.keep or f"loandesk_scale_{uuid.uuid4().hex[:8]}"
    admin = create_engine(args.db, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = bool(connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                        {"n": name}))
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.db).set(database=name).render_as_string(hide_password=False)
    rng = random.Random(8)
    results: list[bool] = []
    try:
        db = Database(url)
        start = time.perf_counter()
        initialise(db)  # on a kept database: the migrations it has not seen yet
        if exists:
            print(f"kept database {name}: schema brought up to date in "
                  f"{time.perf_counter() - start:.0f} s")
        else:
            task_rows, seconds = seed(db, args.cases)
        with db.reading() as session:
            total = session.scalar(select(func.count()).select_from(Case)) or 0
            size = session.scalar(text("SELECT pg_size_pretty(pg_database_size("
                                       "current_database()))"))
        if not exists:
            print(f"seeded {total} cases in {DEALERSHIPS} dealerships and {task_rows} task "
                  f"rows with COPY in {seconds:.0f} s ({seconds / 60:.1f} min; database {size})")
        else:
            print(f"{total} cases (database {size})")

        if args.saves_only:
            return _saves(db, url, args.seconds, rng, results)
        terms = search_terms(db, rng, 12)
        for _label, term in terms[:5]:  # warm the caches once, as a desk open all day has
            list_cases(db, MANAGER, CaseQuery(search=term), limit=PAGE)
        by_kind: dict[str, list[float]] = {}
        for label, term in terms:
            start = time.perf_counter()
            list_cases(db, MANAGER, CaseQuery(search=term), limit=PAGE)
            by_kind.setdefault(label, []).append(ms_since(start))
        everything = [x for samples in by_kind.values() for x in samples]
        results.append(verdict("search", everything, "   (" + ", ".join(
            f"{k} {p95(v):.0f}" for k, v in by_kind.items()) + " ms p95)"))

        viewed = open_numbers(db, 20, rng)
        case_view(db, *viewed[0][::-1])
        results.append(verdict("case view", [
            x for number, owner in viewed for x in timed(
                lambda n=number, o=owner: case_view(db, o, n), 1)]))  # type: ignore[misc]

        codes = [f"store-{n:02d}" for n in range(2, DEALERSHIPS + 1)]
        get_board(db, MANAGER, dealership=codes[0])
        one = [x for code in rng.sample(codes, 8) for x in timed(
            lambda c=code: get_board(db, MANAGER, dealership=c), 2)]  # type: ignore[misc]
        results.append(verdict("board, one dealership", one))
        results.append(verdict("board, the group", timed(lambda: get_board(db, MANAGER), 6)))

        if args.no_saves:
            db.dispose()
            return 0 if all(results) else 1
        return _saves(db, url, args.seconds, rng, results)
    finally:
        if not args.keep:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
