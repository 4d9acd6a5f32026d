"""`loandesk copy-to URL`: the data into a new, empty database, verified there; a database
that holds data refused in one line (into PostgreSQL: tests/pg/test_copy_across_pg.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.store.audit_key import read_key, side_key_path
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


def test_copy_to_a_new_file_then_refused_there(desk: Cli, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "new.sqlite3"
    out = desk.ok("copy-to", f"sqlite:///{target}")
    assert "verified there" in out and str(side_key_path(target)) in out
    assert read_key(side_key_path(target)) == read_key(side_key_path(desk.path))
    moved = Cli(tmp_path, capsys)
    moved.url = f"sqlite:///{target}"
    assert "audit trail intact" in moved.ok("audit", "verify")
    assert moved.json("case", "list", "--json", user="wang.fang") == \
        desk.json("case", "list", "--json", user="wang.fang")
    before = moved.dump()
    assert "is not empty" in desk.refused("copy-to", f"sqlite:///{target}", field="database")
    assert moved.dump() == before


def test_copy_to_is_the_administrators(desk: Cli, tmp_path: Path) -> None:
    desk.refused("copy-to", f"sqlite:///{tmp_path / 'new.sqlite3'}", field="user",
                 user="wang.fang")
    assert not (tmp_path / "new.sqlite3").exists()
