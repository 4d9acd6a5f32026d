"""A deep jump of the case list (issue 15): the rows on screen asked for as the scroll bar
moves, a screen across two pages read once, and no blank rows painted while they come."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView

from app.services import listing
from app.services.demo import bulk_seed
from app.services.listing import CaseQuery, CaseRow, list_cases, page_marks
from app.store.db import Database
from app.ui.case_list import PAGE, CaseListPage, CaseTableModel
from app.ui.held_rows import HeldRows
from app.ui.workers import Workers
from tests.conftest import MANAGER

TOTAL = PAGE * 5 + 13


@pytest.fixture
def seeded(db: Database) -> Database:
    bulk_seed(db, TOTAL)
    return db


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, object]]:
    """Each read of the list: (the key it starts after, how many rows)."""
    reads: list[tuple[object, object]] = []

    def recording(*args: Any, **kwargs: Any) -> list[CaseRow]:
        reads.append((kwargs.get("after"), kwargs.get("limit")))
        return list_cases(*args, **kwargs)

    monkeypatch.setattr(listing, "list_cases", recording)
    return reads


@pytest.fixture
def real_pool() -> Iterator[None]:
    """Answers from the pool arrive later, through the event loop, as they do at a desk."""
    Workers.synchronous = False
    yield
    Workers.synchronous = True


def visible(page: CaseListPage) -> tuple[int, int]:
    table = page.table
    return table.rowAt(0), table.rowAt(table.viewport().height() - 1)


class Paints(QObject):
    """Each paint of the viewport: were all the rows on screen in memory then?"""

    def __init__(self, page: CaseListPage) -> None:
        super().__init__(page)
        self.page, self.seen = page, list[bool]()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            first, last = visible(self.page)
            self.seen.append(not self.page.model.pages_missing(first, last))
        return False


def watch_paints(page: CaseListPage) -> Paints:
    """Paints as they reach the view: the hold's filter, installed after this one, is asked
    first (Qt asks the filter installed last first) and keeps what it holds."""
    paints = Paints(page)
    viewport = page.table.viewport()
    viewport.installEventFilter(paints)
    viewport.removeEventFilter(page.held_rows)
    viewport.installEventFilter(page.held_rows)
    return paints


def make_page(qtbot: Any, db: Database) -> CaseListPage:
    page = CaseListPage(db, MANAGER, "manager")
    qtbot.addWidget(page)
    page.resize(1300, 600)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == TOTAL, timeout=10_000)
    return page


def test_a_screen_across_two_pages_is_one_read(seeded: Database,
                                               asked: list[tuple[object, object]]) -> None:
    model = CaseTableModel(seeded, MANAGER)
    model.set_query(CaseQuery(sort="customer"))
    assert model.rowCount() == TOTAL
    marks = page_marks(seeded, MANAGER, CaseQuery(sort="customer"), every=PAGE)
    everything = list_cases(seeded, MANAGER, CaseQuery(sort="customer"), limit=TOTAL)
    asked.clear()
    first, last = PAGE * 3 - 4, PAGE * 3 + 4  # the end of page 2 and the start of page 3
    assert model.pages_missing(first, last) == []  # asked, and (inline here) answered
    assert asked == [(marks.after[2], PAGE * 2)]  # one read from page 2's mark, two pages
    assert model.loaded_pages() == [0, 2, 3]
    for position in (PAGE * 2, first, PAGE * 3 - 1, PAGE * 3, last, PAGE * 4 - 1):
        row = model.row_at(position)
        assert row is not None and row.number == everything[position].number
    asked.clear()
    assert model.pages_missing(first, last) == [] and asked == []  # in memory: no read


def test_nothing_is_missing_before_the_marks(seeded: Database,
                                             asked: list[tuple[object, object]],
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(listing, "page_marks", lambda *_args, **_kwargs: 1 / 0)
    model = CaseTableModel(seeded, MANAGER)
    errors: list[object] = []
    model.failed.connect(errors.append)
    model.reload()
    asked.clear()
    assert model.pages_missing(PAGE * 3, PAGE * 3 + 10) == [] and asked == []
    assert len(errors) == 1


@pytest.mark.usefixtures("real_pool")
def test_a_deep_jump_paints_no_blank_rows(qtbot: Any, seeded: Database) -> None:
    page = make_page(qtbot, seeded)
    paints = watch_paints(page)
    qtbot.waitExposed(page)
    page.table.viewport().repaint()
    assert paints.seen == [True]  # the first screen of rows
    paints.seen.clear()
    page.table.scrollTo(page.model.index(PAGE * 4 + 20, 0),
                        QAbstractItemView.ScrollHint.PositionAtTop)
    assert page.held_rows.held
    page.table.viewport().repaint()  # what a dragged scroll bar asks: nothing is drawn
    assert paints.seen == []
    qtbot.waitUntil(lambda: not page.held_rows.held, timeout=10_000)
    qtbot.waitUntil(lambda: bool(paints.seen), timeout=10_000)
    assert all(paints.seen)  # every paint since the jump had its rows
    first, last = visible(page)
    assert first == PAGE * 4 + 20 and page.model.row_at(last) is not None


@pytest.mark.usefixtures("real_pool")
def test_rows_that_do_not_come_are_painted_blank_after_the_hold(
        qtbot: Any, seeded: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(HeldRows, "HOLD_MS", 30)
    page = make_page(qtbot, seeded)
    monkeypatch.setattr(page.model, "_ask", lambda *_args: None)  # a server gone quiet
    page.table.scrollTo(page.model.index(PAGE * 3, 0),
                        QAbstractItemView.ScrollHint.PositionAtTop)
    assert page.held_rows.held
    qtbot.waitUntil(lambda: not page.held_rows.held, timeout=5000)
    paints = watch_paints(page)
    page.table.viewport().repaint()
    assert paints.seen == [False]  # the view is never left frozen: blank rows, painted


@pytest.mark.usefixtures("real_pool")
def test_a_new_search_releases_the_hold(qtbot: Any, seeded: Database,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(HeldRows, "HOLD_MS", 60_000)
    page = make_page(qtbot, seeded)
    monkeypatch.setattr(page.model, "_ask", lambda *_args: None)
    page.table.scrollTo(page.model.index(PAGE * 3, 0),
                        QAbstractItemView.ScrollHint.PositionAtTop)
    assert page.held_rows.held
    page.model.set_query(CaseQuery(sort="number"))
    qtbot.waitUntil(lambda: not page.held_rows.held, timeout=5000)


def test_with_the_rows_in_memory_a_jump_is_not_held(qtbot: Any, seeded: Database) -> None:
    page = make_page(qtbot, seeded)  # the inline pool: every page arrives as it is asked
    page.table.scrollTo(page.model.index(PAGE * 4, 0),
                        QAbstractItemView.ScrollHint.PositionAtTop)
    assert not page.held_rows.held
    assert page.model.row_at(PAGE * 4) is not None


@pytest.mark.usefixtures("real_pool")
def test_the_pages_either_side_are_read_after_the_rows_are_painted(
        qtbot: Any, seeded: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    page = make_page(qtbot, seeded)
    marks = page_marks(seeded, MANAGER, CaseQuery(), every=PAGE)
    events: list[str] = []
    real = list_cases

    def recording(*args: Any, **kwargs: Any) -> list[CaseRow]:
        events.append(f"read page {marks.after.index(kwargs.get('after'))}")
        return real(*args, **kwargs)

    monkeypatch.setattr(listing, "list_cases", recording)
    paints = watch_paints(page)
    qtbot.waitExposed(page)

    class Seen(list[bool]):
        def append(self, whole: bool) -> None:
            super().append(whole)
            events.append("painted with its rows" if whole else "painted blank")

    paints.seen = Seen()
    page.table.scrollTo(page.model.index(PAGE * 2 + 20, 0),
                        QAbstractItemView.ScrollHint.PositionAtTop)
    qtbot.waitUntil(lambda: {1, 2, 3} <= set(page.model.loaded_pages()), timeout=10_000)
    assert events[:2] == ["read page 2", "painted with its rows"]
    assert sorted(e for e in events[2:] if e.startswith("read")) == ["read page 1",
                                                                      "read page 3"]
    assert "painted blank" not in events
    rows = page.model.row_at(PAGE * 3 + 5), page.model.row_at(PAGE * 2 - 5)
    everything = real(seeded, MANAGER, CaseQuery(), limit=TOTAL)
    assert [r.number for r in rows if r is not None] == [everything[PAGE * 3 + 5].number,
                                                         everything[PAGE * 2 - 5].number]


@pytest.mark.usefixtures("real_pool")
def test_a_drag_on_reads_no_neighbours_of_the_places_it_passed(
        qtbot: Any, seeded: Database, asked: list[tuple[object, object]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(HeldRows, "REST_MS", 60_000)  # the view never rests in this test
    page = make_page(qtbot, seeded)
    paints = watch_paints(page)
    qtbot.waitExposed(page)
    marks = page_marks(seeded, MANAGER, CaseQuery(), every=PAGE)
    asked.clear()
    for row in (PAGE * 2 + 20, PAGE * 4 + 20):  # two places of one drag
        page.table.scrollTo(page.model.index(row, 0),
                            QAbstractItemView.ScrollHint.PositionAtTop)
        assert page.held_rows.held and not page.held_rows._rest.isActive()  # moved on
        qtbot.waitUntil(lambda: not page.held_rows.held and bool(paints.seen), timeout=10_000)
        paints.seen.clear()
        page.table.viewport().repaint()
        assert page.held_rows._rest.isActive()  # painted: resting, were it to stay here
    assert [after for after, _limit in asked] == [marks.after[2], marks.after[4]]  # no more
