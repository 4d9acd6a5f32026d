"""The settlement of a case as finance sees it: what is due now, line by line."""

from __future__ import annotations

from app.domain.permissions import Action
from app.domain.settlement import Settlement, amount_due, case_settlement
from app.services.cases import load_case
from app.services.common import acting_user, find_case, require
from app.store.db import Database


def settlement_of(db: Database, actor: str, number: str, *, as_printed: bool = False
                  ) -> Settlement:
    """What the customer owes now (price + accessories + fees − loan − received); with
    `as_printed`, the statement once settled, its adjustment line included."""
    with db.reading() as session:
        require(acting_user(session, actor), Action.VIEW_CASE, find_case(session, number))
        detail = load_case(session, number)
        recorded = {t: r.values for t, r in detail.tasks.items()}
        if as_printed:
            return case_settlement(detail.data, recorded)
        return amount_due(detail.data, recorded)
