"""The desktop application's unexpected errors (issue 11): one line naming the log, the
traceback in the log, the database's files never a place to save a PDF."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app import config
from app.services.outputs import protected_paths
from app.ui import i18n
from app.ui.form_preview import FormPreview
from tests.unit.documents.test_pdf_safety import plain_pdf


@pytest.fixture
def logs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(config.LOG_DIR_ENV, str(tmp_path / "log"))
    return tmp_path / "log" / "loandesk.log"


def raised() -> RuntimeError:
    try:
        raise RuntimeError("worker died")
    except RuntimeError as error:
        return error


def test_error_text_logs_the_traceback_and_names_the_log(logs: Path) -> None:
    line = i18n.error_text(raised())
    assert line == f"Something went wrong (RuntimeError). The details are in the log: {logs}"
    text = logs.read_text(encoding="utf-8")
    assert "Traceback" in text and "RuntimeError: worker died" in text


def test_excepthook_reports_and_logs(logs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[BaseException] = []
    monkeypatch.setattr(i18n, "report_error", lambda _parent, error, *_: shown.append(error))
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    i18n.install_excepthook()
    error = raised()
    sys.excepthook(RuntimeError, error, error.__traceback__)
    assert shown == [error]


def test_excepthook_without_a_window_prints_one_line(logs: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    def no_window(*_args: object) -> None:
        raise RuntimeError("no window")

    monkeypatch.setattr(i18n, "report_error", no_window)
    monkeypatch.setattr(sys, "excepthook", sys.__excepthook__)
    i18n.install_excepthook()
    error = raised()
    sys.excepthook(RuntimeError, error, error.__traceback__)
    err = capsys.readouterr().err
    assert err.strip() == f"loandesk: unexpected error (RuntimeError); details are in {logs}"
    assert "RuntimeError: worker died" in logs.read_text(encoding="utf-8")


def test_save_as_refuses_the_database(qtbot: QtBot, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    database = tmp_path / "loandesk.sqlite3"
    database.write_bytes(b"SQLite format 3\x00")
    warnings: list[str] = []
    monkeypatch.setattr("app.ui.form_preview.QMessageBox.warning",
                        lambda _parent, _title, text: warnings.append(text))
    preview = FormPreview(plain_pdf(), "x", protected=protected_paths(database))
    qtbot.addWidget(preview)
    preview.save_to(tmp_path / "form.pdf")
    assert not warnings and (tmp_path / "form.pdf").read_bytes().startswith(b"%PDF")
    # Save as… adds ".pdf", so the database is reached only through a link named *.pdf.
    link = tmp_path / "report.pdf"
    link.symlink_to(database)
    preview.save_to(link)
    assert len(warnings) == 1 and "database" in warnings[0]
    assert database.read_bytes() == b"SQLite format 3\x00"
