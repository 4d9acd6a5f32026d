"""The start-up's first page is read while the password is verified, once the window has
painted, and handed over only with an accepted sign-in (issue 15). Orders, no timing."""

from __future__ import annotations

import sys
import threading
from typing import Any

import pytest

from app.services import fast_start, passwords
from app.services.fast_start import EarlySignIn, early_sign_in
from app.services.queues import my_queue
from app.store import quick_queue
from app.store.db import Database
from tests.conftest import CONSULTANT, PASSWORD
from tests.helpers import new_case


class Order:
    """Who did what, in order: the window's paint awaited, the page read, the password."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.events: list[str] = []
        real_page, real_matches = quick_queue.first_queue_page, passwords.matches

        def page(*args: Any) -> Any:
            self.events.append("page read")
            return real_page(*args)

        def matches(stored: str, password: str) -> bool:
            self.events.append("password verified")
            return real_matches(stored, password)

        monkeypatch.setattr(quick_queue, "first_queue_page", page)
        monkeypatch.setattr(passwords, "matches", matches)


class Painted(threading.Event):
    def __init__(self, order: Order) -> None:
        super().__init__()
        self.order = order

    def wait(self, timeout: float | None = None) -> bool:
        self.order.events.append("waited for the window's paint")
        return True


def test_the_page_is_read_after_the_paint_and_before_the_password_answers(
        staffed: tuple[Database, str], monkeypatch: pytest.MonkeyPatch) -> None:
    db, url = staffed
    order = Order(monkeypatch)
    fast = early_sign_in(url, CONSULTANT, PASSWORD, read_page_after=Painted(order))
    assert order.events == ["waited for the window's paint", "page read", "password verified"]
    assert fast is not None and fast.first_page is not None
    assert fast.first_page.entries == my_queue(db, CONSULTANT).entries[:fast_start.FIRST_PAGE]


@pytest.mark.parametrize("password", ["not-the-password", ""])
def test_a_page_read_ahead_goes_nowhere_without_the_right_password(
        staffed: tuple[Database, str], monkeypatch: pytest.MonkeyPatch, password: str) -> None:
    _db, url = staffed
    order = Order(monkeypatch)
    assert early_sign_in(url, CONSULTANT, password, read_page_after=Painted(order)) is None
    # No password at all: nothing is read; a wrong one: read, verified, and dropped.
    assert order.events == ([] if not password else
                            ["waited for the window's paint", "page read", "password verified"])


def test_a_sign_in_this_path_cannot_accept_reads_no_page(
        staffed: tuple[Database, str], monkeypatch: pytest.MonkeyPatch) -> None:
    _db, url = staffed
    order = Order(monkeypatch)
    assert early_sign_in(url, "nobody", PASSWORD, read_page_after=Painted(order)) is None
    assert order.events == []


def test_the_early_thread_waits_for_the_window_before_reading_the_page(
        staffed: tuple[Database, str], monkeypatch: pytest.MonkeyPatch) -> None:
    _db, url = staffed
    reading = threading.Event()
    real_page = quick_queue.first_queue_page

    def page(*args: Any) -> Any:
        reading.set()
        return real_page(*args)

    monkeypatch.setattr(quick_queue, "first_queue_page", page)
    monkeypatch.setattr(fast_start, "PAGE_WAIT_S", 600.0)  # only the paint releases it
    early = EarlySignIn(url, CONSULTANT, PASSWORD)
    assert not reading.wait(0.3) and not early.done()  # held: the window has not painted
    early.window_painted()
    answer = early.answer()
    assert reading.is_set() and answer is not None and answer.first_page is not None


# -- the same sign-in in a child process (app.child_process; the desktop's on Linux) ----------

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux")


@linux_only
def test_the_child_answers_what_the_thread_answers(staffed: tuple[Database, str]) -> None:
    db, url = staffed
    new_case(db)  # a row on the first page
    here = early_sign_in(url, CONSULTANT, PASSWORD)
    db.dispose()  # as at the desktop's start: no connection of ours open (app.child_process)
    there = fast_start.EarlyInChild(url, CONSULTANT, PASSWORD)
    there.window_painted()  # nothing to wait for: a process of its own
    answer = there.answer()
    assert answer is not None and here is not None
    assert answer == here  # the users, the first page, the hash verified: all came across
    assert answer.first_page is not None and answer.first_page.entries
    assert fast_start.EarlyInChild(url, CONSULTANT, "not-the-password").answer() is None
    assert fast_start.EarlyInChild(url, "nobody", PASSWORD).answer() is None


@pytest.mark.parametrize("forks", [True, False])
def test_the_desktop_begins_in_a_child_where_one_may_fork(
        staffed: tuple[Database, str], monkeypatch: pytest.MonkeyPatch, forks: bool) -> None:
    if forks and not sys.platform.startswith("linux"):
        pytest.skip("forks on Linux")
    db, url = staffed
    db.dispose()  # as at the desktop's start: no connection of ours open (app.child_process)
    monkeypatch.setattr(fast_start, "may_fork", lambda: forks)
    early = fast_start.begin(url, CONSULTANT, PASSWORD)
    assert isinstance(early, fast_start.EarlyInChild if forks else EarlySignIn)
    early.window_painted()
    answer = early.answer()
    assert answer is not None and answer.user.name == CONSULTANT
