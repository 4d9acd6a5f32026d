"""Unexpected errors (issue 11): exit 3, one line saying where the log is, the traceback in a
rotating log file; database URLs never shown with their password."""

from __future__ import annotations

import logging.handlers
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from app import config, errorlog
from app.cli import EXIT_UNEXPECTED, main
from app.services import listing
from tests.conftest import CONSULTANT

SECRET = "pw-s3cret"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def logs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "log"
    monkeypatch.setenv(config.LOG_DIR_ENV, str(folder))
    return folder


@pytest.fixture
def url(tmp_path: Path, capsys: pytest.CaptureFixture[str], logs: Path) -> str:
    address = f"sqlite:///{tmp_path / 'x.sqlite3'}"
    assert run(capsys, "--db", address, "init")[0] == 0
    assert run(capsys, "--db", address, "user", "add", CONSULTANT, "王芳", "consultant")[0] == 0
    return address


def boom(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("boom: an internal failure")


def test_unexpected_error_exits_3_with_one_line_and_a_logged_traceback(
        url: str, logs: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(listing, "list_cases", boom)
    code, _out, err = run(capsys, "--db", url, "case", "list")
    assert code == EXIT_UNEXPECTED == 3
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    log = logs / "loandesk.log"
    assert lines[0] == f"loandesk: unexpected error (RuntimeError); details are in {log}"
    assert "Traceback" not in err and "boom" not in err  # details are for the log
    text = log.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text
    assert "RuntimeError: boom: an internal failure" in text
    assert "case list" in text  # which command failed


def test_each_unexpected_error_is_appended(url: str, logs: Path,
                                           capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(listing, "list_cases", boom)
    for _ in range(3):
        assert run(capsys, "--db", url, "case", "list")[0] == 3
    assert (logs / "loandesk.log").read_text(encoding="utf-8").count("RuntimeError: boom") == 3


def test_the_log_rotates(logs: Path) -> None:
    error = RuntimeError("x" * 2000)
    for _ in range(errorlog.MAX_BYTES // 2000 + 50):
        errorlog.log_unexpected(error)
    handler = next(h for h in errorlog.log.handlers
                   if isinstance(h, logging.handlers.RotatingFileHandler))
    assert handler.maxBytes == errorlog.MAX_BYTES and handler.backupCount == errorlog.KEEP
    assert (logs / "loandesk.log.1").exists()
    assert (logs / "loandesk.log").stat().st_size <= errorlog.MAX_BYTES


def test_an_unwritable_log_still_gives_one_line(url: str, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(config.LOG_DIR_ENV, "/proc/loandesk-no-log-here")
    monkeypatch.setattr(listing, "list_cases", boom)
    code, _out, err = run(capsys, "--db", url, "case", "list")
    assert code == 3
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "could not be written" in lines[0], err
    assert "Traceback" not in err


def test_database_errors_are_unexpected_and_masked(url: str, logs: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise IntegrityError("INSERT …", {}, Exception("UNIQUE constraint failed"))

    monkeypatch.setattr(listing, "list_cases", broken)
    code, _out, err = run(capsys, "--db", url, "case", "list")
    assert code == 3
    [line] = err.strip().splitlines()
    assert line.startswith("loandesk: database error (sqlite:///")
    assert f"details are in {logs / 'loandesk.log'}" in line


def test_usage_and_refusal_exit_2_and_1_without_a_log(url: str, logs: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    assert run(capsys, "--db", url, "case", "list", "--limit", "many")[0] == 2
    assert run(capsys, "--db", url, "case", "show", "LD1999-000001")[0] == 1
    assert not (logs / "loandesk.log").exists()


def test_unreachable_server_is_refused_with_the_password_masked(
        logs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    address = f"postgresql+psycopg://loandesk:{SECRET}@127.0.0.1:1/loandesk"
    code, out, err = run(capsys, "--db", address, "case", "list")
    assert code == 1
    assert SECRET not in out + err
    [line] = err.strip().splitlines()
    assert "postgresql+psycopg://loandesk:***@127.0.0.1:1/loandesk" in line


def test_init_shows_the_url_masked(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(config, "shown_url", lambda u: shown.append(u) or "MASKED")
    address = f"sqlite:///{tmp_path / 'y.sqlite3'}"
    code, out, _err = run(capsys, "--db", address, "init")
    assert code == 0
    assert "database ready: MASKED" in out and address not in out
    assert address in shown


@pytest.mark.parametrize(("address", "expected"), [
    (f"postgresql+psycopg://u:{SECRET}@host:5432/db", "postgresql+psycopg://u:***@host:5432/db"),
    ("postgresql+psycopg://u@host/db", "postgresql+psycopg://u@host/db"),
    ("sqlite:////tmp/x.sqlite3", "sqlite:////tmp/x.sqlite3"),
    (f"weird scheme://u:{SECRET}@host", "weird scheme://***@host"),
    (f"{SECRET}", "(not a database URL)"),
])
def test_shown_url(address: str, expected: str) -> None:
    assert config.shown_url(address) == expected


def test_mysql_is_refused_naming_the_supported_schemes(capsys: pytest.CaptureFixture[str],
                                                       logs: Path) -> None:
    code, _out, err = run(capsys, "--db", f"mysql://u:{SECRET}@h/d", "case", "list")
    assert code == 1
    [line] = err.strip().splitlines()
    assert line.startswith("loandesk: refused: --db: mysql databases are not supported")
    assert "sqlite" in line and "postgresql" in line and SECRET not in line
