"""Everything the workspace shows of a case, read in one go on a pool thread: the service's
read model (app.services.case_view), three statements at most, no ORM row."""

from __future__ import annotations

from app.services.case_view import CaseView, forget_thumbnails, load_case_view
from app.store.db import Database

__all__ = ["CaseView", "forget_thumbnails", "load_view"]


def load_view(db: Database, actor: str, number: str) -> CaseView:
    return load_case_view(db, actor, number)
