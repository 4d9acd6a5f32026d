"""Everything the workspace shows of a case, read in one go on a pool thread."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.errors import Text
from app.domain.permissions import Action, allowed
from app.domain.privacy import REVEALING_KINDS
from app.services import audit, cases, custody, documents, forms, tasks, users
from app.services.common import today
from app.store.db import Database
from app.store.models import AuditEntry


@dataclass(frozen=True)
class CaseView:
    detail: cases.CaseDetail
    role: str
    display_names: dict[str, str]  # sign-in name → the name people know
    refusals: dict[str, Text]  # task id → why it may not be done now
    closed_gates: dict[str, Text]  # gate id → why it is closed
    thumbnails: dict[str, bytes]  # sha256 → JPEG
    history: list[AuditEntry]
    issued: list[forms.IssuedRecord]
    today: date
    originals_out: list[custody.OriginalOut]  # papers at the registration office right now


def load_view(db: Database, actor: str, number: str) -> CaseView:
    detail = cases.get_case(db, actor, number)
    people = users.list_users(db)
    role = next((u.role for u in people if u.name == actor), "")
    blockers = tasks.task_blockers(db, actor, number)
    own = detail.consultant.name == actor
    seen = [d for d in detail.documents if d.kind not in REVEALING_KINDS
            or allowed(role, Action.REVEAL_ID, own)]  # an ID card's image shows its number
    thumbnails = {p.thumbnail_sha256: documents.blob(db, actor, p.thumbnail_sha256)
                  for d in seen for p in d.pages}
    return CaseView(detail, role, {u.name: u.display_name for u in people},
                    blockers.refusals, blockers.closed_gates,
                    thumbnails, audit.case_history(db, actor, number),
                    forms.issued_forms(db, actor, number), today(),
                    custody.originals_out(db, number))
