"""Quick commands (issue 15): the CLI imports only what its command needs, the schema check
of a current database imports no Alembic, and a command signs in with one argon2
verification. Structural checks only: the timings are benchmarks/bench_cli.py's."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Literal

import pytest
from argon2 import PasswordHasher

from app.cli import main
from app.services import passwords
from app.store.db import Database
from tests.conftest import CONSULTANT
from tests.helpers import new_case

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sqlalchemy", "reportlab", "PIL", "alembic", "pypdf", "cn2an", "argon2")


def _loaded_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    """The top-level packages a fresh interpreter has imported after running `code`."""
    probe = (f"{code}\nimport json, sys\n"
             "print(json.dumps(sorted({m.partition('.')[0] for m in sys.modules})))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})}, check=True)
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def test_importing_the_cli_loads_no_database_pdf_or_image_library() -> None:
    loaded = _loaded_after("import app.cli")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)
    assert "argparse" in loaded  # the probe sees what the CLI did import


@pytest.mark.parametrize("flag", ["--help", "--version"])
def test_help_and_version_load_no_database_pdf_or_image_library(flag: str) -> None:
    loaded = _loaded_after(
        "import contextlib, io\nfrom app.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        f"    main([{flag!r}])")
    assert not loaded & set(HEAVY), loaded & set(HEAVY)


def test_the_parser_names_the_installed_version(capsys: pytest.CaptureFixture[str]) -> None:
    from app import config

    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"loandesk {config.version()}"


def test_a_current_schema_is_checked_without_alembic(db: Database) -> None:
    if not db.is_sqlite:
        pytest.skip("the probe opens the SQLite file of the test database")
    code = ("from app.store.db import Database\n"
            f"d = Database({db.url!r})\nassert d.upgrade() is None\nd.dispose()")
    assert "alembic" not in _loaded_after(code)


def test_a_database_behind_the_head_is_still_upgraded_by_alembic(tmp_path: Path) -> None:
    """The cheap check only short-cuts a current schema: an empty file gets every table."""
    fresh = Database(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    try:
        assert fresh.current_revision() is None
        fresh.upgrade()
        assert fresh.current_revision() == fresh.head_revision() is not None
        assert "alembic" in sys.modules
    finally:
        fresh.dispose()


def test_reading_the_queue_and_the_list_loads_no_form_engine() -> None:
    """The pages a person lands on read form specs, never render: ReportLab's layout engine,
    its barcodes and cn2an come with the first form printed."""
    modules = set(json.loads(subprocess.run(
        [sys.executable, "-c", "import json, sys\nimport app.services.queues\n"
         "import app.services.listing\nimport app.services.forms\n"
         "print(json.dumps(sorted(sys.modules)))"],
        capture_output=True, text=True, cwd=ROOT, check=True).stdout))
    assert "cn2an" not in modules
    assert "app.printing.engine" not in modules
    assert "reportlab.graphics.barcode" not in modules
    assert "reportlab.platypus" not in modules


def test_a_command_signs_in_with_one_argon2_verification(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[str] = []
    hashes: list[str] = []
    cheap = passwords.hasher  # the suite's cheap parameters (tests/conftest.py)

    class Counting(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:
            calls.append(str(hash))
            return super().verify(hash, password)

        def hash(self, password: str | bytes, *, salt: bytes | None = None) -> str:
            hashes.append(str(password))
            return super().hash(password, salt=salt)

    monkeypatch.setattr(passwords, "hasher", Counting(
        time_cost=cheap.time_cost, memory_cost=cheap.memory_cost,
        parallelism=cheap.parallelism))
    assert main(["--db", db.url, "--user", CONSULTANT, "case", "list", "--limit", "20"]) == 0
    capsys.readouterr()
    assert len(calls) == 1
    assert hashes == []  # a current hash is not hashed again
    # form render checks the password while it loads the form engine: still one check.
    number, _ = new_case(db)
    out = tmp_path / "draft.pdf"
    assert main(["--db", db.url, "--user", CONSULTANT, "form", "render", number,
                 "delivery_confirmation", "--draft", "-o", str(out)]) == 0
    capsys.readouterr()
    assert len(calls) == 2 and hashes == []
    assert out.read_bytes().startswith(b"%PDF")


def test_a_wrong_password_refuses_the_form_before_anything_is_written(
        db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """The sign-in runs beside the engine's loading: a refusal still comes first and alone."""
    number, _ = new_case(db)
    monkeypatch.setenv("LOANDESK_PASSWORD", "not-the-password")
    out = tmp_path / "x.pdf"
    assert main(["--db", db.url, "--user", CONSULTANT, "form", "render", number,
                 "delivery_confirmation", "--draft", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "refused: password: unknown user or wrong password" in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_the_head_read_from_the_files_is_alembics_head() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from app.store import db as db_module

    config = Config()
    config.set_main_option("script_location", str(db_module.MIGRATIONS))
    assert db_module.read_head_revision() == ScriptDirectory.from_config(
        config).get_current_head() is not None


def _write_revision(folder: Path, revision: str, parent: str | None) -> None:
    down = repr(parent) if parent else "None"
    (folder / f"{revision}_x.py").write_text(
        f'"""x\n\nRevision ID: {revision}\n"""\nrevision: str = {revision!r}\n'
        f"down_revision: str | None = {down}\n", encoding="utf-8")


def test_the_head_is_the_revision_no_other_revises(tmp_path: Path) -> None:
    from app.store.db import read_head_revision

    for revision, parent in (("0001", None), ("0003", "0002"), ("0002", "0001")):
        _write_revision(tmp_path, revision, parent)
    assert read_head_revision(tmp_path) == "0003"
    _write_revision(tmp_path, "0004", "0003")
    assert read_head_revision(tmp_path) == "0004"


def test_two_heads_or_an_unreadable_file_leave_the_answer_to_alembic(tmp_path: Path) -> None:
    from app.store.db import read_head_revision

    _write_revision(tmp_path, "0001", None)
    _write_revision(tmp_path, "0002", "0001")
    _write_revision(tmp_path, "0002b", "0001")
    assert read_head_revision(tmp_path) is None
    single = tmp_path / "single"
    single.mkdir()
    _write_revision(single, "0001", None)
    (single / "0002_odd.py").write_text("revision = make_id()\n", encoding="utf-8")
    assert read_head_revision(single) is None
