"""The ten steps down the side, each with its state from the checklist."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from app.domain.checklist import Checklist, StepState
from app.domain.procedure import STEPS
from app.ui import i18n

# Colour and mark per state: done is quiet, blocked is loud, waiting is grey.
STATE_LOOK: dict[StepState, tuple[str, str]] = {
    StepState.DONE: ("✓", "#2e7d32"),
    StepState.CURRENT: ("▶", "#1565c0"),
    StepState.OPEN: ("○", "#37474f"),
    StepState.WAITING: ("◦", "#757575"),
    StepState.BLOCKED: ("✕", "#c62828"),
}


class Stepper(QListWidget):
    step_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setSpacing(1)
        self.setUniformItemSizes(False)
        for step in STEPS:
            item = QListWidgetItem(self)
            item.setData(Qt.ItemDataRole.UserRole, step.id)
            item.setSizeHint(QSize(0, 44))
        self.currentItemChanged.connect(self._chosen)

    def state_title(self, state: StepState) -> str:
        return {
            StepState.DONE: self.tr("done"),
            StepState.CURRENT: self.tr("current"),
            StepState.OPEN: self.tr("open"),
            StepState.WAITING: self.tr("waiting"),
            StepState.BLOCKED: self.tr("blocked"),
        }[state]

    def show_checklist(self, checklist: Checklist) -> None:
        for row, step in enumerate(STEPS):
            status = checklist.step_status(step.id)
            mark, colour = STATE_LOOK[status.state]
            item = self.item(row)
            item.setText(f"{mark} {step.number}. {i18n.text(step.title)}\n    "
                         f"{self.state_title(status.state)}")
            item.setForeground(QBrush(QColor(colour)))
            item.setToolTip(i18n.text(status.reason))
            font = item.font()
            font.setBold(status.state in (StepState.CURRENT, StepState.BLOCKED))
            item.setFont(font)

    def select(self, step_id: str) -> None:
        for row in range(self.count()):
            if self.item(row).data(Qt.ItemDataRole.UserRole) == step_id:
                if self.currentRow() != row:
                    self.setCurrentRow(row)
                return

    def _chosen(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.step_chosen.emit(current.data(Qt.ItemDataRole.UserRole))
