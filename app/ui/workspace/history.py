"""The case's audit rows, newest first, in words a person reads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from app.domain.errors import Text
from app.domain.history import history_line
from app.domain.procedure import shown_name
from app.services import forms as form_service
from app.services.case_records import HistoryEntry as AuditEntry
from app.ui import i18n

COL_WHEN, COL_WHAT = range(2)
AnyIndex = QModelIndex | QPersistentModelIndex


def form_titles() -> dict[str, Text]:
    """The forms' titles in both languages (forms/*.toml), for the history's sentences."""
    return {f.id: Text(f.title_en or f.title, f.title) for f in form_service.forms().values()}


class HistoryModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[AuditEntry] = []
        self.names: dict[str, str] = {}
        self.this_year = datetime.now().year
        self._forms: dict[str, Text] | None = None
        self.serial_forms: dict[str, str] = {}  # an issued form's serial → its form id

    def set_entries(self, entries: list[AuditEntry], names: dict[str, str],
                    serial_forms: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        self.entries = entries
        self.names = names
        self.serial_forms = serial_forms or {}
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("When"), self.tr("What happened"))[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == COL_WHEN:
                at = entry.at.astimezone()
                if role == Qt.ItemDataRole.DisplayRole and at.year == self.this_year:
                    return at.strftime("%m-%d %H:%M")  # the narrow side panel needs the room
                return at.strftime("%Y-%m-%d %H:%M")
            line = self.line(entry)
            if role == Qt.ItemDataRole.ToolTipRole:
                # File names are long single words that cannot wrap: the tooltip shows them.
                files = (entry.detail or {}).get("files") or ()
                return "\n".join([line, *map(str, files)])
            return line
        return None

    def line(self, entry: AuditEntry) -> str:
        """The row as a sentence, in words from the domain (app.domain.history)."""
        if self._forms is None:
            self._forms = form_titles()
        zh = i18n.is_chinese()
        who = shown_name(self.names.get(entry.user_name, entry.user_name), zh=zh)
        detail = dict(entry.detail or {})
        if "form" not in detail and str(detail.get("serial")) in self.serial_forms:
            detail["form"] = self.serial_forms[str(detail["serial"])]  # a copy's receipt
        return history_line(who, entry.action, detail, zh=zh, form_titles=self._forms)


class _SentenceDelegate(QStyledItemDelegate):
    """Room for every wrapped line: the delegate measures with the UI font's line height,
    but a line with Chinese is drawn in the taller CJK fallback font, and a row a few pixels
    short shows one line and "…" instead of two."""

    def sizeHint(self, option: QStyleOptionViewItem, index: AnyIndex) -> QSize:
        hint = super().sizeHint(option, index)
        line = max(1, option.fontMetrics.lineSpacing())
        lines = max(1, round(hint.height() / line))
        return QSize(hint.width(), hint.height() + lines * max(2, line // 3))


class HistoryView(QTableView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = HistoryModel(self)
        self.setModel(self.model_)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(True)
        self.setItemDelegate(_SentenceDelegate(self))
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(COL_WHEN, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        # The sentence wraps within the panel's width: never a sideways scrollbar.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Sentences wrap: each row is as tall as its sentence needs at the width the column
        # really has, kept so by the header whenever the tab shows or the splitter moves.
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The delegate measures a wrapped sentence without the style sheet's cell padding, so
        # with padding a sentence just short of two lines would be cut ("…"): none here.
        self.setStyleSheet("QTableView::item { padding: 0px; }")

    def show_entries(self, entries: list[AuditEntry], names: dict[str, str],
                     serial_forms: dict[str, str] | None = None) -> None:
        self.model_.set_entries(entries, names, serial_forms)
