"""The board page on the demo dealership: tiles, tables, charts, clicks open cases, exports.

The demo does its work in seconds, so its payouts take no time; the fixture moves each
signing back a few days (and checks an original out) so the charts and lists have
something to show, then the page is grabbed at 1366×768 for a person to look at."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCharts import QBarSeries, QHorizontalBarSeries, QLineSeries
from sqlalchemy import select, update

from app.services.custody import check_out
from app.services.milestones import fill_milestones
from app.store.db import Database
from app.store.models import Case, TaskRecord
from app.ui.board import BoardView
from tests.conftest import MANAGER

SHOT_DIR = os.environ.get("LOANDESK_SCREENSHOTS")  # set to look at the page; never the repo


@pytest.fixture
def dealership(demo_db: Database) -> Database:
    with demo_db.transaction() as session:
        funded = session.execute(select(TaskRecord.case_id, TaskRecord.done_at).where(
            TaskRecord.task_id == "disbursed").order_by(TaskRecord.case_id)).all()
        for days, (case_id, funded_at) in zip((3, 12, 6, 9), funded, strict=False):
            session.execute(update(TaskRecord).where(
                TaskRecord.case_id == case_id, TaskRecord.task_id == "sign_contract")
                .values(done_at=funded_at - timedelta(days=days, hours=days)))
        fill_milestones(session)  # the signings moved by hand: their copies on the cases too
        registering = session.scalar(select(Case).where(Case.current_step == "registration"))
        assert registering is not None
        number, consultant = registering.number, registering.consultant.name
    check_out(demo_db, consultant, number, "conformity_certificate", to="车管所代办 老张")
    return demo_db


def make_board(qtbot, db: Database) -> BoardView:  # type: ignore[no-untyped-def]
    view = BoardView(db, MANAGER)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    return view


def test_the_board_shows_the_demo_dealership(qtbot, dealership: Database,
                                             tmp_path: Path) -> None:
    view = make_board(qtbot, dealership)
    assert view.board is not None
    assert [view.tiles[s].count.text() for s in ("contract", "delivery", "done")] == \
        ["1", "1", "1"]
    assert view.stuck_model.rowCount() == 10  # one open case in each of the ten steps
    assert view.transit_model.rowCount() == 6  # signed (step 2 to 7), not yet funded
    assert "6" in view.transit_title.text()
    assert view.custody_model.rowCount() == 1
    assert view.custody_model.index(0, 5).data() == "certificate of conformity"
    assert view.slowest_model.rowCount() == 4
    assert view.slowest_model.index(0, 2).data() == "12.5"
    month = view.month_chart.chart()
    assert any(isinstance(s, QBarSeries) for s in month.series())
    line = next(s for s in month.series() if isinstance(s, QLineSeries))
    assert "7.8" in line.name()  # the median of 3.1, 6.25, 9.4 and 12.5 days
    assert "7.8" in month.title()
    lender = view.lender_chart.chart()
    assert any(isinstance(s, QHorizontalBarSeries) for s in lender.series())
    shot = Path(SHOT_DIR) if SHOT_DIR else tmp_path
    for tab in range(3):
        view.funding_tabs.setCurrentIndex(tab)
        assert view.grab().save(str(shot / f"board-{tab}.png"))
    assert (shot / "board-0.png").stat().st_size > 20_000


def test_clicking_a_row_opens_the_case_at_its_step(qtbot, dealership: Database) -> None:
    view = make_board(qtbot, dealership)
    first = view.stuck_model.row_at(0)
    with qtbot.waitSignal(view.open_case) as opened:
        view.stuck_view.clicked.emit(view.stuck_model.index(0, 1))
    assert opened.args == [first.number, "contract"]
    with qtbot.waitSignal(view.open_case) as opened:
        view.custody_view.clicked.emit(view.custody_model.index(0, 0))
    assert opened.args[1] == "registration"
    with qtbot.waitSignal(view.open_case) as opened:
        view.slowest_view.clicked.emit(view.slowest_model.index(0, 0))
    assert opened.args[1] == "disbursement"


def test_exports_from_the_page(qtbot, dealership: Database, tmp_path: Path) -> None:
    view = make_board(qtbot, dealership)
    view.export_csv_to(tmp_path)
    assert len(list(tmp_path.glob("board-*.csv"))) == 7
    view.export_pdf_to(tmp_path / "board.pdf")
    assert (tmp_path / "board.pdf").read_bytes().startswith(b"%PDF")
    assert "written" in view.as_of.text()


def test_a_person_without_the_board_sees_why(qtbot, demo_db: Database,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[Exception] = []
    monkeypatch.setattr("app.ui.board.i18n.report_error",
                        lambda _parent, error, _title="": shown.append(error))
    view = BoardView(demo_db, "wang.fang")
    qtbot.addWidget(view)
    assert view.board is None and len(shown) == 1
    assert "board" in str(shown[0])
