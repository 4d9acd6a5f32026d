"""The case workspace: header, the ten steps, the chosen step's page, what's missing, history.

Everything shown comes from one `load_view` on the pool; every change goes through a service
on the pool and then reloads the whole view, so what is on screen is what the database says.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.permissions import Action
from app.domain.procedure import LAST_STEP_ID, STEPS_BY_ID
from app.services import cases
from app.store.db import Database
from app.ui import i18n, window_state
from app.ui.workspace.context import CaseContext
from app.ui.workspace.document_import import DocumentImport
from app.ui.workspace.document_slot import local_files
from app.ui.workspace.header import CaseHeader
from app.ui.workspace.history import HistoryView
from app.ui.workspace.loading import CaseView, load_view
from app.ui.workspace.missing_panel import MissingPanel
from app.ui.workspace.step_page import StepPage
from app.ui.workspace.stepper import Stepper

NOTICE_COLOURS = {"info": ("#e3f2fd", "#0d47a1"), "warning": ("#fff8e1", "#8d5a00"),
                  "error": ("#ffebee", "#b71c1c")}


class CaseWorkspace(QWidget):
    changed = Signal(str)  # the case number, after any change made here
    close_requested = Signal()

    def __init__(self, db: Database, actor: str, number: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = CaseContext(db, actor, number)
        self.ctx.setParent(self)
        self.ctx.changed.connect(self._changed)
        self.ctx.notice.connect(self.show_notice)
        self.view: CaseView | None = None
        self.step_id: str | None = None
        self.page: StepPage | None = None
        self.importer: DocumentImport | None = None
        self._pending_highlight: tuple[str, str, str] | None = None
        self.setAcceptDrops(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        self.header = CaseHeader(self)
        self.header.back.clicked.connect(self.close_requested)
        self.header.reveal.clicked.connect(self.reveal_ids)
        layout.addWidget(self.header)
        self.notice = QLabel(self)
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.hide()
        layout.addWidget(self.notice)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.stepper = Stepper(splitter)
        self.stepper.step_chosen.connect(self.show_step)
        self.pages = QStackedWidget(splitter)
        self.loading = QLabel(self.tr("Loading the case…"), self.pages)
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages.addWidget(self.loading)
        self.side = QTabWidget(splitter)
        self.missing = MissingPanel(self.side)
        self.missing.item_chosen.connect(self.go_to_item)
        self.history = HistoryView(self.side)
        self.side.addTab(self.missing, self.tr("What's missing"))
        self.side.addTab(self.history, self.tr("History"))
        splitter.addWidget(self.stepper)
        splitter.addWidget(self.pages)
        splitter.addWidget(self.side)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([190, 780, 360])
        splitter.setChildrenCollapsible(False)
        window_state.keep_splitter(splitter, "workspace")  # the widths the person chose
        layout.addWidget(splitter, 1)

        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_requested.emit)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.reload)
        self.reload()

    # -- loading ------------------------------------------------------------------------------

    @property
    def number(self) -> str:
        return self.ctx.number

    def reload(self) -> None:
        ctx = self.ctx
        ctx.run(lambda: load_view(ctx.db, ctx.actor, ctx.number), self._loaded, owner=self,
                on_error=self._load_failed)

    def reveal_ids(self) -> None:
        """Full ID numbers in the header, for this look only; the service audits it."""
        ctx = self.ctx
        ctx.run(lambda: cases.get_case(ctx.db, ctx.actor, ctx.number, reveal=True),
                self._revealed, owner=self)

    def _revealed(self, detail: cases.CaseDetail) -> None:
        self.header.show_people(detail)
        self.header.reveal.hide()

    def _load_failed(self, error: Exception) -> None:
        self.loading.setText(self.tr("The case cannot be shown: {0}").format(
            i18n.error_text(error)))
        self.pages.setCurrentWidget(self.loading)

    def _loaded(self, view: CaseView) -> None:
        old, self.view = self.view, view
        self.ctx.role = view.role
        self.ctx.own = view.detail.consultant.name == self.ctx.actor
        self.header.show_case(view, may_reveal=self.ctx.may(Action.REVEAL_ID))
        checklist = view.detail.checklist
        self.stepper.show_checklist(checklist)
        self.missing.show_checklist(checklist)
        # Only what changed is redrawn: the read model is frozen dataclasses, so "the same"
        # is plain equality (a poll or F5 with nothing new keeps the page, its scroll and its
        # decoded thumbnails).
        if old is None or (old.history, old.display_names, old.issued) != \
                (view.history, view.display_names, view.issued):
            self.history.show_entries(view.history, view.display_names,
                                      {r.serial: r.form_id for r in view.issued})
        if self.page is None or old is None or replace(old, history=[]) != \
                replace(view, history=[]):
            self.show_step(self.step_id or checklist.current_step or LAST_STEP_ID)

    def _changed(self) -> None:
        self.reload()
        self.changed.emit(self.ctx.number)

    # -- steps -----------------------------------------------------------------------------------

    def show_step(self, step_id: str) -> None:
        """Show the page of `step_id` (rebuilt from the latest load)."""
        self.step_id = step_id
        self.stepper.select(step_id)
        if self.view is None:
            return
        scroll = 0
        old = self.page
        if old is not None and old.step.id == step_id:
            scroll = old.verticalScrollBar().value()
        self.page = StepPage(STEPS_BY_ID[step_id], self.view, self.ctx, self.pages)
        self.pages.addWidget(self.page)
        self.pages.setCurrentWidget(self.page)
        if old is not None:
            self.pages.removeWidget(old)
            old.deleteLater()
        self.page.verticalScrollBar().setValue(scroll)
        if self._pending_highlight is not None:
            self.page.highlight(*self._pending_highlight)
            self._pending_highlight = None

    def go_to_item(self, step_id: str, what: str, item_id: str, party: str) -> None:
        self._pending_highlight = (what, item_id, party)
        self.show_step(step_id)

    # -- notices ---------------------------------------------------------------------------------

    def show_notice(self, text: str, level: str = "info") -> None:
        background, colour = NOTICE_COLOURS.get(level, NOTICE_COLOURS["info"])
        self.notice.setStyleSheet(f"background: {background}; color: {colour}; "
                                  "padding: 4px 8px; border-radius: 3px")
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    # -- files dropped anywhere on the case ---------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_files(event) and self.view is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_files(event)
        if paths:
            event.acceptProposedAction()
            self.add_files(paths)

    def add_files(self, paths: list[Path]) -> DocumentImport | None:
        """Files dropped outside a slot: ask which document they are, then import them."""
        if self.view is None:
            return None
        items = [i for i in self.view.detail.checklist.items if i.what == "document"]
        # The current step's documents first: that is what the consultant is collecting.
        items.sort(key=lambda i: (i.step != self.step_id, STEPS_BY_ID[i.step].number))
        titles = [f"{STEPS_BY_ID[i.step].number}. {i18n.text(i.title)}" for i in items]
        choice, ok = QInputDialog.getItem(
            self, self.tr("Which document?"),
            self.tr("{0} file(s) dropped. Which document are they?").format(len(paths)),
            titles, 0, False)
        if not ok or choice not in titles:
            return None
        item = items[titles.index(choice)]
        self.importer = DocumentImport(self.ctx, item.id, item.party.value, paths, self)
        self.importer.start()
        return self.importer
