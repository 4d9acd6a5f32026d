"""The workspace's and the queue's read models: few statements whatever the size, the same
answers as the per-piece services, and no ORM row in what they return."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from app.documents.imaging import import_file
from app.domain.permissions import Action, allowed
from app.domain.privacy import REVEALING_KINDS
from app.services import audit, cases, custody, forms, tasks
from app.services.case_view import CaseView, forget_thumbnails, load_case_view
from app.services.documents import add_document, case_documents
from app.services.queues import my_queue
from app.store.db import Database
from app.store.models import Base
from tests.conftest import CONSULTANT, CREDIT, MANAGER
from tests.helpers import jpeg, new_case
from tests.statements import statements

CASE_VIEW_LIMIT = 3


def _add_pages(db: Database, number: str, pages: int, seed: int = 0) -> None:
    """`pages` pages over a few documents (ID cards too: their thumbnails are restricted)."""
    plan = [("id_card", "customer"), ("id_card", "spouse"), ("bank_statement", "customer"),
            ("household_register", "customer")]
    per = -(-pages // len(plan)) if pages else 0
    left = pages
    for i, (kind, party) in enumerate(plan):
        count = min(per, left)
        if count <= 0:
            break
        # Small photos, each its own size: never the same bytes twice (a duplicate is
        # refused).
        files = [import_file(f"{kind}-{party}-{n}.jpg",
                             jpeg(seed, (240 + seed * 100 + i * 20 + n, 200)))
                 for n in range(count)]
        add_document(db, CONSULTANT, number, kind, files, party=party)
        left -= count


def _page_count(view: CaseView) -> int:
    return sum(len(d.pages) for d in view.detail.documents)


@pytest.mark.parametrize("pages", [0, 1, 16])
def test_a_case_view_is_at_most_three_statements_whatever_its_pages(db: Database,
                                                                     pages: int) -> None:
    number, _ = new_case(db)
    _add_pages(db, number, pages)
    forget_thumbnails()
    with statements(db) as cold:
        view = load_case_view(db, CONSULTANT, number)
    assert _page_count(view) == pages
    assert len(cold) <= CASE_VIEW_LIMIT, [sql for sql, _ in cold]
    # Reopened: every thumbnail is in the cache, so the blob statement is not even asked.
    with statements(db) as warm:
        again = load_case_view(db, CONSULTANT, number)
    assert len(warm) == 2, [sql for sql, _ in warm]
    assert again == view


def test_an_advanced_case_with_forms_and_originals_is_still_three_statements(
        db: Database) -> None:
    number, _ = new_case(db, 9)  # step 9 issues the 出库单 and its copies are received
    _add_pages(db, number, 4, seed=7)
    forget_thumbnails()
    with statements(db) as seen:
        view = load_case_view(db, CONSULTANT, number)
    assert view.issued and view.detail.tasks and view.history
    assert len(seen) <= CASE_VIEW_LIMIT


def _same_as_the_services(db: Database, actor: str, number: str) -> None:
    view = load_case_view(db, actor, number)
    assert view.detail == cases.get_case(db, actor, number)
    blockers = tasks.task_blockers(db, actor, number)
    assert view.refusals == blockers.refusals
    assert view.closed_gates == blockers.closed_gates
    assert view.issued == forms.issued_forms(db, actor, number)
    assert view.originals_out == custody.originals_out(db, number)
    history = audit.case_history(db, actor, number)
    assert [(h.id, h.at, h.user_name, h.action, h.detail) for h in view.history] == \
        [(e.id, e.at, e.user_name, e.action, e.detail) for e in history]
    role = next(u for u in view.display_names if u == actor) and view.role
    own = view.detail.consultant.name == actor
    expected = {p.thumbnail_sha256 for d in view.detail.documents for p in d.pages
                if d.kind not in REVEALING_KINDS or allowed(role, Action.REVEAL_ID, own)}
    assert set(view.thumbnails) == expected
    for sha in expected:
        assert view.thumbnails[sha] == \
            __import__("app.services.documents", fromlist=["blob"]).blob(db, actor, sha)


@pytest.mark.parametrize("steps", [0, 3, 8, 9])
def test_the_view_says_what_each_service_says(db: Database, steps: int) -> None:
    number, _ = new_case(db, steps)
    _add_pages(db, number, 5, seed=steps + 1)
    for actor in (CONSULTANT, CREDIT, MANAGER):
        forget_thumbnails()
        _same_as_the_services(db, actor, number)


def test_an_original_out_shows_in_the_view(db: Database) -> None:
    number, _ = new_case(db, 7)
    custody.check_out(db, CONSULTANT, number, "id_card", party="customer", to="车管所")
    view = load_case_view(db, CONSULTANT, number)
    assert [(o.kind, o.holder) for o in view.originals_out] == [("id_card", "车管所")]
    assert view.originals_out == custody.originals_out(db, number)


def test_after_a_new_document_only_its_thumbnails_are_fetched(db: Database) -> None:
    number, _ = new_case(db)
    _add_pages(db, number, 4)
    before = load_case_view(db, MANAGER, number)
    add_document(db, CONSULTANT, number, "driver_license",
                 [import_file("new.jpg", jpeg(999, (233, 200)))])
    with statements(db) as seen:
        after = load_case_view(db, MANAGER, number)
    new = set(after.thumbnails) - set(before.thumbnails)
    assert len(new) == 1 and len(seen) == 3
    sql, parameters = seen[-1]
    assert "blobs" in sql
    values = set(parameters.values() if isinstance(parameters, dict) else parameters)
    assert values == new  # the old thumbnails came from the cache


def test_an_unknown_case_or_user_is_refused(db: Database) -> None:
    from app.domain.errors import NotFound

    number, _ = new_case(db)
    with pytest.raises(NotFound):
        load_case_view(db, CONSULTANT, "LD2026-999999")
    with pytest.raises(NotFound):
        load_case_view(db, "nobody", number)


def _orm_free(value: Any, path: str = "view") -> None:
    """Frozen dataclasses, containers and plain values all the way down; no ORM row."""
    assert not isinstance(value, Base), f"{path} is an ORM row"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        params = type(value).__dataclass_params__
        assert params.frozen, f"{path} ({type(value).__name__}) is not frozen"
        for f in dataclasses.fields(value):
            _orm_free(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, dict):
        for k, v in value.items():
            _orm_free(k, f"{path}[key]")
            _orm_free(v, f"{path}[{k!r}]")
    elif isinstance(value, list | tuple | set | frozenset):
        for i, v in enumerate(value):
            _orm_free(v, f"{path}[{i}]")


def test_the_views_are_frozen_dataclasses_without_orm_rows(db: Database) -> None:
    number, _ = new_case(db, 8)
    _add_pages(db, number, 2)
    _orm_free(load_case_view(db, CONSULTANT, number))
    _orm_free(cases.get_case(db, CONSULTANT, number), "detail")
    _orm_free(cases.get_case(db, MANAGER, number, reveal=True), "revealed")
    _orm_free(my_queue(db, CONSULTANT), "queue")
    _orm_free(audit.case_history(db, MANAGER, number), "history")
    _orm_free(case_documents(db, MANAGER, number), "documents")


def test_the_orm_check_catches_a_row(db: Database) -> None:
    """The check above is not vacuous: a view holding an ORM row fails it."""
    from app.store.models import User

    number, _ = new_case(db)
    view = load_case_view(db, CONSULTANT, number)
    with pytest.raises(AssertionError, match="ORM row"):
        _orm_free(dataclasses.replace(view, history=[User(name="x")]))  # type: ignore[list-item]


def _queue_statements(db: Database, actor: str) -> int:
    with statements(db) as seen:
        my_queue(db, actor)
    return len(seen)


QUEUE_LIMIT = 12  # acting user, candidate cases, 6 for their facts, copies (2), visits


def test_the_queue_asks_the_same_statements_for_one_case_or_many(db: Database) -> None:
    new_case(db, 1)
    one = _queue_statements(db, CONSULTANT)
    managers_one = _queue_statements(db, MANAGER)
    for steps in (0, 1, 2, 3, 8):
        new_case(db, steps)
    many = _queue_statements(db, CONSULTANT)
    managers_many = _queue_statements(db, MANAGER)
    assert len(my_queue(db, CONSULTANT).entries) > 1
    assert many == one <= QUEUE_LIMIT
    assert managers_many == managers_one <= QUEUE_LIMIT
