"""A case's rows as plain frozen dataclasses: what leaves a service instead of ORM objects.

They carry the attribute names of the rows they copy (`document.pages[0].thumbnail_sha256`,
`task.done_by.display_name`), so whoever read the rows reads these unchanged; but nothing in
them is attached to a session, loads lazily or can be written back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.store.models import AuditEntry, Document, DocumentPage, GateOverride, TaskRecord, User


@dataclass(frozen=True)
class Person:
    name: str  # the sign-in name
    display_name: str  # the name people know
    phone: str = ""


@dataclass(frozen=True)
class PageRecord:
    id: int
    seq: int
    filename: str
    mime: str
    original_sha256: str
    rendition_sha256: str
    thumbnail_sha256: str  # the thumbnail's content hash: the key of the thumbnail cache
    pdf_page: int | None
    width: int
    height: int
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class DocumentRecord:
    id: int
    kind: str
    party: str
    content: dict[str, Any]
    created_at: datetime
    pages: tuple[PageRecord, ...]


@dataclass(frozen=True)
class TaskDone:
    task_id: str
    done_at: datetime
    done_by: Person
    note: str
    values: dict[str, str]


@dataclass(frozen=True)
class GateOverridden:
    gate: str
    reason: str
    by: Person
    at: datetime


@dataclass(frozen=True)
class HistoryEntry:
    """One audit row of a case, its detail masked for reading."""

    id: int
    at: datetime
    user_name: str
    action: str
    case_number: str | None
    detail: dict[str, Any]


def person_of(row: User) -> Person:
    return Person(row.name, row.display_name, row.phone)


def page_of(page: DocumentPage) -> PageRecord:
    return PageRecord(page.id, page.seq, page.filename, page.mime, page.original_sha256,
                      page.rendition_sha256, page.thumbnail_sha256, page.pdf_page, page.width,
                      page.height, tuple(page.warnings or ()))


def document_of(document: Document) -> DocumentRecord:
    return DocumentRecord(document.id, document.kind, document.party,
                          dict(document.content or {}), document.created_at,
                          tuple(page_of(p) for p in document.pages))


def task_of(task: TaskRecord) -> TaskDone:
    return TaskDone(task.task_id, task.done_at, person_of(task.done_by), task.note,
                    dict(task.values or {}))


def override_of(override: GateOverride) -> GateOverridden:
    return GateOverridden(override.gate, override.reason, person_of(override.by), override.at)


def history_of(entry: AuditEntry) -> HistoryEntry:
    return HistoryEntry(entry.id, entry.at, entry.user_name, entry.action, entry.case_number,
                        dict(entry.detail or {}))
