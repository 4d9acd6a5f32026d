"""Peak memory with the 100,000-case list open and a case open (issue 15, item 6).

One process, the GUI offscreen, the way a person uses it: the main window signs in, the case
list opens on 100,000 cases, is scrolled deep (rows 1,000, 50,000, 90,000, 99,980 and a
drag across the whole list), then the case at row 90,000 opens. The figure is the process's
peak resident memory (VmHWM, as ru_maxrss), printed with its parts at each stage: private
memory and mapped files (libraries; the database itself while SQLite mapped it, which is what
held most of the 292 MB measured here before). Target < 250 MB; issue 15: 285 MB, list alone.
`--trace` adds tracemalloc's top Python allocations after the list opened (not the figure).

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_memory.py [--trace]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_paging import BIG, seeded

TARGET_MB = 250.0
BEFORE_MB = 292.0  # this script before SQLite's mmap went (issue 15 said 285 for the list alone)
PASSWORD = "bench-password"
USER = "wu.lei"
DEPTHS = (1_000, 50_000, 90_000, 99_980)


def rss_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def breakdown() -> str:
    """Private memory (anonymous) and mapped files (libraries, the database's mmap)."""
    return (f"RSS {rss_mb('VmRSS'):.0f} MB = private {rss_mb('RssAnon'):.0f} + files "
            f"{rss_mb('RssFile'):.0f} + shared {rss_mb('RssShmem'):.0f}")


def settle(app: object, until: Callable[[], bool], seconds: float = 10.0) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.perf_counter() + seconds
    while not until() and time.perf_counter() < end:
        QApplication.processEvents()
        time.sleep(0.005)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trace", action="store_true")
    args = parser.parse_args()
    db = seeded()
    from app.services.auth import set_password

    set_password(db, USER, USER, PASSWORD)
    db.dispose()
    from PySide6.QtWidgets import QAbstractItemView, QApplication

    from app.ui.main_window import MainWindow

    os.environ["LOANDESK_PASSWORD"] = PASSWORD
    app = QApplication(sys.argv)
    window = MainWindow(f"sqlite:///{BIG}", USER)
    window.resize(1366, 768)
    window.show()
    print(f"window shown, before the database: {breakdown()}")
    window.start()
    settle(app, lambda: window.case_list is not None, 60.0)
    page = window.case_list
    assert page is not None
    window.show_list()
    settle(app, lambda: page.model.rowCount() > 200, 60.0)  # the page marks are in
    print(f"list open: {page.model.rowCount():,} rows, {breakdown()}")
    if args.trace:  # from here on: what scrolling and the open case allocate
        tracemalloc.start(8)
    model, table = page.model, page.table
    for depth in (*DEPTHS, *range(0, model.rowCount(), model.rowCount() // 40)):
        table.scrollTo(model.index(min(depth, model.rowCount() - 1), 0),
                       QAbstractItemView.ScrollHint.PositionAtTop)
        table.viewport().repaint()
        settle(app, lambda d=depth: model.row_at(min(d, model.rowCount() - 1)) is not None)
        table.viewport().repaint()
    print(f"scrolled deep: {breakdown()}")
    table.scrollTo(model.index(90_000 - 1, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
    table.viewport().repaint()
    settle(app, lambda: model.row_at(90_000 - 1) is not None)
    row = model.row_at(90_000 - 1)
    assert row is not None
    window.open_case(row.number)
    settle(app, lambda: False, 3.0)  # the workspace loads its case on the pool
    app.processEvents()
    peak = rss_mb("VmHWM")
    print(f"case {row.number} open: {breakdown()}")
    print(f"peak process memory (RSS), 100k list + a case open: {peak:6.0f} MB   "
          f"target < {TARGET_MB:.0f} MB   before {BEFORE_MB:.0f} MB   "
          f"{'OK' if peak < TARGET_MB else 'MISSED'}")
    if args.trace:
        snapshot = tracemalloc.take_snapshot()
        print("tracemalloc, Python allocations by file (top 12):")
        for stat in snapshot.statistics("lineno")[:15]:
            print(f"  {stat.size / 1024 / 1024:7.1f} MB  {stat.traceback[0]}")
    window.close()
    return 0 if peak < TARGET_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
