"""One step of the procedure: where it stands, its tasks, its documents, its forms."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.checklist import StepState, gate_title
from app.domain.permissions import Action
from app.domain.procedure import Step
from app.services import tasks as task_service
from app.ui import i18n
from app.ui.workspace.context import CaseContext
from app.ui.workspace.custody_box import CustodyBox
from app.ui.workspace.document_slot import DocumentSlot
from app.ui.workspace.forms_bar import FormsBar
from app.ui.workspace.loading import CaseView
from app.ui.workspace.stepper import STATE_LOOK
from app.ui.workspace.task_row import TaskRow

HIGHLIGHT_MS = 2500


class StepPage(QScrollArea):
    def __init__(self, step: Step, view: CaseView, ctx: CaseContext,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.step = step
        self.view = view
        self.ctx = ctx
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 6, 10, 10)
        self.setWidget(body)

        status = view.detail.checklist.step_status(step.id)
        title = QLabel(self.tr("Step {0}: {1}").format(step.number, i18n.text(step.title)), body)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        layout.addWidget(title)
        mark, colour = STATE_LOOK[status.state]
        self.status = QLabel(f"{mark} {i18n.text(status.reason)}", body)
        self.status.setObjectName("step_status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        weight = "bold" if status.state in (StepState.BLOCKED, StepState.WAITING) else "normal"
        self.status.setStyleSheet(f"color: {colour}; font-weight: {weight}")
        layout.addWidget(self.status)

        # Release and registration: the originals still at the registration office.
        if view.originals_out and step.shows_originals_out:
            lines = [self.tr("{0} with {1} since {2}").format(
                i18n.text(o.title), o.holder, f"{o.out_at.astimezone():%Y-%m-%d}")
                for o in view.originals_out]
            self.originals = QLabel(self.tr("Originals out of the dealership:") + "\n"
                                    + "\n".join(lines), body)
            self.originals.setObjectName("originals_out")
            self.originals.setTextFormat(Qt.TextFormat.PlainText)
            self.originals.setWordWrap(True)
            self.originals.setStyleSheet("color: #ef6c00")
            layout.addWidget(self.originals)

        self.task_rows: dict[str, TaskRow] = {}
        tasks_box = QGroupBox(self.tr("Tasks"), body)
        tasks_layout = QVBoxLayout(tasks_box)
        for task_ in step.tasks:
            row = TaskRow(task_, view, ctx, tasks_box)
            self.task_rows[task_.id] = row
            tasks_layout.addWidget(row)
        self.override_buttons: dict[str, QPushButton] = {}
        for gate_id in self._closed_gates():
            tasks_layout.addLayout(self._override_row(gate_id, tasks_box))
        layout.addWidget(tasks_box)

        # Forms before documents: a few buttons that would otherwise sit below the fold.
        if step.forms or step.makes_dossier:
            forms_box = QGroupBox(self.tr("Forms"), body)
            forms_layout = QVBoxLayout(forms_box)
            self.forms = FormsBar(step, view, ctx, forms_box)
            forms_layout.addWidget(self.forms)
            layout.addWidget(forms_box)

        if step.originals:
            self.custody = CustodyBox(view, ctx, body)
            layout.addWidget(self.custody)

        self.slots: list[DocumentSlot] = []
        items = [i for i in view.detail.checklist.items
                 if i.step == step.id and i.what == "document"]
        if items:
            docs_box = QGroupBox(self.tr("Documents"), body)
            docs_layout = QVBoxLayout(docs_box)
            for item in items:
                slot = DocumentSlot(item, view, ctx, docs_box)
                self.slots.append(slot)
                docs_layout.addWidget(slot)
            layout.addWidget(docs_box)

        layout.addStretch(1)

    def _closed_gates(self) -> list[str]:
        gates = []
        for task_ in self.step.tasks:
            if task_.gate and task_.gate in self.view.closed_gates \
                    and task_.id not in self.view.detail.tasks and task_.gate not in gates:
                gates.append(task_.gate)
        return gates

    def _override_row(self, gate_id: str, parent: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        why = i18n.text(self.view.closed_gates[gate_id])
        label = QLabel(self.tr("Gate closed: {0} — {1}").format(
            i18n.text(gate_title(gate_id)), why), parent)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setStyleSheet("color: #c62828")
        row.addWidget(label, 1)
        if self.ctx.may(Action.OVERRIDE_GATE):
            button = QPushButton(self.tr("Override gate…"), parent)
            button.setObjectName(f"override_{gate_id}")
            button.clicked.connect(lambda _=False, g=gate_id: self.override(g))
            self.override_buttons[gate_id] = button
            row.addWidget(button)
        return row

    def override(self, gate_id: str) -> None:
        reason, ok = QInputDialog.getMultiLineText(
            self, self.tr("Override gate"),
            self.tr("Open the gate “{0}” for this case only.\nThe reason is kept in the case "
                    "history (at least 10 characters):").format(i18n.text(gate_title(gate_id))))
        if not ok:
            return
        self.ctx.run(lambda: task_service.override_gate(
            self.ctx.db, self.ctx.actor, self.ctx.number, gate_id, reason=reason),
            lambda _: self.ctx.tell(self.tr("Gate opened; the reason is in the case history.")),
            changes=True)

    def highlight(self, what: str, item_id: str, party: str) -> QWidget | None:
        """Scroll to the task or slot that resolves an open item and mark it for a moment."""
        target: QWidget | None = None
        if what == "task":
            target = self.task_rows.get(item_id)
        else:
            target = next((s for s in self.slots
                           if s.item.id == item_id and s.item.party.value == party), None)
        if target is None:
            return None
        self.ensureWidgetVisible(target, 0, 40)
        if isinstance(target, DocumentSlot):
            target.highlight(True)
            QTimer.singleShot(HIGHLIGHT_MS, self, lambda t=target: t.highlight(False))
        else:
            target.setStyleSheet("TaskRow { background: #fff8e1; border: 2px solid #ffb300; }")
            QTimer.singleShot(HIGHLIGHT_MS, self, lambda t=target: t.setStyleSheet(""))
        return target
