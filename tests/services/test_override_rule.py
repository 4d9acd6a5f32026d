"""Who may override a hard gate, and with how long a reason: the service reads the domain's
rule (the permission matrix, OVERRIDE_REASON_MIN), the same the workspace's button reads."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.domain.errors import InvalidInput, PermissionDenied
from app.domain.permissions import Action, allowed_anywhere
from app.domain.procedure import OVERRIDE_REASON_MIN, Role
from app.services.tasks import override_gate
from app.store.db import Database
from app.store.models import GateOverride
from tests.helpers import STAFF, new_case

GATE = "release_before_delivery"


def overrides(db: Database) -> int:
    with db.reading() as session:
        return len(list(session.scalars(select(GateOverride))))


def test_a_reason_one_character_short_is_refused(db: Database) -> None:
    number, _ = new_case(db)
    manager = STAFF[Role.MANAGER]
    with pytest.raises(InvalidInput) as short:
        override_gate(db, manager, number, GATE, reason="理" * (OVERRIDE_REASON_MIN - 1))
    assert short.value.field == "reason" and str(OVERRIDE_REASON_MIN) in short.value.zh
    assert overrides(db) == 0
    override_gate(db, manager, number, GATE, reason="理" * OVERRIDE_REASON_MIN)
    assert overrides(db) == 1


@pytest.mark.parametrize("role", [r for r in STAFF if r is not Role.MANAGER])
def test_only_whom_the_domain_names_may_override(db: Database, role: Role) -> None:
    assert not allowed_anywhere(role, Action.OVERRIDE_GATE)
    number, _ = new_case(db)
    with pytest.raises(PermissionDenied):
        override_gate(db, STAFF[role], number, GATE, reason="理" * OVERRIDE_REASON_MIN)
    assert overrides(db) == 0
