"""A new lender in the settings starts from the domain's limits, not from figures of its own."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.domain.money import MAX_TERM_MONTHS, LenderLimits
from app.store.db import Database
from app.ui.settings_dialog import SettingsDialog


def test_new_lender_fields_start_from_the_domain_defaults(qtbot: Any, db: Database) -> None:
    dialog = SettingsDialog(db, "admin", may_administer=True)
    qtbot.addWidget(dialog)
    limits = LenderLimits()
    assert Decimal(dialog.lender_ltv.value()) / 100 == limits.max_ltv_self_use
    assert dialog.lender_term.value() == limits.max_term_months
    assert dialog.lender_term.maximum() == MAX_TERM_MONTHS
    assert Decimal(str(dialog.lender_multiple.value())) == limits.income_multiple
