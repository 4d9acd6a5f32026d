"""The case list: lazy pages, search as you type, filters, sorting, Enter opens."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from app.domain.board import days_between
from app.services import listing
from app.services.demo import bulk_seed
from app.services.listing import CaseQuery, CaseRow, PageMarks, list_cases, page_marks
from app.store.db import Database
from app.ui.case_list import (
    COL_CUSTOMER,
    COL_DAYS,
    COL_ID,
    COL_STEP,
    KEEP_PAGES,
    PAGE,
    CaseListPage,
    CaseTableModel,
)
from tests.conftest import MANAGER


def make_page(qtbot, db: Database) -> CaseListPage:
    page = CaseListPage(db, MANAGER, "manager")
    qtbot.addWidget(page)
    page.resize(1300, 600)
    page.show()
    return page


def type_into(qtbot, editor, text: str) -> None:
    """Key by key; Chinese arrives as an input method commits it (QTest types ASCII only)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(editor, char)
        else:
            editor.insert(char)


def type_search(qtbot, page: CaseListPage, text: str) -> None:
    page.search.clear()
    type_into(qtbot, page.search, text)
    # The list waits for a pause in the typing, then asks once.
    qtbot.waitUntil(lambda: page.model.query.search == text.strip(), timeout=2000)


def numbers(page: CaseListPage) -> list[str]:
    return [row_now(page.model, i).number for i in range(page.model.rowCount())]


def test_the_list_shows_every_demo_case_with_masked_ids(qtbot, demo_db: Database) -> None:
    page = make_page(qtbot, demo_db)
    assert page.model.rowCount() == 11
    assert page.count_label.text() == "11 case(s)"
    masked = page.model.index(0, COL_ID).data()
    assert "********" in masked and len(masked) == 18
    steps = {page.model.index(i, COL_STEP).data() for i in range(11)}
    assert "1 Sales contract" in steps and "Delivered" in steps


def test_search_narrows_as_you_type(qtbot, demo_db: Database) -> None:
    page = make_page(qtbot, demo_db)
    target = page.model.row_at(3)
    type_search(qtbot, page, target.phone[-4:])
    assert target.number in numbers(page)
    assert all(page.model.row_at(i).phone.endswith(target.phone[-4:])
               or page.model.row_at(i).id_masked.endswith(target.phone[-4:])
               or page.model.row_at(i).number.startswith(target.phone[-4:])
               for i in range(page.model.rowCount()))
    type_search(qtbot, page, target.customer)
    assert all(target.customer in page.model.row_at(i).customer
               for i in range(page.model.rowCount()))
    type_search(qtbot, page, target.vin[-6:])
    assert numbers(page) == [target.number]


def test_hostile_search_text_finds_nothing_and_breaks_nothing(qtbot, demo_db: Database) -> None:
    page = make_page(qtbot, demo_db)
    type_search(qtbot, page, "<b>&'\"😀%_")
    assert page.model.rowCount() == 0
    type_search(qtbot, page, "x" * 200)
    assert page.model.rowCount() == 0


def test_filters_by_step_consultant_and_days_stuck(qtbot, demo_db: Database) -> None:
    page = make_page(qtbot, demo_db)
    page.set_consultants([("wang.fang", "王芳"), ("li.qiang", "李强")])
    page.step_filter.setCurrentIndex(page.step_filter.findData("credit_review"))
    assert page.model.rowCount() == 1
    assert page.model.row_at(0).step == "credit_review"
    page.step_filter.setCurrentIndex(0)
    page.consultant_filter.setCurrentIndex(page.consultant_filter.findData("wang.fang"))
    assert 0 < page.model.rowCount() < 11
    assert {page.model.row_at(i).consultant for i in range(page.model.rowCount())} == {"王芳"}
    page.consultant_filter.setCurrentIndex(0)
    page.stuck_filter.setValue(10)
    qtbot.waitUntil(lambda: page.model.query.stuck_days == 10, timeout=2000)
    now = datetime.now(UTC)
    assert 0 < page.model.rowCount() < 11
    assert all(days_between(page.model.row_at(i).step_since, now) >= 10
               for i in range(page.model.rowCount()))


def test_header_clicks_sort_by_the_database(qtbot, demo_db: Database) -> None:
    page = make_page(qtbot, demo_db)
    page.table.sortByColumn(COL_CUSTOMER, Qt.SortOrder.AscendingOrder)
    assert page.model.query == CaseQuery(sort="customer", descending=False)
    customers = [page.model.row_at(i).customer for i in range(page.model.rowCount())]
    assert customers == sorted(customers)
    page.table.sortByColumn(COL_DAYS, Qt.SortOrder.DescendingOrder)
    days = [int(page.model.index(i, COL_DAYS).data() or 0) for i in range(page.model.rowCount())
            if page.model.row_at(i).step != "done"]
    assert days == sorted(days, reverse=True)
    page.table.sortByColumn(COL_ID, Qt.SortOrder.AscendingOrder)  # masked: not sortable
    assert page.model.query.sort == "since"
    assert page.table.horizontalHeader().sortIndicatorSection() == COL_DAYS


def test_pages_are_fetched_as_the_list_scrolls(qtbot, db: Database) -> None:
    # Keyset paging (issue 15): once the page marks are in, the list spans every match and
    # a page comes when the view first shows one of its rows.
    bulk_seed(db, PAGE * 2 + 50)
    page = make_page(qtbot, db)
    assert page.model.rowCount() == PAGE * 2 + 50
    assert page.count_label.text() == f"{PAGE * 2 + 50} case(s)"
    assert page.model.loaded_pages() == [0]
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: 2 in page.model.loaded_pages(), timeout=2000)
    assert not page.model.canFetchMore()
    expected = [r.number for r in list_cases(db, MANAGER, CaseQuery(), limit=PAGE * 3)]
    assert [row_now(page.model, i).number for i in range(page.model.rowCount())] == expected


def row_now(model: CaseTableModel, position: int) -> CaseRow:
    """The row at `position`, its page fetched first if need be (the pool runs inline)."""
    row = model.row_at(position) or model.row_at(position)
    assert row is not None
    return row


def test_fetch_more_asks_for_the_rows_after_the_last_rows_key(qtbot, db: Database,
                                                              monkeypatch) -> None:
    bulk_seed(db, PAGE * 2 + 50)
    asked: list[dict[str, object]] = []

    def recording(*args: object, **kwargs: object) -> list[CaseRow]:
        asked.append(kwargs)
        return list_cases(*args, **kwargs)  # type: ignore[arg-type]

    def no_marks_yet(*_args: object, **_kwargs: object) -> PageMarks:
        raise RuntimeError("the marks are late")

    monkeypatch.setattr(listing, "list_cases", recording)
    monkeypatch.setattr(listing, "page_marks", no_marks_yet)
    model = CaseTableModel(db, MANAGER)
    errors: list[object] = []
    model.failed.connect(errors.append)
    model.set_query(CaseQuery(sort="customer", descending=False))
    assert model.rowCount() == PAGE and len(errors) == 1  # the marks failed, the rows came
    assert model.canFetchMore()
    while model.canFetchMore():
        last = model.row_at(model.rowCount() - 1)
        assert last is not None
        model.fetchMore()
        assert asked[-1]["after"] == last.key and "offset" not in asked[-1]
    assert model.rowCount() == PAGE * 2 + 50
    expected = list_cases(db, MANAGER, CaseQuery(sort="customer", descending=False),
                          limit=PAGE * 3)
    assert [model.row_at(i) for i in range(model.rowCount())] == expected


def test_a_deep_jump_fetches_one_page_by_its_mark_and_far_pages_are_dropped(
        qtbot, db: Database, monkeypatch) -> None:
    total = PAGE * (KEEP_PAGES + 3) + 7
    bulk_seed(db, total)
    asked: list[object] = []

    def recording(*args: object, **kwargs: object) -> list[CaseRow]:
        asked.append(kwargs.get("after"))
        return list_cases(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(listing, "list_cases", recording)
    model = CaseTableModel(db, MANAGER)
    model.set_query(CaseQuery(sort="since"))
    assert model.rowCount() == total
    marks = page_marks(db, MANAGER, CaseQuery(sort="since"), every=PAGE)
    everything = list_cases(db, MANAGER, CaseQuery(sort="since"), limit=total)
    asked.clear()
    deepest = total - 1
    assert model.index(deepest, 0).data() is None  # asked for; shown when it arrives
    assert asked == [marks.after[deepest // PAGE]]  # one page, found by its mark
    assert model.index(deepest, 0).data() == everything[deepest].number
    for position in range(0, total, PAGE):  # a scroll through every page
        assert row_now(model, position) == everything[position]
        assert len(model.loaded_pages()) <= KEEP_PAGES
    assert 0 not in model.loaded_pages()  # the page looked at longest ago is gone
    assert row_now(model, 3) == everything[3]  # and comes back when looked at again


def test_a_late_answer_to_an_old_search_is_dropped(qtbot, demo_db: Database) -> None:
    page = make_page(qtbot, demo_db)
    old = page.model._generation
    type_search(qtbot, page, "LD")
    shown = numbers(page)
    page.model._first_page(old, [])  # the answer to the question before the typing
    assert numbers(page) == shown


def test_enter_on_a_case_number_opens_it(qtbot, demo_db: Database) -> None:
    page = make_page(qtbot, demo_db)
    wanted = page.model.row_at(5).number
    page.search.clear()
    qtbot.keyClicks(page.search, wanted.lower())  # a scanner types, then presses Enter
    with qtbot.waitSignal(page.open_requested) as opened:
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert opened.args == [wanted]


def test_enter_opens_the_only_match_and_otherwise_walks_into_the_list(qtbot,
                                                                     demo_db: Database) -> None:
    page = make_page(qtbot, demo_db)
    target = page.model.row_at(2)
    page.search.setText(target.vin[-8:])
    with qtbot.waitSignal(page.open_requested) as opened:
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert opened.args == [target.number]
    page.search.setText("LD")
    with qtbot.assertNotEmitted(page.open_requested):
        qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert page.focusWidget() is page.table and page.table.currentIndex().row() == 0
    with qtbot.waitSignal(page.open_requested) as opened:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert opened.args == [page.model.row_at(0).number]
