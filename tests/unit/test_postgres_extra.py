"""PostgreSQL is an extra (`loandesk[postgres]`): without psycopg a postgresql:// URL is
refused naming the extra, and nothing imports psycopg before a PostgreSQL URL is used."""

from __future__ import annotations

import subprocess
import sys

import pytest

from app.cli import EXIT_REFUSED, main
from app.domain.errors import InvalidInput
from app.store.db import Database

PG_URL = "postgresql+psycopg://clerk@127.0.0.1:1/loandesk"


@pytest.fixture
def without_psycopg(monkeypatch: pytest.MonkeyPatch) -> None:
    # A None entry in sys.modules is how Python spells "this module cannot be imported".
    monkeypatch.setitem(sys.modules, "psycopg", None)


def test_a_postgres_url_without_the_driver_names_the_extra(without_psycopg: None) -> None:
    with pytest.raises(InvalidInput) as refused:
        Database(PG_URL)
    assert refused.value.field == "--db"
    assert 'pip install "loandesk[postgres]"' in str(refused.value)
    assert 'pip install "loandesk[postgres]"' in refused.value.zh
    assert "PostgreSQL" in refused.value.zh


def test_the_cli_refuses_it_with_the_extra_and_no_traceback(
        without_psycopg: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", PG_URL, "case", "list"]) == EXIT_REFUSED
    err = capsys.readouterr().err
    assert 'loandesk[postgres]' in err
    assert "Traceback" not in err


def test_sqlite_needs_no_driver(without_psycopg: None) -> None:
    db = Database("sqlite://")
    db.dispose()


def test_with_the_driver_the_url_is_accepted() -> None:
    pytest.importorskip("psycopg")
    db = Database(PG_URL)  # no connection is made until a session is opened
    db.dispose()


def test_nothing_imports_psycopg_at_module_level() -> None:
    modules = ["app.cli", "app.store.db", "app.config", "app.services.backup",
               "app.services.cases", "app.services.demo", "app.printing.engine",
               "app.documents.dossier", "app.ui.main_window"]
    code = ("import sys, importlib\n"
            f"for name in {modules!r}: importlib.import_module(name)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('psycopg', "
            "'psycopg_binary')))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert done.stdout.strip() == "[]"
