"""Kill -9 in the middle of saving: the database holds each change whole or not at all."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.services.audit import verify_chain
from app.services.demo import ensure_staff
from app.services.users import initialise
from app.store.db import Database
from app.store.models import AuditEntry, Case, Document, DocumentPage

KILLS = 20
ROOT = Path(__file__).resolve().parents[2]


def _start(url: str, mode: str) -> subprocess.Popen[str]:
    child = subprocess.Popen([sys.executable, "-m", "tests.faults.writer", url, mode],
                             cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.strip() == "ready", child.stderr.read() if child.stderr else line
    return child


def _check(path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        connection.close()
    db = Database(f"sqlite:///{path}")
    try:
        assert verify_chain(db).broken_at is None
        with db.reading() as session:
            cases = session.scalar(select(func.count()).select_from(Case))
            created = session.scalar(select(func.count()).where(
                AuditEntry.action == "case.create"))
            assert cases == created  # no case without its audit row, and no row without it
            documents = session.scalar(select(func.count()).select_from(Document))
            added = session.scalar(select(func.count()).where(
                AuditEntry.action == "document.add"))
            assert documents == added
            empty = session.scalar(select(func.count()).select_from(Document).where(
                ~Document.id.in_(select(DocumentPage.document_id))))
            assert empty == 0  # a batch never lands half: each document has all its pages
            pages = session.execute(select(DocumentPage.document_id, func.count())
                                    .group_by(DocumentPage.document_id)).all()
            assert all(count == 3 for _, count in pages)
    finally:
        db.dispose()


@pytest.mark.parametrize("mode", ["cases", "documents"])
def test_kill_while_saving_keeps_every_change_whole(tmp_path: Path, mode: str) -> None:
    path = tmp_path / "kill.sqlite3"
    url = f"sqlite:///{path}"
    db = Database(url)
    initialise(db)
    ensure_staff(db)
    db.dispose()
    rng = random.Random(42)
    for _ in range(KILLS):
        child = _start(url, mode)
        time.sleep(rng.uniform(0.02, 0.4))
        child.send_signal(signal.SIGKILL)
        child.wait()
        assert child.stdout is not None and child.stderr is not None
        child.stdout.close()
        child.stderr.close()
        _check(path)
