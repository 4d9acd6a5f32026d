"""Every open requirement of the case, each a click away from where it is resolved."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app.domain.checklist import Checklist, Item, State
from app.domain.procedure import STEPS_BY_ID
from app.ui import i18n

COLOURS = {State.MISSING: "#ef6c00", State.INVALID: "#c62828", State.WAITING: "#757575"}
ITEM_ROLE = Qt.ItemDataRole.UserRole


class MissingPanel(QWidget):
    # step id, "document" or "task", kind or task id, party
    item_chosen = Signal(str, str, str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setWordWrap(True)
        self.tree.setIndentation(10)
        self.tree.itemActivated.connect(self._chosen)
        self.tree.itemClicked.connect(self._chosen)
        layout.addWidget(self.tree, 1)
        self.entries: list[QTreeWidgetItem] = []

    def show_checklist(self, checklist: Checklist) -> None:
        self.tree.clear()
        self.entries = []
        open_items = checklist.open_items
        now = [i for i in open_items if i.state is not State.WAITING]
        later = [i for i in open_items if i.state is State.WAITING]
        if not open_items:
            self.summary.setText(self.tr("Nothing is missing: every step is done."))
            return
        self.summary.setText(self.tr("{0} to do now, {1} waiting for earlier steps").format(
            len(now), len(later)))
        # What can be done now is open; what waits for an earlier step stays folded away.
        for title, items, expanded in ((self.tr("To do now ({0})"), now, True),
                                       (self.tr("Waiting ({0})"), later, False)):
            if not items:
                continue
            group = QTreeWidgetItem(self.tree, [title.format(len(items))])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            for item in items:
                self._add(group, item)
            group.setExpanded(expanded)

    def _add(self, group: QTreeWidgetItem, item: Item) -> None:
        step = STEPS_BY_ID[item.step]
        entry = QTreeWidgetItem(group, [f"{step.number}. {i18n.text(item.title)}\n"
                                        f"    {i18n.text(item.reason)}"])
        entry.setForeground(0, QBrush(QColor(COLOURS[item.state])))
        # The tooltip carries the whole reason: a long one is cut at the panel's edge.
        entry.setToolTip(0, f"{i18n.text(item.title)}\n{i18n.text(item.reason)}\n" + self.tr(
            "Step {0} {1}: click to go there").format(step.number, i18n.text(step.title)))
        entry.setData(0, ITEM_ROLE, (item.step, item.what, item.id, item.party.value))
        self.entries.append(entry)

    def items(self) -> list[str]:
        return [e.text(0) for e in self.entries]

    def choose(self, index: int) -> None:
        self._chosen(self.entries[index])

    def _chosen(self, entry: QTreeWidgetItem) -> None:
        where = entry.data(0, ITEM_ROLE)
        if where:
            self.item_chosen.emit(*where)
