"""`loandesk cover` and `loandesk inbox`: cover sheets and the scanner inbox (services/inbox)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

Command = Callable[..., argparse.ArgumentParser]


def cmd_cover(args: argparse.Namespace) -> int:
    from app import cli
    from app.services.inbox import cover_sheet

    cli._check_output(args, args.output)
    pdf = cover_sheet(cli._db(args), args.user, args.number, args.kind, args.party)
    cli._write(args, args.output, pdf)
    print(f"cover sheet {args.number} {args.kind}"
          f"{f' ({args.party})' if args.party else ''} written to {args.output}")
    return 0


def cmd_inbox(args: argparse.Namespace) -> int:
    from app import cli
    from app.services.inbox import run_inbox

    report = run_inbox(cli._db(args), args.user, Path(args.folder))
    if args.json:
        cli._print_json(report.to_json())
    else:
        for filed in report.filed:
            party = f" ({filed.party})" if filed.party != "none" else ""
            where = f"document {filed.document_id}" if filed.document_id is not None \
                else "already in the case files"
            print(f"filed {filed.pages} page(s) from {', '.join(filed.files)} -> "
                  f"{filed.case_number} {filed.kind}{party}: {where}")
        for item in report.unsorted:
            print(cli._line(f"unsorted {item.file}: {item.reason.en}"), file=sys.stderr)
        for name in report.waiting:
            print(f"waiting {name}: still being written, left for the next pass")
        if not (report.filed or report.unsorted or report.waiting or report.done):
            print("nothing to import")
    return 1 if report.unsorted else 0


def add_commands(command: Command, parser: Any) -> None:
    p = command("cover", cmd_cover, "print the cover sheet that goes in front of a document's "
                "scanned pages")
    p.add_argument("number")
    p.add_argument("kind", help="document kind, e.g. id_card, bank_statement")
    p.add_argument("--party", choices=("customer", "spouse"),
                   help="whose document (default: the kind's usual party)")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--force", action="store_true", help="replace an existing file (never the "
                   "database)")
    p = command("inbox", cmd_inbox, "file every scan in DIR into its case by its cover sheets "
                "(done/ and unsorted/ beside them)")
    p.add_argument("folder", metavar="DIR")
    p.add_argument("--json", action="store_true")
