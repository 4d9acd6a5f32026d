"""The main window: the case list, and a case's workspace in its place when one is opened.

The window shows itself before the database is opened: importing the database layer and
upgrading the schema take a second on a cold start, so they run on the thread pool while
the person already sees LoanDesk. This module therefore imports nothing of the database
layer at load time; the case list (which does) is imported once the database is open.
For the same reason the `Qt` namespace is not touched before the window is up (building
its hundreds of enums, which the first `setShortcut` does too, costs a fifth of a bare
window's start-up): keyboard shortcuts are bound in `start`, right after the first frame.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import shiboken6
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QStackedWidget, QWidget

from app import collector
from app.config import PASSWORD_ENV
from app.ui import i18n, style, window_state
from app.ui.first_paint import paint_now
from app.ui.workers import run_in_pool, run_in_pool_next_turn

if TYPE_CHECKING:
    from app.services.fast_start import EarlyInChild, EarlySignIn, FastStart
    from app.services.user_view import UserView
    from app.store.db import Database
    from app.ui.board import BoardView
    from app.ui.case_list import CaseListPage
    from app.ui.queue import QueueView
    from app.ui.scan_folder import InboxWatcher
    from app.ui.today import TodayView

Page = TypeVar("Page", "BoardView", "TodayView", "QueueView")
POLL_MS = 3000  # how often other workstations' changes are looked for


def open_database(database_url: str) -> tuple[Database, list[UserView]]:
    """Runs on the pool: the database layer, the schema check (cheap when current), the
    day's backup and the list of users (empty on a brand-new database). The pages' own
    modules are imported by preload_pages, while the password is checked."""
    from app.services.backup import auto_backup
    from app.services.settings import get_settings
    from app.services.users import list_users, needs_first_admin
    from app.store.db import Database

    db = Database(database_url)
    if needs_first_admin(db):  # upgrades the schema too
        return db, []
    auto_backup(db, keep=int(get_settings(db)["backup.keep"]))
    return db, list_users(db)


def preload_pages() -> None:
    """Runs beside the password check (argon2 leaves the GIL free for it): the modules of
    the first pages (the queue, the case list), so that the sign-in does not wait for them.
    On the pool in the normal path; on the GUI thread, idle then, while the early thread of
    the fast path verifies the password."""
    import app.ui.case_list
    import app.ui.queue  # noqa: F401


def fast_sign_in(database_url: str, name: str, password: str) -> FastStart | None:
    """Runs on the pool while the window is built: the sign-in and the queue's first page
    read without the database layer (app.services.fast_start; the argon2 verification
    leaves the GIL to the GUI thread). None: the normal path signs in."""
    from app.services.fast_start import early_sign_in

    return early_sign_in(database_url, name, password)


def record_sign_in(db: Database, name: str, verified_hash: str) -> UserView:
    from app.services.auth import record_sign_in

    return record_sign_in(db, name, verified_hash)


def check_password(db: Database, name: str, password: str) -> object:
    from app.services.auth import sign_in

    return sign_in(db, name, password, record=True)


def create_first_admin(db: Database, password: str) -> list[UserView]:
    from app.services.users import initialise, list_users

    initialise(db, password)
    return list_users(db)


def _may_set_up_printers(role: str) -> bool:
    from app.domain.permissions import may_set_up_printers

    return may_set_up_printers(role)


class MainWindow(QMainWindow):
    def __init__(self, database_url: str, user: str | None = None, *,
                 early: EarlySignIn | EarlyInChild | None = None) -> None:
        super().__init__()
        self._database_url = database_url
        self._wanted_user = user
        # `--user NAME` with $LOANDESK_PASSWORD: the sign-in is tried at once, beside the
        # building of this window, without the database layer (app.services.fast_start).
        self.fast: FastStart | None = None  # the start-up's accepted sign-in, until recorded
        self._fast_pending = False
        self.started_fast = False  # the landing page came by the fast path (benchmarks say)
        self._started = False
        self._early = early  # started by app.ui.main before Qt was loaded, if it was
        password = os.environ.get(PASSWORD_ENV, "")
        if early is not None:
            self._fast_pending = True
        elif user and password:
            self._fast_pending = True
            run_in_pool(lambda: fast_sign_in(database_url, user, password),
                        on_result=self._fast_answered,
                        on_error=lambda _error: self._fast_answered(None))
        self.db: Database | None = None
        self.actor = ""
        self.users: list[UserView] = []
        self.case_list: CaseListPage | None = None
        self.workspace: QWidget | None = None
        self.open_number = ""  # the case shown in the workspace, if any
        self._polling = False
        self._polling_started = False
        self.board: BoardView | None = None
        self.today: TodayView | None = None
        self.inbox_watcher: InboxWatcher | None = None  # the scanner folder, while someone is in
        self.queue: QueueView | None = None
        self._landing: QueueView | None = None  # built empty while the password is checked
        self._ahead: list[Callable[[], None]] = []  # steps done while it is checked
        self._came_from: QWidget | None = None
        self.no_cases: QLabel | None = None
        self.who: QLabel | None = None
        self.setWindowTitle("LoanDesk")
        self.resize(1280, 720)  # fits 1366×768 with the taskbar and the title bar
        window_state.restore_geometry(self, "main")  # where it was last closed, if it was
        self.pages = QStackedWidget()
        self.waiting = QLabel(self.tr("Opening the database…"))
        self.waiting.setObjectName(style.WAITING)  # centred by the style sheet
        self.pages.addWidget(self.waiting)
        self.setCentralWidget(self.pages)
        self._actions()
        self._enable_case_actions(False)

    def _actions(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Case"))
        self.new_action = QAction(self.tr("&New case…"), self)
        self.new_action.triggered.connect(self.new_case)
        self.search_action = QAction(self.tr("&Find a case"), self)
        self.search_action.triggered.connect(self.show_list)
        self.back_action = QAction(self.tr("&Back to the list"), self)
        self.back_action.triggered.connect(lambda: self.show_list(focus=False))
        self.quit_action = quit_action = QAction(self.tr("&Quit"), self)
        quit_action.triggered.connect(self.close)
        for action in (self.new_action, self.search_action, self.back_action):
            menu.addAction(action)
        menu.addSeparator()
        self.sign_out_action = QAction(self.tr("Sign &out"), self)
        self.sign_out_action.triggered.connect(self.sign_out)
        menu.addAction(self.sign_out_action)
        menu.addAction(quit_action)
        view = self.view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.queue_action = QAction(self.tr("My &queue"), self)
        self.queue_action.triggered.connect(self.show_queue)
        view.addAction(self.queue_action)
        self.today_action = QAction(self.tr("&Today"), self)
        self.today_action.triggered.connect(self.show_today)
        self.board_action = QAction(self.tr("&Board"), self)
        self.board_action.triggered.connect(self.show_board)
        view.addAction(self.today_action)
        view.addAction(self.board_action)
        tools = self.menuBar().addMenu(self.tr("&Tools"))
        self.settings_action = QAction(self.tr("&Settings…"), self)
        self.settings_action.triggered.connect(self.open_settings)
        tools.addAction(self.settings_action)
        # Printer profiles per form: for those who print forms (app.ui.print_setup).
        self.print_setup_action = QAction(self.tr("&Print set-up…"), self)
        self.print_setup_action.triggered.connect(self.open_print_setup)
        tools.addAction(self.print_setup_action)
        tools.aboutToShow.connect(lambda: self.print_setup_action.setVisible(
            self.db is not None and _may_set_up_printers(self.role())))
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.about_action = help_menu.addAction(self.tr("&About LoanDesk"))
        self.about_action.triggered.connect(self.open_about)

    def _bind_shortcuts(self) -> None:
        self._action_shortcuts()
        # Esc as a window shortcut, not a menu shortcut: a dialog on top keeps its own Esc.
        self.back_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Cancel), self)
        self.back_shortcut.activated.connect(self._escape)

    def _action_shortcuts(self) -> None:
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.search_action.setShortcut(QKeySequence.StandardKey.Find)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)

    # The actions offered only to a role that may do what they do, by the rights of the
    # permission matrix (app.domain.permissions.Action) that each needs one of.
    OFFERED: ClassVar[dict[str, tuple[str, ...]]] = {
        "new_action": ("CREATE_CASE",), "search_action": ("VIEW_CASE",),
        "back_action": ("VIEW_CASE",), "today_action": ("TODAY",),
        "board_action": ("BOARD",), "queue_action": ("QUEUE",)}

    def _enable_case_actions(self, enabled: bool) -> None:
        """Before sign-in nothing; after it, only what the role may do is offered at all
        (the permission matrix decides; nothing on a menu ends in "refused")."""
        # Settings stays for everyone: the language is each person's own; the rest of the
        # dialog is read-only for those who may not change it.
        self.settings_action.setEnabled(enabled)
        self.sign_out_action.setEnabled(enabled)
        for name in self.OFFERED:
            getattr(self, name).setEnabled(enabled)
        if not enabled:  # no role to ask the matrix about (nor to load it for: the window
            self.view_menu.menuAction().setVisible(True)  # shows before the procedure)
            return
        from app.domain.permissions import Action, allowed_anywhere

        role = self.role()
        for name, rights in self.OFFERED.items():
            getattr(self, name).setVisible(any(allowed_anywhere(role, Action[right])
                                               for right in rights))
        # A menu with nothing the role may open is not shown at all (the administrator's View).
        self.view_menu.menuAction().setVisible(
            any(a.isVisible() for a in self.view_menu.actions()))

    # -- start-up -----------------------------------------------------------------------------

    def start(self) -> None:
        """Bind the keys and open the database (on the pool); call once the window shows."""
        self._bind_shortcuts()
        self._started = True
        if self._early is not None:
            # While the early thread verifies the password (argon2 leaves the interpreter
            # free), this thread loads the landing page's modules: both needed next.
            self._early.window_painted()
            # The landing page first: what the first rows need, should the answer come early.
            self._ahead = [self._build_landing, self._draw_landing, preload_pages]
            self._await_early(self._early)
        elif not self._fast_pending:
            self._open()

    def _build_landing(self) -> None:
        """The queue page, empty, built while the password is checked (app.ui.landing)."""
        from app.ui.landing import empty_queue_page

        self._landing = empty_queue_page(self.pages, self)
        self.statusBar()  # where "Signed in as" goes: made now, the window laid out with it

    def _draw_landing(self) -> None:
        from app.ui.landing import draw_once

        if self._landing is not None:
            draw_once(self._landing)

    def _await_early(self, early: EarlySignIn | EarlyInChild) -> None:
        """The early thread's answer, looked for between events (a few milliseconds at most
        apart) rather than waited for: the window stays responsive meanwhile. Until it comes,
        each turn does one step of the work the first screen needs (`_ahead`): the landing
        page built empty, then drawn once offscreen, then the modules of the other pages."""
        from PySide6.QtCore import QTimer

        if early.done():
            self._early = None
            self._ahead = []
            self._fast_answered(early.answer())
            return
        if self._ahead:
            self._ahead.pop(0)()
        QTimer.singleShot(0 if self._ahead else 2, lambda: self._await_early(early)
                          if shiboken6.isValid(self) else None)

    def _fast_answered(self, fast: FastStart | None) -> None:
        if not shiboken6.isValid(self):
            return
        self._fast_pending, self.fast = False, fast
        if self._started:
            self._open()

    def _open(self) -> None:
        """The first screen from the fast path when it accepted the sign-in; the database
        layer behind it (or, without it, in front: the normal path)."""
        if self.fast is not None:
            self.started_fast = True
            self.users = list(self.fast.users)
            self._first_screen(self.fast.user.name, self.fast)
            # The rows on screen now, before the database layer loads on the pool: its
            # imports would otherwise share the interpreter with this first paint.
            paint_now(self)
        url = self._database_url
        # Once the loop has turned: what that first frame queued (and a click already
        # waiting) is handled before the database layer's imports take the interpreter.
        run_in_pool_next_turn(lambda: open_database(url), on_result=self._opened,
                              on_error=self._could_not_open)

    def _could_not_open(self, error: Exception) -> None:
        collector.resume()
        if self.fast is not None:  # the first screen came before the database: take it back
            self.fast = None
            self._undo_first_screen()
        self.waiting.setText(self.tr("The database could not be opened."))
        i18n.report_error(self, error)

    def _opened(self, result: tuple[Database, list[UserView]]) -> None:
        collector.resume()  # the code is loaded (app.ui.main.start paused it)
        self.db, self.users = result
        db = self.db
        fast = self.fast
        if fast is not None and self.users:
            # The fast path's sign-in, recorded (and asked again of the rule) by the services.
            run_in_pool(lambda: record_sign_in(db, fast.user.name, fast.verified_hash),
                        on_result=lambda _user: self._fast_recorded(),
                        on_error=self._fast_refused)
            return
        if fast is not None:  # emptied in between: start over on the normal path
            self._fast_refused(None)
            return
        if not self.users:
            from app.ui.sign_in import FirstAdministrator

            first = FirstAdministrator(lambda password: create_first_admin(db, password), self)
            first.chosen.connect(lambda _password: self._first_admin_made())
            first.rejected.connect(self.close)
            first.open()
            return
        run_in_pool(preload_pages)
        wanted = self._wanted_user or ""
        password = os.environ.get(PASSWORD_ENV, "")
        if wanted in [u.name for u in self.users] and password:
            # `loandesk --user NAME` with $LOANDESK_PASSWORD, as on the command line.
            run_in_pool(lambda: check_password(db, wanted, password),
                        on_result=lambda _: self.sign_in(wanted),
                        on_error=lambda _error: self._ask_sign_in(wanted))
            return
        unknown = wanted if wanted and wanted not in [u.name for u in self.users] else ""
        self._ask_sign_in(wanted or str(i18n.settings().value("ui/user", "")), unknown)

    def _first_admin_made(self) -> None:
        from app.services.users import list_users

        assert self.db is not None
        db = self.db
        run_in_pool(lambda: list_users(db), on_result=self._users_after_first_admin)

    def _users_after_first_admin(self, users: list[UserView]) -> None:
        from app.services.users import FIRST_ADMIN

        self.users = users
        self._ask_sign_in(FIRST_ADMIN)

    def _ask_sign_in(self, last_user: str, unknown_user: str = "") -> None:
        from app.ui.sign_in import SignIn

        assert self.db is not None
        db = self.db
        dialog = SignIn(self.users, lambda name, password: check_password(db, name, password),
                        self, last_user=last_user, unknown_user=unknown_user)
        dialog.signed_in.connect(self.sign_in)
        dialog.rejected.connect(self.close)
        dialog.open()

    def _fast_recorded(self) -> None:
        if shiboken6.isValid(self) and self.fast is not None:
            self.fast = None
            self._behind_first_screen()

    def _fast_refused(self, _error: Exception | None) -> None:
        """The services did not confirm the start-up's sign-in (a password changed or a
        lock set on another workstation meanwhile): back to the sign-in dialog."""
        if not shiboken6.isValid(self):
            return
        wanted = self.fast.user.name if self.fast is not None else ""
        self.fast = None
        self._undo_first_screen()
        if self.db is not None and self.users:
            self._ask_sign_in(wanted)

    def _undo_first_screen(self) -> None:
        self._close_pages()
        self.actor = ""
        self._enable_case_actions(False)
        self.pages.setCurrentWidget(self.waiting)

    def sign_in(self, name: str) -> None:
        self._first_screen(name, None)
        self._behind_first_screen()

    def _first_screen(self, name: str, fast: FastStart | None) -> None:
        """What the person sees first: the menus of their role, their landing page (the
        queue's first page when the fast path read one) and who is signed in. Needs the
        users, not the database (the fast path calls it before it is open)."""
        from app.domain.permissions import Action, allowed_anywhere
        from app.domain.procedure import shown_name

        self.actor = name
        i18n.settings().setValue("ui/user", name)
        user = next(u for u in self.users if u.name == name)
        self._enable_case_actions(True)
        if not allowed_anywhere(user.role, Action.VIEW_CASE):
            # The administrator does no loan work: no case list, only what they look after.
            from PySide6.QtCore import Qt

            self.no_cases = QLabel(self.tr("Cases are for the loan staff. Users, lenders, "
                                           "settings and backups: Tools → Settings."))
            self.no_cases.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.pages.addWidget(self.no_cases)
            self.pages.setCurrentWidget(self.no_cases)
        elif allowed_anywhere(user.role, Action.QUEUE):  # every role's home: the work waiting
            queue = self._new_queue()
            if fast is not None and fast.first_page is not None:
                queue.show_first_page(fast.first_page, whole=fast.whole)
            self.pages.setCurrentWidget(queue)
            queue.focus_table()
        self.who = QLabel(self.tr("Signed in as %1").replace(
            "%1", shown_name(user.display_name, zh=i18n.is_chinese())))
        self.statusBar().addWidget(self.who)

    def _behind_first_screen(self) -> None:
        """With the database open: the case list (behind the queue, or the landing page of a
        role without one), the queue's answer from the services, the scanner folder."""
        from app.domain.permissions import Action, allowed_anywhere
        from app.domain.procedure import Role
        from app.ui.case_list import CaseListPage

        assert self.db is not None
        name = self.actor
        user = next(u for u in self.users if u.name == name)
        if allowed_anywhere(user.role, Action.VIEW_CASE):
            self.case_list = CaseListPage(self.db, name, user.role, self)
            self.case_list.open_requested.connect(self.open_case)
            self.case_list.new_case_requested.connect(self.new_case)
            self.case_list.sheet_scanned.connect(self._sheet_scanned)
            if allowed_anywhere(user.role, Action.EDIT_DOCUMENTS):
                self._watch_scan_folder()
            self.case_list.set_consultants([(u.name, u.display_name) for u in self.users
                                            if u.role == Role.CONSULTANT])
            self.pages.addWidget(self.case_list)
            # Made current once (laid out at the window's size, its search focused), then
            # the queue again in the same turn of the loop: nothing is painted in between.
            self.pages.setCurrentWidget(self.case_list)
            self.case_list.focus_search()
            if self.queue is not None:
                self.queue.attach(self.db)
                self.pages.setCurrentWidget(self.queue)
                self.queue.focus_table()
        if not self._polling_started:
            self._watch_other_workstations()

    # -- other workstations -------------------------------------------------------------------

    def _watch_other_workstations(self) -> None:
        """Poll the audit trail (every change writes one row) so that what colleagues save
        on other workstations appears here without restarting."""
        from PySide6.QtCore import QTimer

        from app.services.audit import last_change_id

        assert self.db is not None
        db = self.db
        self._polling_started = True
        self.last_seen_change = 0
        run_in_pool(lambda: last_change_id(db),
                    on_result=lambda last: setattr(self, "last_seen_change", last))
        self.poll_timer = QTimer(self)
        self.poll_timer.setInterval(POLL_MS)
        self.poll_timer.timeout.connect(self.poll_changes)
        self.poll_timer.start()

    def poll_changes(self) -> None:
        from app.services.audit import changes_since

        if self.db is None or self._polling:
            return
        db, after = self.db, self.last_seen_change
        self._polling = True
        run_in_pool(lambda: changes_since(db, after), on_result=self._changes_arrived,
                    on_error=self._poll_failed)

    def _poll_failed(self, _error: Exception) -> None:
        self._polling = False  # the server may be away: the next tick tries again

    def _changes_arrived(self, changes: list[Any]) -> None:
        self._polling = False
        if not changes or not shiboken6.isValid(self):
            return
        self.last_seen_change = changes[-1].id
        theirs = [c for c in changes if c.user_name != self.actor and c.case_number]
        if not theirs or self.case_list is None:
            return
        if any(c.action == "case.create" for c in theirs) or len(theirs) > 20:
            self.case_list.model.reload()
        else:
            for number in {c.case_number for c in theirs}:
                self.case_list.model.refresh_case(number)
        from app.ui.workspace import CaseWorkspace

        changed_here = [c for c in theirs if c.case_number == self.open_number]
        if changed_here and isinstance(self.workspace, CaseWorkspace):
            self.workspace.reload()
            self.workspace.show_notice(self.tr("%1 changed this case on another workstation.")
                                       .replace("%1", changed_here[-1].user_name), "warning")

    def role(self) -> str:
        return next((u.role for u in self.users if u.name == self.actor), "")

    # -- list and workspace -------------------------------------------------------------------

    def show_list(self, *, focus: bool = True) -> None:
        if self.case_list is None:
            return
        self.pages.setCurrentWidget(self.case_list)
        if self.workspace is not None:  # one case open at a time; reopening reloads it
            self.pages.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
            self.open_number = ""
            self.setWindowTitle("LoanDesk")
        if focus:
            self.case_list.focus_search()
        else:
            self.case_list.table.setFocus()

    def _escape(self) -> None:
        current = self.pages.currentWidget()
        if current is self.workspace:
            self._back()
        elif current in (self.board, self.today, self.queue):
            self.show_list(focus=False)

    def show_board(self) -> None:
        """The manager's and finance office's view of every deal in flight."""
        from app.ui.board import BoardView

        if self.db is not None:
            self.board = self._show_page(self.board or BoardView(self.db, self.actor, self))

    def show_today(self) -> None:
        """The visits, repayment reminders and stuck cases of the person at the desk."""
        from app.ui.today import TodayView

        if self.db is not None:
            self.today = self._show_page(self.today or TodayView(self.db, self.actor, self))

    def show_queue(self) -> None:
        """The person's home: the work waiting for them, oldest first."""
        if self.db is None:
            return
        if self.queue is None:
            self._new_queue()
        assert self.queue is not None
        self._show_page(self.queue)
        self.queue.focus_table()

    def _new_queue(self) -> QueueView:
        from app.ui.queue import QueueView

        if self._landing is not None:  # the start-up's page, made ready before the sign-in
            self.queue, self._landing = self._landing, None
            self.queue.assign(self.db, self.actor)
        else:
            self.queue = QueueView(self.db, self.actor, self)
        self.queue.board_requested.connect(self.show_board)
        self.queue.list_requested.connect(self.show_list)
        self.queue.open_case.connect(self._open_at_step)
        if self.pages.indexOf(self.queue) < 0:
            self.pages.addWidget(self.queue)
        return self.queue

    def _show_page(self, page: Page) -> Page:
        """Show a page made once per session (reloaded each time): its rows open cases."""
        if self.pages.indexOf(page) < 0:
            page.open_case.connect(self._open_at_step)
            self.pages.addWidget(page)
        page.reload()
        self.pages.setCurrentWidget(page)
        return page

    def _open_at_step(self, number: str, step_id: str) -> None:
        from app.ui.workspace import CaseWorkspace

        came_from = self.pages.currentWidget()
        self.open_case(number)
        self._came_from = came_from
        if step_id and isinstance(self.workspace, CaseWorkspace):
            self.workspace.show_step(step_id)

    def open_case(self, number: str) -> None:
        if self.db is None or self.case_list is None:
            return
        self._came_from = None
        if self.workspace is not None:
            self.pages.removeWidget(self.workspace)
            self.workspace.deleteLater()
        self.workspace = self._workspace_for(number)
        self.pages.addWidget(self.workspace)
        self.pages.setCurrentWidget(self.workspace)
        self.workspace.setFocus()
        self.open_number = number
        self.setWindowTitle(f"{number} — LoanDesk")

    def _workspace_for(self, number: str) -> QWidget:
        from PySide6.QtCore import Qt

        assert self.db is not None and self.case_list is not None
        try:
            from app.ui.workspace import CaseWorkspace
        except ImportError:  # the workspace is built beside this window; until it lands:
            return QLabel(self.tr("Case %1").replace("%1", number),
                          alignment=Qt.AlignmentFlag.AlignCenter)
        workspace = CaseWorkspace(self.db, self.actor, number, self)
        workspace.changed.connect(self.case_list.model.refresh_case)
        workspace.close_requested.connect(self._back)
        return workspace

    def _back(self) -> None:
        """Closing a case returns to the page it was opened from (the queue, reloaded: what
        was done there has left it), else to the list."""
        came_from = self._came_from
        self.show_list(focus=False)  # closes the workspace
        back = {self.queue: self.show_queue, self.today: self.show_today,
                self.board: self.show_board}
        if came_from is not None and came_from in back:
            back[came_from]()

    # -- dialogs ------------------------------------------------------------------------------

    def new_case(self) -> None:
        if self.db is None:
            return
        from app.services.lenders import list_lenders

        db = self.db
        self.new_action.setEnabled(False)  # one dialog at a time, even on a double Ctrl+N
        run_in_pool(lambda: list_lenders(db), on_result=self._show_new_case,
                    on_error=self._dialog_failed)

    def _show_new_case(self, lenders: list[Any]) -> None:
        from PySide6.QtCore import Qt

        from app.ui.new_case import NewCaseDialog

        if not shiboken6.isValid(self):
            return
        assert self.db is not None
        self.new_action.setEnabled(True)
        if not lenders:
            box = QMessageBox(QMessageBox.Icon.Information, "LoanDesk", self.tr(
                "Add a lender first (Tools → Settings → Lenders)."), parent=self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            return
        self.new_case_dialog = NewCaseDialog(self.db, self.actor, lenders, self)
        self.new_case_dialog.created.connect(self._case_created)
        self.new_case_dialog.finished.connect(self.new_case_dialog.deleteLater)
        self.new_case_dialog.open()

    def _case_created(self, number: str) -> None:
        if self.case_list is not None:
            self.case_list.model.reload()
        self.open_case(number)

    def _dialog_failed(self, error: Exception) -> None:
        self.new_action.setEnabled(True)
        i18n.report_error(self, error)

    def open_print_setup(self) -> None:
        from app.ui.print_setup import PrintSetupDialog

        if self.db is None:
            return
        dialog = PrintSetupDialog(self.db, self.actor, parent=self)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
    def open_about(self) -> None:
        from app.ui.about import AboutDialog

        AboutDialog(self.db.url if self.db is not None else self._database_url, self).open()

    def closeEvent(self, event: QCloseEvent) -> None:
        collector.resume()  # closed before the database layer opened
        window_state.save_geometry(self, "main")
        super().closeEvent(event)

    def open_settings(self) -> None:
        from app.domain.permissions import Action, allowed
        from app.ui.settings_dialog import SettingsDialog

        if self.db is None:
            return
        dialog = SettingsDialog(self.db, self.actor,
                                may_administer=allowed(self.role(), Action.SETTINGS),
                                may_manage_admins=allowed(self.role(), Action.MANAGE_ADMINS),
                                parent=self)
        dialog.database_tab.restored.connect(self._database_restored)
        dialog.finished.connect(dialog.deleteLater)
        if self.inbox_watcher is not None:
            watcher = self.inbox_watcher
            dialog.finished.connect(
                lambda _result: watcher.refresh() if shiboken6.isValid(watcher) else None)
        dialog.language_changed.connect(self.apply_language)
        dialog.open()

    def _database_restored(self) -> None:
        """Everything was replaced: what the list shows is reread."""
        if self.case_list is not None:
            self.case_list.model.reload()

    # -- scanned sheets and the scanner folder (app.ui.scan_receipt, app.ui.scan_folder) ----

    def _sheet_scanned(self, code: Any) -> None:
        from app.ui.scan_receipt import open_scanned

        if self.db is not None:
            open_scanned(self, self.db, self.actor, code)

    def _watch_scan_folder(self) -> None:
        from app.ui.scan_folder import InboxWatcher

        assert self.db is not None
        self._stop_scan_folder()
        self.inbox_watcher = InboxWatcher(self.db, self.actor, self)
        self.inbox_watcher.arrived.connect(self._scans_arrived)

    def _stop_scan_folder(self) -> None:
        watcher = self.inbox_watcher
        if watcher is not None:
            watcher.stop()
            watcher.deleteLater()
            self.inbox_watcher = None

    def _scans_arrived(self, report: Any) -> None:
        """What the scanner folder filed: in the status bar, and in the open case."""
        from app.ui.scan_folder import describe
        from app.ui.workspace import CaseWorkspace

        workspace = self.workspace
        for number, text, level in describe(report):
            self.statusBar().showMessage(text, 20_000)
            if number and self.case_list is not None:
                self.case_list.model.refresh_case(number)
            if number and isinstance(workspace, CaseWorkspace) and workspace.number == number:
                workspace.show_notice(text, level)
                workspace.reload()

    # -- sign-out and language ----------------------------------------------------------------

    def _close_pages(self) -> None:
        """Every page of the signed-in person closed, their open case included."""
        for page in (self.workspace, self.case_list, self.queue, self.today, self.board,
                     self.no_cases, self._landing):  # the start-up's page, if still unused
            if page is not None:
                self.pages.removeWidget(page)
                page.deleteLater()
        self.workspace = self.case_list = self.queue = self.today = self.board = None
        self.no_cases = self._landing = None
        self._stop_scan_folder()  # the scanner folder files as whoever is signed in, so no one
        self._came_from = None
        self.open_number = ""
        self.setWindowTitle("LoanDesk")
        if self.who is not None:
            self.statusBar().removeWidget(self.who)
            self.who.deleteLater()
            self.who = None

    def sign_out(self) -> None:
        """Case → Sign out: the person's pages closed, the sign-in dialog again; no restart."""
        from app.services.users import list_users

        if self.db is None or not self.actor:
            return
        last, db = self.actor, self.db
        self._close_pages()
        self.actor = ""
        self._enable_case_actions(False)
        self.waiting.setText(self.tr("Signed out."))
        self.pages.setCurrentWidget(self.waiting)
        run_in_pool(lambda: list_users(db), on_result=lambda users: self._signed_out(users, last),
                    on_error=self._dialog_failed)

    def _signed_out(self, users: list[UserView], last: str) -> None:
        if shiboken6.isValid(self):
            self.users = users
            self._ask_sign_in(last)

    def apply_language(self, language: str) -> None:
        """Settings → Language, at once: the new catalogue installed, the menus and the pages
        built again in it, the open case opened again."""
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is None:
            return
        i18n.remember_language(language)
        i18n.install(app, language)
        self.menuBar().clear()
        self._actions()
        self._action_shortcuts()
        self._enable_case_actions(bool(self.actor))
        self.waiting.setText(self.tr("Opening the database…"))
        if not self.actor:
            return
        number, on_list = self.open_number, self.pages.currentWidget() is self.case_list
        self._close_pages()
        self.sign_in(self.actor)
        if number:
            self.open_case(number)
        elif on_list:
            self.show_list()
