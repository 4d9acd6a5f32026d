"""The new-case form's fields: the domain's check for each, and the line under a field that
says what is wrong with it."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.domain.errors import InvalidInput
from app.domain.money import to_money
from app.domain.validators import (
    check_resident_id,
    validate_name,
    validate_phone,
    validate_text,
    validate_vin,
)
from app.ui import style

Check = Callable[[str, str], object]  # (text, dotted field) -> canonical value or InvalidInput


def _required(max_length: int) -> Check:
    return lambda value, field: validate_text(value, field, max_length, required=True)


def _optional(max_length: int) -> Check:
    return lambda value, field: validate_text(value, field, max_length)


def _optional_phone(value: str, field: str) -> object:
    return validate_phone(value, field) if value.strip() else ""


def _positive_money(value: str, field: str) -> Decimal:
    amount = to_money(value, field)
    if amount <= 0:
        raise InvalidInput(field, "must be above zero", "an amount above 0",
                           zh="金额必须大于 0")
    return amount


def _money(value: str, field: str) -> Decimal:
    amount = to_money(value or "0", field)
    if amount < 0:
        raise InvalidInput(field, "is negative", "0 or more", zh="金额不能为负数")
    return amount


# The domain's checks for each text field, keyed by the dotted names InvalidInput uses.
CHECKS: dict[str, Check] = {
    "customer.name": validate_name, "customer.id_number": check_resident_id,
    "customer.phone": validate_phone, "customer.address": _optional(200),
    "customer.employer": _optional(100),
    "spouse.name": validate_name, "spouse.id_number": check_resident_id,
    "spouse.phone": _optional_phone,
    "vehicle.brand": _required(60), "vehicle.model": _required(100), "vehicle.vin": validate_vin,
    "vehicle.engine_number": _optional(30), "vehicle.color": _optional(30),
    "vehicle.price": _positive_money,
    "loan.amount": _positive_money, "loan.down_payment": _money, "loan.fees": _money,
}


class FieldRow(QWidget):
    """A field with the line under it that says what is wrong with it."""

    def __init__(self, editor: QWidget) -> None:
        super().__init__()
        self.editor = editor
        self.error = QLabel()
        self.error.setObjectName(style.FIELD_ERROR)
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # messages quote what was typed
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(editor)
        layout.addWidget(self.error)

    def show_error(self, message: str, *, hint: bool = False) -> None:
        self.error.setObjectName(style.HINT if hint else style.FIELD_ERROR)
        self.error.setStyleSheet("")  # re-polish after the object name changed
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.editor.setProperty("invalid", bool(message) and not hint)
        self.editor.style().unpolish(self.editor)
        self.editor.style().polish(self.editor)
