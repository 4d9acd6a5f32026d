"""Render time of every form against its target: < 100 ms a form, < 1 s for all eleven.

Run from the repo root: .venv/bin/python benchmarks/bench_forms.py
Fonts are registered first, so the figures are what a clerk waits for after start-up.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.printing.engine import render_form  # noqa: E402
from app.printing.fonts import register_cjk_font  # noqa: E402
from app.printing.forms import load_forms  # noqa: E402

FORM_TARGET_MS = 100.0
CASE_TARGET_MS = 1000.0
RUNS = 5


def main() -> int:
    forms = load_forms()
    context = json.loads((ROOT / "tests/data/form_context.json").read_text(encoding="utf-8"))
    t = time.perf_counter()
    font = register_cjk_font()
    print(f"font {font} registered in {(time.perf_counter() - t) * 1000:.0f} ms (once)")
    when = datetime(2026, 11, 20, 14, 30)

    def render(form_id: str) -> float:
        start = time.perf_counter()
        render_form(forms[form_id], context, serial="BENCH-000001", printed_by="bench",
                    printed_at=when)
        return (time.perf_counter() - start) * 1000

    for form_id in forms:  # warm caches (QR, font subsets) as a running app would have
        render(form_id)
    ok = True
    print(f"{'form':<24}{'copies':>7}{'median ms':>11}{'target':>9}")
    for form_id, spec in forms.items():
        median = statistics.median(render(f) for f in [form_id] * RUNS)
        ok &= median < FORM_TARGET_MS
        mark = "ok" if median < FORM_TARGET_MS else "SLOW"
        print(f"{form_id:<24}{len(spec.copies):>7}{median:>11.1f}{'< 100':>9}  {mark}")
    totals = []
    for _ in range(RUNS):
        start = time.perf_counter()
        for form_id in forms:
            render(form_id)
        totals.append((time.perf_counter() - start) * 1000)
    total = statistics.median(totals)
    ok &= total < CASE_TARGET_MS
    print(f"{'all ' + str(len(forms)) + ' forms of one case':<31}{total:>11.1f}{'< 1000':>9}  "
          f"{'ok' if total < CASE_TARGET_MS else 'SLOW'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
