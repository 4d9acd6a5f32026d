"""Keyset paging of the case list (issue 15): walking page by page, each page found by the
last row's key, gives exactly the whole ordered list, in every order and under every filter,
with ties in the sort value and with cases added between two pages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from app.domain.errors import InvalidInput
from app.services.common import now
from app.services.demo import bulk_seed
from app.services.listing import (
    MAX_PAGE,
    SORT_COLUMNS,
    CaseQuery,
    CaseRow,
    SortKey,
    list_cases,
    page_marks,
)
from app.store.db import Database
from app.store.models import Case, User
from tests.conftest import MANAGER
from tests.services.conftest import template

CASES = 120
NAMES = ("王伟", "李娜", "张敏")  # three names for 120 cases: long runs of equal values
ORIGIN = datetime(2026, 1, 1, 8, 0, tzinfo=now().tzinfo)


def tie_up(db: Database, ids: list[int]) -> None:
    """Few distinct values in every sort column, so that pages end inside runs of ties."""
    with db.transaction() as session:
        for position, case_id in enumerate(ids):
            session.execute(update(Case).where(Case.id == case_id).values(
                customer_name=NAMES[position % 3],
                step_since=ORIGIN + timedelta(days=position % 4),
                missing_count=position % 2, updated_at=ORIGIN + timedelta(hours=position % 5)))


@pytest.fixture(scope="module")
def tied(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    def build(db: Database) -> None:
        bulk_seed(db, CASES, seed=11)
        with db.reading() as session:
            tie_up(db, list(session.scalars(select(Case.id))))

    path, _ = template(tmp_path_factory, "keyset", build)
    db = Database(f"sqlite:///{path}")
    yield db
    db.dispose()


def walk(db: Database, query: CaseQuery, size: int) -> list[CaseRow]:
    """Every page in turn, each asked for with the key of the last row before it."""
    rows: list[CaseRow] = []
    after: SortKey | None = None
    while True:
        page = list_cases(db, MANAGER, query, after=after, limit=size)
        rows += page
        if len(page) < size:
            return rows
        after = page[-1].key


def in_python(db: Database, query: CaseQuery) -> list[str]:
    """The order computed here, from the raw columns: the value, then the id, as asked."""
    column = SORT_COLUMNS[query.sort]
    with db.reading() as session:
        statement = select(column, Case.id, Case.number).join(User, Case.consultant_id == User.id)
        if query.step:
            statement = statement.where(Case.current_step == query.step)
        if query.consultant:
            statement = statement.where(User.name == query.consultant)
        found: list[Any] = list(session.execute(statement))
    found.sort(key=lambda r: (r[0], r[1]), reverse=query.descending)
    return [r[2] for r in found]


FILTERS: list[dict[str, Any]] = [
    {}, {"step": "documents"}, {"step": "done"}, {"consultant": "wang.fang"},
    {"stuck_days": 3}, {"search": "LD"}, {"search": "王"}, {"waiting_for": "finance"},
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sort=st.sampled_from(sorted(SORT_COLUMNS)), descending=st.booleans(),
       size=st.integers(1, 45), filters=st.sampled_from(FILTERS))
def test_walking_the_pages_gives_the_whole_list_once_in_order(
        tied: Database, sort: str, descending: bool, size: int,
        filters: dict[str, Any]) -> None:
    query = CaseQuery(sort=sort, descending=descending, **filters)
    whole = list_cases(tied, MANAGER, query, limit=MAX_PAGE)
    walked = walk(tied, query, size)
    assert [r.number for r in walked] == [r.number for r in whole]
    assert len({r.number for r in walked}) == len(walked)
    if not {"search", "stuck_days", "waiting_for"} & filters.keys():
        assert [r.number for r in walked] == in_python(tied, query)
    # The marks find the same pages straight away, whichever page is asked first.
    marks = page_marks(tied, MANAGER, query, every=size)
    assert marks.total == len(whole)
    assert len(marks.after) == max(1, -(-len(whole) // size))
    for page in reversed(range(len(marks.after))):
        got = list_cases(tied, MANAGER, query, after=marks.after[page], limit=size)
        assert got == whole[page * size:(page + 1) * size]


def test_the_ties_are_real(tied: Database) -> None:
    # Guards the property above against a fixture that lost its ties.
    rows = list_cases(tied, MANAGER, CaseQuery(sort="customer"), limit=MAX_PAGE)
    assert len(rows) == CASES and {r.customer for r in rows} == set(NAMES)
    assert len({r.step_since for r in rows}) == 4 and {r.missing_count for r in rows} == {0, 1}


@pytest.mark.parametrize("descending", [True, False])
@pytest.mark.parametrize("sort", ["customer", "since", "number"])
def test_cases_added_between_two_pages_neither_repeat_nor_hide_a_row(
        db: Database, sort: str, descending: bool) -> None:
    bulk_seed(db, 40, seed=5)
    with db.reading() as session:
        tie_up(db, list(session.scalars(select(Case.id))))
    query = CaseQuery(sort=sort, descending=descending)
    before = [r.number for r in list_cases(db, MANAGER, query, limit=MAX_PAGE)]
    first = list_cases(db, MANAGER, query, limit=15)
    with db.reading() as session:
        old = set(session.scalars(select(Case.id)))
    bulk_seed(db, 9, seed=6)  # new cases: their values tie with, and fall on both sides of,
    with db.reading() as session:  # the key the next page starts after
        tie_up(db, sorted(set(session.scalars(select(Case.id))) - old))
    rest = walk_from(db, query, first[-1].key, 15)
    walked = [r.number for r in first + rest]
    assert len(set(walked)) == len(walked)
    assert [n for n in walked if n in before] == before  # every old row, once, in order
    after_now = [r.number for r in list_cases(db, MANAGER, query, limit=MAX_PAGE)]
    cut = after_now.index(first[-1].number)
    # The new cases that sort after the last row shown all come; those before it do not.
    assert [n for n in walked if n not in before] == [n for n in after_now[cut + 1:]
                                                      if n not in before]


def walk_from(db: Database, query: CaseQuery, after: SortKey, size: int) -> list[CaseRow]:
    rows: list[CaseRow] = []
    while True:
        page = list_cases(db, MANAGER, query, after=after, limit=size)
        rows += page
        if len(page) < size:
            return rows
        after = page[-1].key


def test_page_marks_refuse_a_page_size_out_of_range(db: Database) -> None:
    for every in (0, MAX_PAGE + 1):
        with pytest.raises(InvalidInput) as refused:
            page_marks(db, MANAGER, CaseQuery(), every=every)
        assert refused.value.field == "every"
    assert page_marks(db, MANAGER, CaseQuery(), every=MAX_PAGE).total == 0
    with pytest.raises(InvalidInput):
        page_marks(db, MANAGER, CaseQuery(sort="salary"))
