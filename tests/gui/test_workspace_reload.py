"""The workspace after a reload: only what changed is redrawn, and what changed elsewhere
(another workstation) shows on the next reload."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.services.tasks import complete_task
from app.store.db import Database
from app.ui.workers import Workers
from app.ui.workspace import CaseWorkspace
from tests.conftest import CONSULTANT
from tests.helpers import new_case
from tests.statements import statements

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def synchronous_workers() -> Iterator[None]:
    Workers.synchronous = True
    yield
    Workers.synchronous = False


def _open(qtbot: Any, db: Database, number: str) -> CaseWorkspace:
    workspace = CaseWorkspace(db, CONSULTANT, number)
    qtbot.addWidget(workspace)
    workspace.resize(1366, 768)
    workspace.show()
    return workspace


def test_a_reload_with_nothing_new_keeps_the_page(qtbot: Any, db: Database) -> None:
    number, _ = new_case(db)
    workspace = _open(qtbot, db, number)
    page = workspace.page
    assert page is not None
    with statements(db) as seen:
        workspace.reload()
    assert workspace.page is page  # not rebuilt: nothing on it changed
    assert len(seen) <= 3


def test_a_change_elsewhere_shows_on_the_next_reload(qtbot: Any, db: Database) -> None:
    number, _ = new_case(db)
    workspace = _open(qtbot, db, number)
    page = workspace.page
    assert page is not None and page.step.id == "contract"
    lines = workspace.history.model_.rowCount()
    # Another workstation records a task: the poll reloads the open case.
    complete_task(db, CONSULTANT, number, "draft_contract")
    workspace.reload()
    assert workspace.page is not page
    assert workspace.page is not None
    assert workspace.view is not None and "draft_contract" in workspace.view.detail.tasks
    row = workspace.page.task_rows["draft_contract"]
    assert "done by" in row.detail.text()
    assert workspace.history.model_.rowCount() == lines + 1  # the task's audit row
