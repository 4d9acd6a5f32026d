"""New case: customer, spouse (when married), vehicle, lender and loan terms on one screen.

Every field is checked as it is typed by the domain's own validators and says beside itself
what is wrong. The loan figures (monthly payment, total interest, APR, loan-to-value) are
worked out by the domain on every change, instantly; the whole case is checked by
`preview_loan` on the thread pool, and OK stays disabled, with the reason shown, until it
passes. OK creates the case through `create_case`, the same door the CLI uses.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import InvalidInput
from app.domain.money import (
    MAX_TERM_MONTHS,
    check_loan,
    format_money,
    loan_to_value,
    repayment_schedule,
    to_money,
)
from app.services.cases import create_case, preview_loan
from app.services.lenders import LenderView
from app.store.db import Database
from app.ui import i18n, style
from app.ui.id_card_reader import add_id_card_readers, unconfirmed_fields
from app.ui.new_case_fields import CHECKS, FieldRow
from app.ui.workers import run_in_pool

PREVIEW_DELAY_MS = 200

class NewCaseDialog(QDialog):
    """`created(number)` is emitted once the case exists."""

    created = Signal(str)

    def __init__(self, db: Database, actor: str, lenders: list[LenderView],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db, self._actor = db, actor
        self._lenders = {lender.name: lender for lender in lenders}
        self.rows: dict[str, FieldRow] = {}
        self._touched: set[str] = set()
        self._down_payment_typed = False
        self._generation = 0
        self._whole_case_ok = False
        self.setWindowTitle(self.tr("New case"))
        self._build()
        self._preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)
        self._connect()
        self.id_readers = add_id_card_readers(self)  # "Read ID card…" (loandesk[ocr])
        self._marital_changed()
        self.update_figures()
        self.refresh_preview()

    # -- layout -------------------------------------------------------------------------------

    def _line(self, form: QFormLayout, field: str, label: str, placeholder: str = "") -> QLineEdit:
        editor = QLineEdit()
        editor.setPlaceholderText(placeholder)
        self._add(form, field, label, editor)
        return editor

    def _add(self, form: QFormLayout, field: str, label: str, editor: QWidget) -> None:
        row = FieldRow(editor)
        self.rows[field] = row
        form.addRow(label, row)

    def _group(self, title: str) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return box, form

    def _build(self) -> None:
        customer, form = self._group(self.tr("Customer"))
        self._line(form, "customer.name", self.tr("Name"))
        self._line(form, "customer.id_number", self.tr("ID number"), "11010519491231002X")
        self._line(form, "customer.phone", self.tr("Mobile"), "13800138000")
        self.marital = QComboBox()
        for status, title in (("married", self.tr("Married")), ("single", self.tr("Single")),
                              ("divorced", self.tr("Divorced")), ("widowed", self.tr("Widowed"))):
            self.marital.addItem(title, status)
        self._add(form, "customer.marital_status", self.tr("Marital status"), self.marital)
        self._line(form, "customer.address", self.tr("Address"))
        self._line(form, "customer.employer", self.tr("Employer"))
        self.self_employed = QCheckBox(self.tr("Self-employed"))
        form.addRow("", self.self_employed)
        self.spouse_box, form = self._group(self.tr("Spouse"))
        self._line(form, "spouse.name", self.tr("Name"))
        self._line(form, "spouse.id_number", self.tr("ID number"))
        self._line(form, "spouse.phone", self.tr("Mobile"), self.tr("optional"))

        vehicle, form = self._group(self.tr("Vehicle"))
        self._line(form, "vehicle.brand", self.tr("Brand"), self.tr("e.g. 大众"))
        self._line(form, "vehicle.model", self.tr("Model"))
        self._line(form, "vehicle.vin", self.tr("VIN"), "LVSHCAMB1CE054249")
        self._line(form, "vehicle.engine_number", self.tr("Engine number"))
        self._line(form, "vehicle.color", self.tr("Colour"))
        self._line(form, "vehicle.price", self.tr("Price (¥)"), "200000")
        self.new_energy = QCheckBox(self.tr("New-energy vehicle"))
        self.used = QCheckBox(self.tr("Used car"))
        form.addRow("", self.new_energy)
        form.addRow("", self.used)

        loan, form = self._group(self.tr("Loan"))
        self.lender = QComboBox()
        self.lender.addItems(list(self._lenders))
        self._add(form, "loan.lender", self.tr("Lender"), self.lender)
        self._line(form, "loan.amount", self.tr("Loan amount (¥)"))
        self.down_payment = self._line(form, "loan.down_payment", self.tr("Down payment (¥)"))
        self.term = QSpinBox()
        self.term.setRange(1, MAX_TERM_MONTHS)
        self.term.setValue(36)
        self.term.setSuffix(self.tr(" months"))
        self._add(form, "loan.term_months", self.tr("Term"), self.term)
        self.rate = QDoubleSpinBox()
        self.rate.setRange(0, 36)
        self.rate.setDecimals(2)
        self.rate.setValue(4.99)
        self.rate.setSuffix(" %")
        self._add(form, "loan.annual_rate", self.tr("Nominal yearly rate"), self.rate)
        self.method = QComboBox()
        self.method.addItem(self.tr("Level payment (等额本息)"), "equal_installment")
        self.method.addItem(self.tr("Equal principal (等额本金)"), "equal_principal")
        self._add(form, "loan.method", self.tr("Repayment"), self.method)
        self._line(form, "loan.fees", self.tr("Fees (¥)"), "0")

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Create case"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.status = QLabel()
        self.status.setObjectName(style.REFUSAL)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)

        grid = QGridLayout()
        grid.addWidget(customer, 0, 0)
        grid.addWidget(self.spouse_box, 1, 0)
        grid.addWidget(vehicle, 0, 1, 2, 1)
        grid.addWidget(loan, 0, 2)
        grid.addWidget(self._figures_box(), 1, 2)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        grid.setRowStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(1100)
        self._follow_the_form()

    def _follow_the_form(self) -> None:
        """Tab goes down each section in the order a person fills it in."""
        chain: list[QWidget] = []
        for field, row in self.rows.items():
            chain.append(row.editor)
            if field == "customer.employer":
                chain.append(self.self_employed)
            if field == "vehicle.price":
                chain += [self.new_energy, self.used]
        chain += [self.ok_button, self.buttons.button(QDialogButtonBox.StandardButton.Cancel)]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _figures_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("What the customer pays"))
        grid = QGridLayout(box)
        self.monthly = QLabel("—")
        self.apr = QLabel("—")  # PBoC 〔2021〕 No. 3: the APR as prominent as any monthly figure
        for column, (caption, label) in enumerate(((self.tr("Monthly payment"), self.monthly),
                                                   (self.tr("APR (annualised, IRR)"), self.apr))):
            label.setObjectName(style.FIGURE)
            title = QLabel(caption)
            title.setObjectName(style.FIGURE_CAPTION)
            grid.addWidget(title, 0, column)
            grid.addWidget(label, 1, column)
        self.interest = QLabel("—")
        self.ltv = QLabel("—")
        for row, (caption, label) in enumerate(((self.tr("Total interest"), self.interest),
                                                (self.tr("Loan-to-value"), self.ltv)), start=2):
            title = QLabel(caption)
            title.setObjectName(style.FIGURE_CAPTION)
            grid.addWidget(title, row, 0)
            grid.addWidget(label, row, 1)
        self.refusal = QLabel()
        self.refusal.setObjectName(style.REFUSAL)
        self.refusal.setTextFormat(Qt.TextFormat.PlainText)
        self.refusal.setWordWrap(True)
        grid.addWidget(self.refusal, 4, 0, 1, 2)
        return box

    def _connect(self) -> None:
        for field, row in self.rows.items():
            if isinstance(row.editor, QLineEdit):
                row.editor.textEdited.connect(lambda _t, f=field: self._edited(f))
        self.down_payment.textEdited.connect(self._down_payment_edited)
        self.marital.currentIndexChanged.connect(self._marital_changed)
        for signal in (self.lender.currentIndexChanged, self.method.currentIndexChanged,
                       self.term.valueChanged, self.rate.valueChanged, self.new_energy.toggled,
                       self.used.toggled, self.self_employed.toggled):
            signal.connect(self._changed)

    # -- behaviour ----------------------------------------------------------------------------

    def text(self, field: str) -> str:
        editor = self.rows[field].editor
        return editor.text() if isinstance(editor, QLineEdit) else ""

    def married(self) -> bool:
        return bool(self.marital.currentData() == "married")

    def case_data(self) -> dict[str, Any]:
        """The form as the JSON shape `create_case` reads (see tests' married_case())."""
        t = self.text
        data: dict[str, Any] = {
            "customer": {"name": t("customer.name"), "id_number": t("customer.id_number"),
                         "phone": t("customer.phone"), "marital_status": self.marital.currentData(),
                         "address": t("customer.address"), "employer": t("customer.employer"),
                         "self_employed": self.self_employed.isChecked()},
            "vehicle": {"brand": t("vehicle.brand"), "model": t("vehicle.model"),
                        "vin": t("vehicle.vin"), "engine_number": t("vehicle.engine_number"),
                        "color": t("vehicle.color"), "price": t("vehicle.price"),
                        "new_energy": self.new_energy.isChecked(), "used": self.used.isChecked()},
            "loan": {"lender": self.lender.currentText(), "amount": t("loan.amount"),
                     "down_payment": t("loan.down_payment"), "term_months": self.term.value(),
                     "annual_rate": self._rate_text(), "method": self.method.currentData(),
                     "fees": t("loan.fees") or "0"},
        }
        if self.married():
            data["spouse"] = {"name": t("spouse.name"), "id_number": t("spouse.id_number"),
                              "phone": t("spouse.phone")}
        return data

    def _rate_text(self) -> str:
        return f"{self.rate.value():.2f}%"  # text, not float: the domain parses "4.99%"

    def _edited(self, field: str) -> None:
        self._touched.add(field)
        self.check_field(field)
        self._changed()

    def _down_payment_edited(self, text: str) -> None:
        # Once the person types a down payment themselves, stop filling it in for them.
        self._down_payment_typed = bool(text.strip())

    def _marital_changed(self) -> None:
        self.spouse_box.setVisible(self.married())
        self._changed()

    def _changed(self) -> None:
        self._fill_down_payment()
        self.update_figures()
        self._whole_case_ok = False
        self.ok_button.setEnabled(False)
        self._preview_timer.start()

    def _grow(self) -> None:
        """Make room for messages that appeared: a dialog does not grow by itself, and a
        message squeezed into its field's row would hide both."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
        wanted = self.sizeHint().height()
        if wanted > self.height():
            self.resize(self.width(), wanted)

    def check_field(self, field: str) -> bool:
        """The domain's check of one field; the message goes under the field."""
        row = self.rows[field]
        try:
            value = CHECKS[field](self.text(field), field)
        except InvalidInput as error:
            row.show_error(i18n.error_text(error))
            self._grow()
            return False
        # An import's VIN without a check digit; an ID number's address code to look at twice.
        warning = getattr(value, "warning", None)
        row.show_error(i18n.text(warning) if warning else "", hint=True)
        return True

    def _fill_down_payment(self) -> None:
        if self._down_payment_typed:
            return
        try:
            rest = to_money(self.text("vehicle.price")) - to_money(self.text("loan.amount"))
        except InvalidInput:
            return
        self.down_payment.setText(f"{rest:f}" if rest >= 0 else "")

    def update_figures(self) -> None:
        """Monthly payment, interest, APR and loan-to-value, by the domain, on every change."""
        try:
            price = to_money(self.text("vehicle.price"), "vehicle.price")
            amount = to_money(self.text("loan.amount"), "loan.amount")
            down = to_money(self.text("loan.down_payment") or "0", "loan.down_payment")
            fees = to_money(self.text("loan.fees") or "0", "loan.fees")
            lender = self._lenders.get(self.lender.currentText())
            schedule = repayment_schedule(amount, Decimal(f"{self.rate.value():.2f}") / 100,
                                          self.term.value(), self.method.currentData(),
                                          fees=fees)
            ltv = loan_to_value(amount, price)
        except InvalidInput:
            for label in (self.monthly, self.apr, self.interest, self.ltv):
                label.setText("—")
            self.refusal.clear()
            return
        # The same figure(s) the case's header shows afterwards, from the domain.
        self.monthly.setText(schedule.monthly_text)
        self.apr.setText(f"{schedule.apr * 100:.2f} %")
        self.interest.setText(format_money(schedule.total_interest))
        self.ltv.setText(f"{ltv * 100:.2f} %")
        self.refusal.clear()
        if lender is not None:
            limit = lender.limits.max_ltv(new_energy=self.new_energy.isChecked(),
                                          used=self.used.isChecked())
            self.ltv.setText(self.tr("%1 (limit %2)").replace("%1", f"{ltv * 100:.2f} %")
                             .replace("%2", f"{limit * 100:.0f} %"))
            try:
                check_loan(lender.limits, lender=lender.name, price=price, amount=amount,
                           down_payment=down, term_months=self.term.value(),
                           new_energy=self.new_energy.isChecked(), used=self.used.isChecked())
            except InvalidInput as refusal:  # beyond the lender's limits: say why
                self.refusal.setText(self.tr("Refused: ") + i18n.error_text(refusal))

    def refresh_preview(self) -> None:
        """The whole case, checked by the service on the pool; OK opens when it passes."""
        self._preview_timer.stop()
        self._generation += 1
        generation, db, data = self._generation, self._db, self.case_data()
        run_in_pool(lambda: preview_loan(db, data),
                    on_result=lambda _figures: self._previewed(generation, None),
                    on_error=lambda error: self._previewed(generation, error))

    def _previewed(self, generation: int, error: Exception | None) -> None:
        if not shiboken6.isValid(self) or generation != self._generation:
            return  # the form changed since: a newer check is on its way
        self._whole_case_ok = error is None
        self.ok_button.setEnabled(error is None)
        if error is None:
            self.status.clear()
        elif isinstance(error, InvalidInput):
            self._show_problem(error)
        else:
            self.status.setText(self.tr("The case cannot be checked right now."))

    def _show_problem(self, error: InvalidInput) -> None:
        if not self._touched:
            # Nothing typed yet: an empty form is not a mistake. Errors show once a field
            # was edited, or on submit (which touches every field).
            self.status.clear()
            return
        row = self.rows.get(error.field)
        label = self._label_of(error.field)
        if row is not None and error.field in self._touched:
            row.show_error(i18n.error_text(error))
            self._grow()
        self.status.setText(self.tr("To fix before creating: ") + (f"{label}: " if label else "")
                            + i18n.error_text(error))

    def _label_of(self, field: str) -> str:
        row = self.rows.get(field)
        if row is None:
            return ""
        box = row.parentWidget()
        form = box.layout() if box is not None else None
        if isinstance(form, QFormLayout):
            label = form.labelForField(row)
            if isinstance(label, QLabel):
                return label.text()
        return ""

    def submit(self) -> None:
        """Show every field's problem at once; create the case when the whole case passes."""
        relevant = [f for f in CHECKS if self.married() or not f.startswith("spouse.")]
        self._touched.update(relevant)
        bad = [f for f in relevant if not self.check_field(f)]
        if bad:
            self.rows[bad[0]].editor.setFocus()
            return
        if not self._whole_case_ok:
            self.refresh_preview()
            return
        if unconfirmed_fields(self.id_readers):
            self.status.setText(self.tr("Check the fields read from the ID card and tick them."))
            return
        self.ok_button.setEnabled(False)
        db, actor, data = self._db, self._actor, self.case_data()
        run_in_pool(lambda: create_case(db, actor, data), on_result=self._created,
                    on_error=self._refused)

    def _created(self, number: str) -> None:
        if shiboken6.isValid(self):
            self.created.emit(number)
            self.accept()

    def _refused(self, error: Exception) -> None:
        if not shiboken6.isValid(self):
            return
        self.ok_button.setEnabled(True)
        if isinstance(error, InvalidInput) and error.field in self.rows:
            self._touched.add(error.field)
            self._show_problem(error)
            self.rows[error.field].editor.setFocus()
        else:
            i18n.report_error(self, error)
