"""The services enforce the matrix at every door (issue 11): each public entry point that
takes the acting user checks it; what the command line cannot reach is tested here."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from app.domain.errors import PermissionDenied
from app.domain.permissions import Action, allowed
from app.domain.procedure import Role
from app.services.documents import blob, case_documents
from app.services.settings import get_settings, set_setting
from app.store.db import Database
from tests.conftest import (
    CONSULTANT,
    CREDIT,
    FINANCE,
    INFO,
    INSURANCE,
    MANAGER,
    OTHER_CONSULTANT,
    WAREHOUSE,
)
from tests.helpers import dump, new_case

SERVICES = Path(__file__).resolve().parents[2] / "app" / "services"
CHECKS = ("require(", "require_board(", "may_record(", "may_confirm(", "_searcher(",
          "require_of(")
# Helpers that run inside another service's transaction (the caller has checked).
INSIDE = {"common.py": {"owns", "refusal", "require", "audit"},
          "follow_up.py": {"after_task_done", "today_in"}, "users.py": {"view_of"}}
STAFF = {CONSULTANT: Role.CONSULTANT, OTHER_CONSULTANT: Role.CONSULTANT, INFO: Role.INFO_CLERK,
         FINANCE: Role.FINANCE, CREDIT: Role.CREDIT_OFFICER, INSURANCE: Role.INSURANCE,
         WAREHOUSE: Role.WAREHOUSE, MANAGER: Role.MANAGER, "admin": Role.ADMIN}


def test_every_service_taking_the_acting_user_checks_the_matrix() -> None:
    unchecked = []
    for path in sorted(SERVICES.glob("*.py")):
        source = path.read_text(encoding="utf-8")
        for node in ast.parse(source).body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            names = {a.arg for a in (*node.args.args, *node.args.kwonlyargs)}
            if not names & {"actor", "user"} or node.name in INSIDE.get(path.name, set()):
                continue
            body = ast.get_source_segment(source, node) or ""
            if not any(check in body for check in CHECKS):
                unchecked.append(f"{path.name}:{node.name}")
    assert unchecked == []


@pytest.mark.parametrize("user", list(STAFF))
def test_settings_follow_the_matrix(db: Database, user: str) -> None:
    before = dump(db)
    if allowed(STAFF[user], Action.SETTINGS):
        set_setting(db, user, "dealership.name", "顺达汽车")
        assert get_settings(db)["dealership.name"] == "顺达汽车"
        return
    with pytest.raises(PermissionDenied, match="may not change settings"):
        set_setting(db, user, "dealership.name", "顺达汽车")
    assert dump(db) == before


@pytest.mark.parametrize("user", list(STAFF))
def test_an_id_cards_image_is_for_those_who_may_reveal(db: Database, user: str) -> None:
    number, _ = new_case(db, steps=2)
    documents = {d.kind: d for d in case_documents(db, MANAGER, number)
                 if d.party == "customer"}
    card, licence = documents["id_card"].pages[0], documents["driver_license"].pages[0]
    role, own = STAFF[user], user == CONSULTANT
    may_see = allowed(role, Action.VIEW_CASE, own)
    for sha in (card.thumbnail_sha256, card.rendition_sha256, card.original_sha256):
        if may_see and allowed(role, Action.REVEAL_ID, own):
            assert blob(db, user, sha)
        else:
            with pytest.raises(PermissionDenied):
                blob(db, user, sha)
    if may_see:
        assert blob(db, user, licence.rendition_sha256)[:3] == b"\xff\xd8\xff"
    else:
        with pytest.raises(PermissionDenied):
            blob(db, user, licence.rendition_sha256)
