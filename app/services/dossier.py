"""The credit dossier (step 4) and watermarked exports: documents leaving the dealership.

Every ID-card page that leaves carries 「仅供办理<lender>车贷使用，他用无效」 and the date
(PIPL art. 28-29); the export and the dossier are audited.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.documents.dossier import DossierCover, DossierPage, DossierSection, build_dossier
from app.documents.watermark import watermark_jpeg, watermark_text
from app.domain.case_input import MARITAL_TITLES
from app.domain.checklist import STATE_TITLES, State
from app.domain.errors import InvalidInput, Text
from app.domain.money import format_money
from app.domain.permissions import Action
from app.domain.privacy import REVEALING_KINDS
from app.domain.procedure import DOCUMENT_KINDS, PARTY_TITLES, STEPS, Party, document_kind
from app.domain.validators import mask_id
from app.services.case_records import DocumentRecord
from app.services.cases import CaseDetail, load_case
from app.services.common import acting_user, audit, find_case, now, require, today
from app.services.outputs import (
    check_output,
    check_output_folder,
    protected_paths,
    write_output,
)
from app.store.db import Database
from app.store.models import Blob, DocumentPage

WATERMARKED_KINDS = REVEALING_KINDS  # their image shows a full ID number
# What goes to the lender: the documents of steps 1-3 in DOMAIN.md's order, each kind once
# (the customer's before the spouse's, see _sections).
DOSSIER_STEPS = ("contract", "documents", "application")
DOSSIER_KINDS: tuple[str, ...] = tuple(dict.fromkeys(
    r.kind for s in STEPS if s.id in DOSSIER_STEPS for r in s.documents))


def _marital(status: str) -> str:
    title = MARITAL_TITLES.get(status)
    return title.zh if title is not None else status


def _blob(session: Session, sha256: str) -> bytes:
    return session.get_one(Blob, sha256).data


def _pages(session: Session, document: DocumentRecord, watermark: str | None) -> list[DossierPage]:
    pages = []
    for page in document.pages:
        if page.pdf_page is not None and watermark is None:
            # A bank's PDF goes in as it is (its text stays searchable for the lender).
            pages.append(DossierPage(pdf=_blob(session, page.original_sha256),
                                     pdf_page=page.pdf_page))
            continue
        jpeg = _blob(session, page.rendition_sha256)
        pages.append(DossierPage(jpeg=watermark_jpeg(jpeg, watermark) if watermark else jpeg))
    return pages


def _title(kind: str, party: str) -> str:
    title = DOCUMENT_KINDS[kind].title
    who = PARTY_TITLES[Party(party)]
    return f"{title.zh} {title.en}" + (f" — {who.zh} {who.en}" if who.en else "")


def _sections(session: Session, detail: CaseDetail, kinds: tuple[str, ...]
              ) -> list[DossierSection]:
    stamp = watermark_text(detail.data.loan.lender, today())
    order = {kind: i for i, kind in enumerate(kinds)}
    documents = sorted((d for d in detail.documents if d.kind in order and d.pages),
                       key=lambda d: (order[d.kind], d.party != Party.CUSTOMER.value, d.id))
    return [DossierSection(_title(d.kind, d.party), tuple(_pages(
        session, d, stamp if d.kind in WATERMARKED_KINDS else None))) for d in documents]


def _cover(detail: CaseDetail, actor: str) -> DossierCover:
    data = detail.data
    c, v, loan = data.customer, data.vehicle, data.loan
    summary = [("案件编号 Case", detail.number), ("客户 Customer", c.name),
               ("身份证 ID", mask_id(c.id_number)), ("电话 Phone", c.phone),
               ("婚姻状况 Marital status", _marital(c.marital_status))]
    if data.spouse is not None:
        summary += [("配偶 Spouse", data.spouse.name),
                    ("配偶身份证 Spouse ID", mask_id(data.spouse.id_number))]
    summary += [("车辆 Vehicle", f"{v.brand} {v.model}"), ("车架号 VIN", v.vin),
                ("车价 Price", format_money(v.price)),
                ("贷款机构 Lender", loan.lender),
                ("贷款金额 Loan", format_money(loan.amount)),
                ("期限 Term", f"{loan.term_months} 个月 months"),
                ("月供 Monthly payment", detail.schedule.monthly_text),
                ("年化利率 APR", f"{detail.schedule.apr * 100:.2f}%")]
    checklist = tuple(
        # The lender reads Chinese: the state in words, never the internal value.
        (i.title.zh + " " + i.title.en, STATE_TITLES[i.state].zh,
         i.reason.zh) for i in detail.checklist.items
        if i.what == "document" and i.step in ("documents", "application"))
    return DossierCover(title="贷款资料 Credit dossier", case_number=detail.number,
                        summary=tuple(summary), checklist=checklist,
                        generated_at=now().astimezone(), generated_by=actor)


def dossier_gaps(detail: CaseDetail) -> list[Text]:
    """What the lender would miss: open document items of steps 1-3."""
    return [Text(f"{i.title.en} ({i.reason.en})", f"{i.title.zh}({i.reason.zh})")
            for i in detail.checklist.items
            if i.what == "document" and i.step in DOSSIER_STEPS
            and i.state is not State.SATISFIED]


def build_case_dossier(db: Database, actor: str, number: str, *, draft: bool = False,
                       progress: Callable[[int, int], None] | None = None,
                       deliver: Callable[[bytes], object] | None = None) -> bytes:
    """Cover page then every document of steps 1-3 in DOMAIN.md order; refuses, listing
    what is missing, unless a draft (marked 草稿 DRAFT on every page) is asked for.
    `deliver` (writing the file) runs before the build is recorded: no file, no audit row."""
    with db.transaction() as session:
        user = acting_user(session, actor)
        require(user, Action.BUILD_DOSSIER, find_case(session, number))
        detail = load_case(session, number)
        gaps = dossier_gaps(detail)
        if gaps and not draft:
            raise InvalidInput("dossier", "the documents are not complete: "
                               + "; ".join(g.en for g in gaps),
                               "complete them first, or ask for a draft (--draft)",
                               zh="资料不全：" + "；".join(g.zh for g in gaps)
                               + "。请补齐或生成草稿")
        pdf = build_dossier(_cover(detail, user.display_name),
                            _sections(session, detail, DOSSIER_KINDS), draft=draft,
                            progress=progress)
        if deliver is not None:
            deliver(pdf)
        audit(session, user, "dossier.build", detail.number, draft=draft,
              bytes=len(pdf))
        return pdf


def export_documents(db: Database, actor: str, number: str, kind: str, directory: Path, *,
                     force: bool = False) -> list[Path]:
    """Write a kind's pages as JPEG files (ID cards watermarked) into `directory`: every
    target is checked before the first is written (never the database's files, never an
    existing file unless `force`), each written through a temporary file."""
    document_kind(kind)
    guarded = protected_paths(db.sqlite_path)
    check_output_folder(directory, protected=guarded, field="-o")
    pages: list[tuple[Path, bytes]] = []
    with db.transaction() as session:
        user = acting_user(session, actor)
        case = find_case(session, number)
        require(user, Action.EXPORT_DOCUMENTS, case)
        if kind in WATERMARKED_KINDS:  # an ID card's image shows the full number
            require(user, Action.REVEAL_ID, case)
        detail = load_case(session, number)
        stamp = watermark_text(detail.data.loan.lender, today())
        for document in (d for d in detail.documents if d.kind == kind):
            for page in session.scalars(select(DocumentPage).where(
                    DocumentPage.document_id == document.id).order_by(DocumentPage.seq)):
                jpeg = _blob(session, page.rendition_sha256)
                if kind in WATERMARKED_KINDS:
                    jpeg = watermark_jpeg(jpeg, stamp)
                path = directory / f"{detail.number}_{kind}_{document.party}_{page.seq}.jpg"
                check_output(path, force=force, protected=guarded, field="-o",
                             folder_made_later=True)
                pages.append((path, jpeg))
        if not pages:
            raise InvalidInput("kind", f"{number} has no {kind} pages to export",
                               zh=f"{number} 没有可导出的{DOCUMENT_KINDS[kind].title.zh}")
        directory.mkdir(parents=True, exist_ok=True)
        written = [write_output(path, jpeg, force=force, protected=guarded, field="-o")
                   for path, jpeg in pages]
        audit(session, user, "document.export", detail.number, kind=kind,
              files=[p.name for p in written], watermarked=kind in WATERMARKED_KINDS)
    return written
