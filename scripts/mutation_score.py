"""Print the share of mutants the tests killed, per module and overall, from mutmut's
results in mutants/ (`make mutation` runs mutmut first).

    python scripts/mutation_score.py [app/domain/money.py ...]

Killed counts a failing test and a timeout (the mutant hung the code: caught); "no tests"
(no unit or service test reaches the line) counts as survived, since nothing would notice.
Mutants not run yet are left out and reported.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

KILLED = {1, 3, 36, 24, -24, 152, 255}  # mutmut's exit codes for killed and timed out
NOT_RUN = {None, 2, 34}  # not checked, interrupted, skipped


def score(meta: Path) -> tuple[int, int, int]:
    """(killed, counted, not run) of one module's mutants."""
    codes = json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {}).values()
    run = [c for c in codes if c not in NOT_RUN]
    return sum(c in KILLED for c in run), len(run), len(codes) - len(run)


def main(modules: list[str]) -> int:
    metas = ([Path("mutants") / f"{m}.meta" for m in modules] if modules
             else sorted(Path("mutants/app/domain").glob("*.py.meta")))
    total_killed = total = 0
    for meta in metas:
        if not meta.exists():
            print(f"{meta}: no results (run mutmut first)")
            continue
        killed, counted, not_run = score(meta)
        if not counted and not not_run:
            continue
        total_killed, total = total_killed + killed, total + counted
        share = f"{100 * killed / counted:5.1f} %" if counted else "    —  "
        left = f"  ({not_run} not run)" if not_run else ""
        print(f"{meta.with_suffix('').relative_to('mutants')}: {share} killed "
              f"({killed}/{counted}){left}")
    if total:
        print(f"mutants killed: {100 * total_killed / total:.1f} % ({total_killed}/{total})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
