"""The case's audit rows, newest first, in words a person reads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from app.domain.procedure import DOCUMENT_KINDS, GATES, PARTY_TITLES, TASKS, Party
from app.store.models import AuditEntry
from app.ui import i18n

COL_WHEN, COL_WHO, COL_ACTION, COL_DETAILS = range(4)
AnyIndex = QModelIndex | QPersistentModelIndex


class HistoryModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[AuditEntry] = []
        self.names: dict[str, str] = {}
        self.this_year = datetime.now().year

    def set_entries(self, entries: list[AuditEntry], names: dict[str, str]) -> None:
        self.beginResetModel()
        self.entries = entries
        self.names = names
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("When"), self.tr("Who"), self.tr("What"), self.tr("Details"))[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            column = index.column()
            if column == COL_WHEN:
                at = entry.at.astimezone()
                if role == Qt.ItemDataRole.DisplayRole and at.year == self.this_year:
                    return at.strftime("%m-%d %H:%M")  # the narrow side panel needs the room
                return at.strftime("%Y-%m-%d %H:%M")
            if column == COL_WHO:
                return self.names.get(entry.user_name, entry.user_name)
            if column == COL_ACTION:
                return self.action(entry.action)
            return self.details(entry.detail or {}, with_files=role == Qt.ItemDataRole.ToolTipRole)
        return None

    def action(self, action: str) -> str:
        return {
            "case.create": self.tr("case opened"), "case.update": self.tr("case changed"),
            "task.done": self.tr("task done"), "task.undo": self.tr("task taken back"),
            "gate.override": self.tr("gate overridden"),
            "document.add": self.tr("document added"),
            "document.content": self.tr("document details"),
            "document.remove": self.tr("document removed"),
            "form.issue": self.tr("form issued"), "form.reprint": self.tr("form reprinted"),
            "form.receipt": self.tr("copy received"),
            "dossier.build": self.tr("credit dossier built"),
        }.get(action, action)

    def details(self, detail: dict[str, Any], *, with_files: bool = False) -> str:
        parts: list[str] = []
        if "task" in detail and detail["task"] in TASKS:
            parts.append(i18n.text(TASKS[detail["task"]].title))
        if "gate" in detail and detail["gate"] in GATES:
            parts.append(i18n.text(GATES[detail["gate"]].title))
        if detail.get("kind") in DOCUMENT_KINDS:
            title = i18n.text(DOCUMENT_KINDS[detail["kind"]].title)
            party = detail.get("party")
            if party == Party.SPOUSE.value:
                title = f"{i18n.text(PARTY_TITLES[Party.SPOUSE])} {title}"
            parts.append(title)
        # File names are long single words that cannot wrap: the tooltip shows them.
        files = "\n".join(map(str, detail.get("files") or ())) if with_files else ""
        for key in ("values", "after"):
            if isinstance(detail.get(key), dict) and detail[key]:
                parts.append(", ".join(f"{k}={v}" for k, v in detail[key].items()
                                       if not isinstance(v, dict)))
        if isinstance(detail.get("changes"), dict):
            parts.append(", ".join(f"{k}: {v.get('from')} → {v.get('to')}"
                                   for k, v in detail["changes"].items()
                                   if isinstance(v, dict)))
        for key in ("serial", "copy"):
            if detail.get(key):
                parts.append(str(detail[key]))
        if detail.get("form"):
            parts.append(str(detail["form"]))
        if detail.get("draft"):
            parts.append(self.tr("draft"))
        if detail.get("reason"):
            parts.append(self.tr("reason: {0}").format(detail["reason"]))
        return " · ".join(p for p in parts if p) + (f"\n{files}" if files else "")


class HistoryView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = HistoryModel(self)
        self.setModel(self.model_)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(COL_WHEN, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_WHO, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_ACTION, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        # Details wrap: row heights follow the width the details column really has, which is
        # only known once the tab is shown or the splitter moves.
        header.sectionResized.connect(lambda *_: self.resizeRowsToContents())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.resizeRowsToContents()

    def show_entries(self, entries: list[AuditEntry], names: dict[str, str]) -> None:
        self.model_.set_entries(entries, names)
        self.resizeRowsToContents()
