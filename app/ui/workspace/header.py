"""The case at a glance: who, which car, which lender, what the loan costs, where it stands."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QWidget

from app.domain.money import format_money
from app.domain.procedure import STEPS_BY_ID
from app.services.cases import CaseDetail
from app.ui import i18n
from app.ui.workspace.loading import CaseView


def _percent(fraction: object) -> str:
    return f"{float(str(fraction)) * 100:.2f}%"


class CaseHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.back = QPushButton(self.tr("← Cases"), self)
        self.back.setToolTip(self.tr("Back to the case list (Esc)"))
        self.number = QLabel(self)
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.number.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.number.setFont(font)
        self.customer = QLabel(self)
        self.vehicle = QLabel(self)
        self.loan = QLabel(self)
        self.people = QLabel(self)
        # Full ID numbers on request, for the roles that may reveal them (audited).
        self.reveal = QPushButton(self.tr("Show full ID numbers"), self)
        self.reveal.setObjectName("reveal_ids")
        self.reveal.setToolTip(self.tr("Recorded in the case history"))
        self.reveal.hide()
        for label in (self.customer, self.vehicle, self.loan, self.people):
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            # Wrapped, so a long name, car or loan line never makes the window wider than a
            # 1366-pixel screen (a label that does not wrap asks for its whole line).
            label.setWordWrap(True)
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setHorizontalSpacing(18)
        grid.addWidget(self.back, 0, 0)
        grid.addWidget(self.number, 0, 1)
        grid.addWidget(self.customer, 0, 2)
        grid.addWidget(self.people, 0, 3)
        grid.addWidget(self.loan, 1, 2, 1, 2)
        grid.setColumnStretch(2, 1)
        grid.setColumnStretch(3, 1)
        grid.addWidget(self.vehicle, 1, 0, 1, 2)
        grid.addWidget(self.reveal, 0, 4)

    def show_case(self, view: CaseView, *, may_reveal: bool = False) -> None:
        d = view.detail
        data = d.data
        self.number.setText(d.number)
        self.show_people(d)
        self.reveal.setVisible(may_reveal)
        v = data.vehicle
        plate = f" · {escape(v.plate)}" if v.plate else ""
        self.vehicle.setText(self.tr("{0} {1} {2} · VIN {3}{4}").format(
            escape(v.brand), escape(v.model), escape(v.color), escape(v.vin), plate))
        s = d.schedule
        # APR (PBoC 〔2021〕 No. 3) must be at least as prominent as the nominal rate: both are
        # bold here, the APR first.
        self.loan.setText(self.tr(
            "{0} · loan {1}, {2} months · monthly <b>{3}</b> · "
            "<b>APR {4}</b> · <b>rate {5}</b> · LTV {6}").format(
            escape(data.loan.lender), format_money(data.loan.amount), data.loan.term_months,
            s.monthly_text,
            _percent(s.apr), _percent(data.loan.annual_rate), _percent(d.ltv)))
        step_id = d.checklist.current_step
        if step_id is None:
            where = self.tr("all steps done")
        else:
            step = STEPS_BY_ID[step_id]
            where = self.tr("step {0} {1}").format(step.number, escape(i18n.text(step.title)))
        self.people.setText(self.tr("consultant {0} · now at <b>{1}</b>").format(
            escape(d.consultant.display_name), where))

    def show_people(self, d: CaseDetail) -> None:
        """The customer (and spouse) line: masked as loaded, full after an audited reveal
        (mask_id leaves a masked number as it is)."""
        data = d.data
        spouse = ""
        if data.spouse is not None:
            spouse = self.tr(" · spouse {0} {1}").format(
                escape(data.spouse.name), escape(data.spouse.id_number))
        self.customer.setText(self.tr("<b>{0}</b> {1} · {2}{3}").format(
            escape(data.customer.name), escape(data.customer.id_number),
            escape(data.customer.phone), spouse))
