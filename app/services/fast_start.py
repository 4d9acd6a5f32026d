"""The desktop's start-up fast path: the sign-in and the first page of the queue before the
database layer (SQLAlchemy, a quarter of a second to load) is up (issue 15).

With `loandesk --user NAME` and $LOANDESK_PASSWORD on a current SQLite database, the window
can show the person's landing page at once: app.store.first_look reads the users with the
stdlib sqlite3 module, the sign-in rule (app.domain.sign_in.verdict, the one
app.services.auth.sign_in asks) decides on those facts with an argon2 verification, and
app.store.quick_queue reads the queue's first page. This path only ever ACCEPTS: anything
else (a wrong password, a lock, an unknown name, a hash to renew, a schema to upgrade, a
PostgreSQL URL) answers None and the normal path signs in, counting and reporting failures.
The sign-in is recorded (audited) by app.services.auth.record_sign_in once the database
layer is up. Nothing here imports SQLAlchemy (a test checks it in a fresh interpreter).
"""

from __future__ import annotations

import functools
import threading
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from app.child_process import InChild, OnThread, may_fork
from app.services.user_view import UserView

if TYPE_CHECKING:
    from app.domain.queue_records import Queue
    from app.store.first_look import FirstLook, Person

# What this module needs to decide (argon2 and libsodium, the sign-in rule, the SQLite
# reader) is imported where it decides, not at its top: app.ui.main imports it first thing
# to fork the early sign-in (EarlyInChild), and the window waits for no import of the
# child's.

FIRST_PAGE = 50  # rows of the queue shown before the services answer: more than a screen
PAGE_WAIT_S = 1.0  # the longest the early page read waits for the window's first paint


@dataclass(frozen=True)
class FastStart:
    user: UserView
    users: tuple[UserView, ...]  # the active users, as app.services.users.list_users lists them
    verified_hash: str  # the stored hash the password was verified against
    first_page: Queue | None  # None: no queue for the role, or the page waits for the services
    whole: bool  # the first page holds the whole queue (fewer entries than asked for)


def early_sign_in(url: str, name: str, password: str, *, limit: int | None = None,
                  read_page_after: threading.Event | None = None) -> FastStart | None:
    """The accepted sign-in of `name` on the database at `url`, with the first page of their
    queue (`limit` entries, FIRST_PAGE unless said); None whenever the normal path must
    decide.

    The page is read while the password is still being verified (argon2 runs on a thread of
    its own), once `read_page_after` is set (the window has painted: these reads no longer
    slow it down), and handed over only with an accepted sign-in: nothing of it reaches the
    screen otherwise. It is then ready the moment the verification ends."""
    from app.domain.sign_in import Account, Verdict, verdict
    from app.services.passwords import matches, needs_rehash
    from app.store.first_look import first_look

    limit = FIRST_PAGE if limit is None else limit
    look = first_look(url) if password else None
    person = look.person(name) if look is not None else None
    if look is None or person is None:
        return None
    page: Queue | None = None
    if person.active and person.password_hash is not None \
            and not needs_rehash(person.password_hash):  # a sign-in this path may accept
        if read_page_after is not None:
            read_page_after.wait(PAGE_WAIT_S)
        page = _first_page(look, person, limit)
    account = Account(person.name, person.active, person.password_hash, person.locked_until)
    answer = verdict(account, datetime.now(UTC), lambda stored: matches(stored, password))
    if answer is not Verdict.ACCEPTED or person.password_hash is None:
        return None
    if needs_rehash(person.password_hash):
        return None  # the services store the hash anew with the password
    users = tuple(_view(p) for p in look.people if p.active)
    return FastStart(_view(person), users, person.password_hash, page,
                     page is not None and len(page.entries) < limit)


def _view(person: Person) -> UserView:
    return UserView(person.name, person.display_name, person.role, person.phone, person.active)


def _first_page(look: FirstLook, person: Person, limit: int) -> Queue | None:
    # Imported here, not at the top: the argon2 verification leaves the interpreter to the
    # GUI thread building the window, these imports would not.
    from app.domain.permissions import Action, allowed, allowed_anywhere
    from app.domain.queue_records import Queue
    from app.store import quick_queue
    from app.store.first_look import read_only

    if not allowed_anywhere(person.role, Action.QUEUE):
        return None
    try:
        with closing(read_only(look.path)) as connection:
            entries = quick_queue.first_queue_page(connection, person.id, person.role, limit)
    except Exception:  # a first page is a nicety: the services' answer follows anyway
        return None
    return Queue(person.role, person.display_name, tuple(entries)[:limit],
                 allowed(person.role, Action.BOARD), True)


def begin(url: str, name: str, password: str) -> EarlySignIn | EarlyInChild:
    """`early_sign_in` started beside the window, as the first thing app.ui.main.start
    does: in a child process where one may be forked (app.child_process), else on a
    thread. The main window asks `done()` and takes `answer()`."""
    if may_fork():
        return EarlyInChild(url, name, password)
    from app.services.passwords import check_stored_ahead

    # argon2 first of all, before even the early thread's own imports (~20 ms)
    check_stored_ahead(url, name, password)
    return EarlySignIn(url, name, password)


class _Beside:
    """What the main window asks of the early sign-in, however it runs."""

    _beside: InChild[FastStart | None] | OnThread[FastStart | None]

    def window_painted(self) -> None:
        """The window has its first frame."""

    def done(self) -> bool:
        return self._beside.done()

    def answer(self) -> FastStart | None:
        return self._beside.answer()


class EarlyInChild(_Beside):
    """`early_sign_in` in a child process, forked before anything else is loaded: its
    imports, its reads and the argon2 verification then take the other core and an
    interpreter of their own, and the window being built here waits for none of them
    (nor for the window's first frame: its reads slow no window). The answer (the person's
    users and first page, as FastStart) comes pickled down a pipe; a child that failed or
    died answers None, and the normal path signs in."""

    def __init__(self, url: str, name: str, password: str) -> None:
        self._beside = InChild(functools.partial(early_sign_in, url, name, password))


class EarlySignIn(_Beside):
    """`early_sign_in` on a thread of its own, started before Qt is even imported
    (app.ui.main.start), where no child process may be forked (Windows): the argon2
    verification then overlaps loading PySide6 and building the window, and the first
    page is read once the window has painted. Whatever goes wrong answers None: the normal
    path signs in and reports it."""

    def __init__(self, url: str, name: str, password: str) -> None:
        self._window_painted = threading.Event()
        self._beside = OnThread(functools.partial(self._run, url, name, password),
                                "loandesk-early-sign-in")

    def _run(self, url: str, name: str, password: str) -> FastStart | None:
        from app.services.passwords import check_stored_ahead

        # argon2 first, on a thread of its own (it leaves the GIL): the schema check and
        # the users are read meanwhile, and `matches` takes its answer. (begin() has
        # usually started it already: then this finds it under way.)
        check_stored_ahead(url, name, password)
        return early_sign_in(url, name, password, read_page_after=self._window_painted)

    def window_painted(self) -> None:
        """The window has its first frame: the first page may be read beside what follows."""
        self._window_painted.set()
