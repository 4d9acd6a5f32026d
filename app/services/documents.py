"""Document pages into the case: import (off the transaction), store as blobs, check content."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.documents.imaging import DEFAULT_MAX_BYTES, ImportedFile, import_file, read_upload
from app.domain.document_content import validate_content
from app.domain.errors import InvalidInput, NotFound, PermissionDenied, Text
from app.domain.permissions import Action
from app.domain.privacy import REVEALING_KINDS, masked
from app.domain.procedure import (
    DOCUMENT_KINDS,
    PARTY_TITLES,
    Party,
    default_party,
    document_kind,
)
from app.services.case_records import DocumentRecord, document_of
from app.services.cases import refresh
from app.services.common import acting_user, audit, find_case, now, require
from app.store.db import Database
from app.store.models import Blob, Case, Document, DocumentPage

Progress = Callable[[int, int, str], None]


@dataclass
class AddResult:
    document_id: int | None = None
    pages: int = 0
    imported: list[str] = field(default_factory=list)
    rejected: list[tuple[str, Text]] = field(default_factory=list)  # (file, why)
    duplicates: list[tuple[str, Text]] = field(default_factory=list)  # (file, where it is)
    warnings: list[tuple[str, Text]] = field(default_factory=list)


def parse_party(kind: str, party: str | None) -> Party:
    """The party a document (or its cover sheet) is of, as typed; none given: the kind's own."""
    if party is None:
        return default_party(kind)
    try:
        return Party(party)
    except ValueError:
        raise InvalidInput("party", f"{party!r} is not a party", "customer | spouse | none",
                           zh="当事人应为 customer(客户)、spouse(配偶) 或 none") from None



def store_blob(session: Session, data: bytes, sha256: str | None = None) -> str:
    """Content-addressed: the same bytes are stored once, however often they are attached."""
    digest = sha256 or hashlib.sha256(data).hexdigest()
    if session.get(Blob, digest) is None:
        session.add(Blob(sha256=digest, size=len(data), data=data))
    return digest


def _where(session: Session, sha256: str) -> Text | None:
    row = session.execute(
        select(Case.number, Document.kind, Document.party)
        .join(Document, Document.case_id == Case.id)
        .join(DocumentPage, DocumentPage.document_id == Document.id)
        .where(DocumentPage.original_sha256 == sha256, Document.removed_at.is_(None))
        .limit(1)).first()
    if row is None:
        return None
    party = PARTY_TITLES[Party(row[2])]
    kind = DOCUMENT_KINDS[row[1]].title
    return Text(f"{row[0]} {row[1]}" + (f" ({party.en})" if party.en else ""),
                f"{row[0]} {party.zh}{kind.zh}")


def import_files(paths: Sequence[Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
                 progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None
                 ) -> tuple[list[ImportedFile], list[tuple[str, Text]]]:
    """Read and normalise files one by one (slow, so outside any transaction). A bad file is
    reported and skipped; the others still import."""
    imported: list[ImportedFile] = []
    rejected: list[tuple[str, Text]] = []
    for i, path in enumerate(paths):
        if cancelled is not None and cancelled():
            break
        if progress is not None:
            progress(i, len(paths), path.name)
        try:
            imported.append(import_file(path.name, read_upload(path, max_bytes),
                                        max_bytes=max_bytes))
        except InvalidInput as error:
            rejected.append((path.name, Text(str(error), error.zh)))
    if progress is not None:
        progress(len(paths), len(paths), "")
    return imported, rejected


def add_document(db: Database, actor: str, number: str, kind: str, files: Sequence[ImportedFile],
                 *, party: str | None = None, content: Mapping[str, Any] | None = None,
                 rejected: Sequence[tuple[str, Text]] = (),
                 replaces: int | None = None) -> AddResult:
    """Attach already-imported files as the pages of one new document of `kind`.

    With `replaces`, the new document takes the place of that one (a better photo of the
    same card): the old one is removed in the same transaction, keeping what was entered
    about it unless new content is given; nothing changes if no file could be imported."""
    document_kind(kind)
    who = parse_party(kind, party)
    clean = validate_content(kind, content or {})
    result = AddResult(rejected=list(rejected))
    with db.transaction() as session:
        user = acting_user(session, actor)
        case = find_case(session, number, for_update=True)
        require(user, Action.EDIT_DOCUMENTS, case)
        if who is Party.SPOUSE and case.marital_status != "married":
            raise InvalidInput("party", "the customer has no spouse in this case",
                               "customer, or set customer.marital_status=married first",
                               zh="本案客户未登记配偶")
        fresh = []
        for file in files:
            where = _where(session, file.sha256)
            if where is not None:
                result.duplicates.append((file.filename, where))
            else:
                fresh.append(file)
        if not fresh and (not clean or replaces is not None):
            return result
        old = _replaced(session, case, kind, replaces) if replaces is not None else None
        if old is not None:
            old.removed_at = now()
            clean = clean or dict(old.content or {})
            who = Party(old.party)
        document = Document(case_id=case.id, kind=kind, party=who.value, content=clean,
                            created_by_id=user.id, created_at=now())
        session.add(document)
        seq = 0
        for file in fresh:
            original = store_blob(session, file.original, file.sha256)
            for page in file.pages:
                seq += 1
                document.pages.append(DocumentPage(
                    seq=seq, filename=file.filename, mime=file.mime, original_sha256=original,
                    rendition_sha256=store_blob(session, page.rendition),
                    thumbnail_sha256=store_blob(session, page.thumbnail),
                    pdf_page=page.pdf_page, width=page.width, height=page.height,
                    warnings=[w.en for w in page.warnings]))
                result.warnings += [(file.filename, w) for w in page.warnings]
            result.imported.append(file.filename)
        session.flush()
        refresh(session, case)
        audit(session, user, "document.add", case.number, document=document.id, kind=kind,
              party=who.value, files=result.imported, content=clean, replaces=replaces)
        result.document_id, result.pages = document.id, seq
        return result


def _replaced(session: Session, case: Case, kind: str, document_id: int) -> Document:
    document, owner = _document(session, document_id)
    if owner.id != case.id or document.kind != kind:
        raise InvalidInput("document", f"document {document_id} is not a {kind} of "
                           f"{case.number}", "a document of the same kind in the same case",
                           zh=f"资料 {document_id} 不是本案的同类资料，不能替换")
    return document


def _document(session: Session, document_id: int) -> tuple[Document, Case]:
    document = session.get(Document, document_id)
    if document is None or document.removed_at is not None:
        raise NotFound("document", f"no document {document_id}", "a document id from "
                       "`loandesk doc list`", zh=f"没有资料 {document_id}")
    case = session.get(Case, document.case_id)
    assert case is not None
    return document, case


def set_content(db: Database, actor: str, document_id: int, content: Mapping[str, Any]) -> None:
    """Record (or correct) what the document says; the checklist re-checks it at once."""
    with db.transaction() as session:
        user = acting_user(session, actor)
        document, case = _document(session, document_id)
        require(user, Action.EDIT_DOCUMENTS, case)
        merged = {**(document.content or {}), **content}
        clean = validate_content(document.kind, merged)
        before = document.content
        document.content = clean
        session.flush()
        refresh(session, case)
        audit(session, user, "document.content", case.number, document=document_id,
              before=before, after=clean)


def remove_document(db: Database, actor: str, document_id: int, *, reason: str = "") -> None:
    """Take a document out of the case. Its bytes stay (the audit can still point at them)."""
    with db.transaction() as session:
        user = acting_user(session, actor)
        document, case = _document(session, document_id)
        require(user, Action.EDIT_DOCUMENTS, case)
        document.removed_at = now()
        session.flush()
        refresh(session, case)
        audit(session, user, "document.remove", case.number, document=document_id,
              kind=document.kind, party=document.party, reason=reason,
              pages=[p.original_sha256 for p in document.pages])


def blob(db: Database, actor: str, sha256: str) -> bytes:
    """A stored page (original, rendition or thumbnail) for someone who may see its case; an
    ID card's pages only for the roles that may reveal ID numbers (the image shows it)."""
    with db.reading() as session:
        user = acting_user(session, actor)
        found = session.get(Blob, sha256)
        if found is None:
            raise NotFound("blob", f"no stored file {sha256[:12]}", zh="文件不存在")
        page = DocumentPage
        owners = list(session.execute(
            select(Case, Document.kind).join(Document, Document.case_id == Case.id)
            .join(page, page.document_id == Document.id)
            .where(or_(page.original_sha256 == sha256, page.rendition_sha256 == sha256,
                       page.thumbnail_sha256 == sha256))))
        if not owners:
            raise NotFound("blob", f"no stored file {sha256[:12]}", zh="文件不存在")
        # The same bytes may sit in several cases: one that the user may see is enough.
        refusals = []
        for case, kind in owners:
            try:
                require(user, Action.VIEW_CASE, case)
                if kind in REVEALING_KINDS:
                    require(user, Action.REVEAL_ID, case)
                return found.data
            except PermissionDenied as refused:
                refusals.append(refused)
        raise refusals[0]


def case_documents(db: Database, actor: str, number: str) -> list[DocumentRecord]:
    """A case's documents, what they say masked (ID numbers)."""
    with db.reading() as session:
        case = find_case(session, number)
        require(acting_user(session, actor), Action.VIEW_CASE, case)
        return [replace(record, content=masked(record.content)) for record in (
            document_of(d) for d in session.scalars(select(Document).where(
                Document.case_id == case.id, Document.removed_at.is_(None))
                .order_by(Document.id)))]
