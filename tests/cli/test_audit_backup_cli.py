"""`audit verify`, `backup` and `restore` from the command line: every problem by row,
exit 1 with one line, never a traceback (the Cli helper asserts none on stderr)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.test_cli import Cli
from tests.conftest import LENDER, married_case


@pytest.fixture
def desk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Cli:
    cli = Cli(tmp_path, capsys)
    cli.ok("init")
    cli.ok("lender", "add", LENDER)
    cli.ok("user", "add", "wang.fang", "王芳", "consultant")
    cli.ok("case", "new", "--json", cli.case_file(married_case()), user="wang.fang")
    return cli


def test_verify_reports_every_problem_by_row_and_exits_1(desk: Cli) -> None:
    assert "audit trail intact" in desk.ok("audit", "verify")
    with sqlite3.connect(desk.path) as connection:
        last = connection.execute("SELECT max(id) FROM audit_log").fetchone()[0]
        connection.execute("UPDATE audit_log SET at = 'garbage' WHERE id = 2")
        connection.execute("DELETE FROM audit_log WHERE id = ?", (last,))
        connection.execute("UPDATE cases SET customer_phone = '13999999999'")
    code, out, err = desk("audit", "verify")
    assert code == 1 and out == ""
    assert "audit trail BROKEN" in err
    assert "audit row 2 (seq 2): unreadable" in err
    assert "the last 1 row(s)" in err
    assert "case LD" in err and "changed outside LoanDesk" in err


@pytest.mark.parametrize("where", ["", "dir", "/dev/full", "db"])
def test_backup_refuses_in_one_line(desk: Cli, where: str) -> None:
    target = {"dir": str(desk.tmp), "db": str(desk.path)}.get(where, where)
    code, out, err = desk("backup", target)
    assert code == 1 and out == ""
    assert err.startswith("loandesk: refused: file:") and err.count("\n") == 1


def test_restore_of_a_truncated_backup_changes_nothing(desk: Cli) -> None:
    good = desk.tmp / "good.sqlite3"
    assert "verified" in desk.ok("backup", str(good))
    bad = desk.tmp / "bad.sqlite3"
    bad.write_bytes(good.read_bytes()[:4096])
    before = [line for line in desk.dump() if "audit_" not in line]
    code, _out, err = desk("restore", str(bad), "--yes")
    assert code == 1 and err.count("\n") == 1
    assert [line for line in desk.dump() if "audit_" not in line] == before
    assert "restored from" in desk.ok("restore", str(good), "--yes")
    assert "audit trail intact" in desk.ok("audit", "verify")
