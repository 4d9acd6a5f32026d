"""Opening a case: statements and time of the workspace's read, against its target.

    .venv/bin/python benchmarks/bench_case_view.py

A demo case with 16 document pages (the ID cards of both spouses, the marriage certificate,
bank statements...) is opened as the workspace opens it (`load_view`), on a fresh SQLite
database. Printed: SQL statements (target ≤ 3, whatever the page count), sessions, and the
median time of a cold open (empty thumbnail cache) and of a reload (thumbnails cached).
The anchor, measured in the same run: the same view put together the way the workspace
did before issue 15 (one service per piece, one session per thumbnail): 77 statements in
22 sessions for this case.
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image, ImageDraw
from sqlalchemy import event

from app.documents.imaging import ImportedFile, import_file
from app.services.cases import create_case
from app.services.demo import ensure_staff
from app.services.documents import add_document
from app.services.users import initialise
from app.store.db import Database

RUNS = 15
PAGES = 16
TARGET_STATEMENTS = 3
ACTOR = "wang.fang"
PASSWORD = "bench-password-1"
CASE = {
    "customer": {"name": "张三", "id_number": "11010519491231002X", "phone": "13800138000",
                 "marital_status": "married", "address": "北京市朝阳区建国路 1 号"},
    "spouse": {"name": "李四", "id_number": "360426199101010071", "phone": "13900139000"},
    "vehicle": {"brand": "大众", "model": "帕萨特 380TSI", "vin": "LVSHCAMB1CE054249",
                "engine_number": "E1234567", "color": "珍珠白", "price": "200000",
                "new_energy": False},
    "loan": {"lender": "中国工商银行", "amount": "140000", "down_payment": "60000",
             "term_months": 36, "annual_rate": "0.0499", "method": "equal_installment",
             "fees": "1500"},
}
# Where the 16 pages go: (kind, party, pages)
DOCUMENTS = [("id_card", "customer", 2), ("id_card", "spouse", 2),
             ("marriage_certificate", None, 2), ("bank_statement", "customer", 6),
             ("household_register", "customer", 4)]


def _photo(name: str) -> ImportedFile:
    image = Image.new("RGB", (1400, 1000), (250, 250, 245))
    draw = ImageDraw.Draw(image)
    for y in range(60, 940, 40):
        draw.line((60, y, 1340, y), fill=(30, 30, 30), width=3)
    draw.text((80, 20), name, fill=(0, 0, 0), font_size=36)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    return import_file(f"{name}.jpg", buffer.getvalue())


def demo_case(db: Database, pages: int = PAGES) -> str:
    number = create_case(db, ACTOR, CASE)
    left = pages
    for kind, party, count in DOCUMENTS:
        count = min(count, left)
        if count <= 0:
            break
        files = [_photo(f"{kind}-{party}-{i}") for i in range(count)]
        add_document(db, ACTOR, number, kind, files, party=party)
        left -= count
    return number


@contextmanager
def counting(db: Database) -> Iterator[dict[str, int]]:
    """Statements (before_cursor_execute) and sessions (connections checked out) meanwhile."""
    seen = {"statements": 0, "sessions": 0}

    def statement(*_: Any) -> None:
        seen["statements"] += 1

    def checkout(*_: Any) -> None:
        seen["sessions"] += 1

    # SQLite reads go through an engine of their own (app.store.db): count every engine.
    engines = list({id(e): e for e in (db.engine, getattr(db, "_read_engine", db.engine))}
                   .values())
    for engine in engines:
        event.listen(engine, "before_cursor_execute", statement)
        event.listen(engine.pool, "checkout", checkout)
    try:
        yield seen
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", statement)
            event.remove(engine.pool, "checkout", checkout)


def median_ms(fn: Callable[[], object], before: Callable[[], object] = lambda: None) -> float:
    times = []
    for _ in range(RUNS):
        before()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def piece_by_piece(db: Database, actor: str, number: str) -> object:
    """The workspace's read before the read model: each piece from its own service."""
    from app.domain.permissions import Action, allowed
    from app.domain.privacy import REVEALING_KINDS
    from app.services import audit, cases, custody, documents, forms, tasks, users

    detail = cases.get_case(db, actor, number)
    people = users.list_users(db)
    role = next((u.role for u in people if u.name == actor), "")
    blockers = tasks.task_blockers(db, actor, number)
    own = detail.consultant.name == actor
    seen = [d for d in detail.documents if d.kind not in REVEALING_KINDS
            or allowed(role, Action.REVEAL_ID, own)]
    thumbnails = {p.thumbnail_sha256: documents.blob(db, actor, p.thumbnail_sha256)
                  for d in seen for p in d.pages}
    return (detail, blockers, thumbnails, audit.case_history(db, actor, number),
            forms.issued_forms(db, actor, number), custody.originals_out(db, number))


def main() -> None:
    from app.ui.workspace import loading

    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        initialise(db, PASSWORD)
        ensure_staff(db, PASSWORD)
        number = demo_case(db)

        def load() -> object:
            return loading.load_view(db, ACTOR, number)

        forget = getattr(loading, "forget_thumbnails", lambda: None)
        forget()
        load()  # warm: imports, statement caches, the connection pool
        forget()
        with counting(db) as cold:
            load()
        with counting(db) as warm:
            load()
        cold_ms = median_ms(load, forget)
        warm_ms = median_ms(load)

        def anchor() -> object:
            return piece_by_piece(db, ACTOR, number)

        anchor()
        with counting(db) as before:
            anchor()
        before_ms = median_ms(anchor)
        db.dispose()
    print(f"case view, {PAGES} pages (SQLite):")
    print(f"  before (piece by piece): {before['statements']:3d} statements in "
          f"{before['sessions']:2d} sessions, {before_ms:7.1f} ms (median of {RUNS})")
    print(f"  statements, cold open : {cold['statements']:3d}   sessions {cold['sessions']:2d}"
          f"   target ≤ {TARGET_STATEMENTS}")
    print(f"  statements, reload    : {warm['statements']:3d}   sessions {warm['sessions']:2d}"
          f"   target ≤ {TARGET_STATEMENTS}")
    print(f"  time, cold open       : {cold_ms:7.1f} ms (median of {RUNS})")
    print(f"  time, reload          : {warm_ms:7.1f} ms (median of {RUNS})")
    ok = max(cold["statements"], warm["statements"]) <= TARGET_STATEMENTS
    print("  " + ("OK" if ok else "ABOVE TARGET"))


if __name__ == "__main__":
    main()
