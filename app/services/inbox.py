"""Cover sheets and the scanner inbox: scanned pages filed into their case by QR cover sheet.

`cover_sheet` prints the page that goes in front of a document in the scanner's feeder.
`run_inbox` takes every scan in a folder as one stream, in file-name order (a scanner that
writes one file per page numbers them): a cover-sheet page starts a document of its case and
kind, the pages after it, up to the next cover sheet, become that document's pages. Files
are read through the import pipeline of drag-and-drop (documents.import_files: the same
size, format and safety checks) and filed with documents.add_document, with the acting
user's permissions. Cover pages are not stored. Finished files move to done/, files with a
page that could not be filed to unsorted/ with a reason file; nothing is deleted.
"""

from __future__ import annotations

import io
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from app.documents.imaging import ImportedFile, ImportedPage, sha256_hex
from app.documents.qr_decode import read_qr_texts
from app.domain import inbox as rules
from app.domain import qr
from app.domain.errors import InvalidInput, Text
from app.domain.permissions import Action, allowed_anywhere
from app.domain.procedure import DOCUMENT_KINDS, PARTY_TITLES, Party
from app.domain.validators import mask_id
from app.printing.cover import CoverFacts, render_cover
from app.services import documents
from app.services.cases import facts_of
from app.services.common import acting_user, find_case, now, require
from app.services.settings import settings_in
from app.store.db import Database

# The cover's code is 80 mm wide: at this size it is still ~8 pixels a module, and looking
# at a small copy keeps the inbox's cost per page far below the import's own.
COVER_LOOK_SIDE = 1000



def _check_route(db: Database, actor: str, code: qr.CoverCode) -> str:
    """The case number, when a document of this kind may be filed in the case by `actor`;
    InvalidInput (NotFound, PermissionDenied) saying why not."""
    if code.kind not in DOCUMENT_KINDS:  # parse() guards this; a hand-made code may not
        raise InvalidInput("kind", f"unknown document kind {code.kind!r}", zh="资料类型未知")
    with db.reading() as session:
        user = acting_user(session, actor)
        case = find_case(session, code.case_number)
        require(user, Action.EDIT_DOCUMENTS, case)
        facts = facts_of(session, case)[0]
        refusal = rules.cover_refusal(code.kind, code.party, facts)
        if refusal is not None:
            raise InvalidInput("kind", refusal.en, zh=refusal.zh)
        return case.number


def cover_sheet(db: Database, actor: str, number: str, kind: str,
                party: str | None = None) -> bytes:
    """The A4 cover sheet (PDF) for a document of `kind` of the case."""
    if kind not in DOCUMENT_KINDS:
        raise InvalidInput("kind", f"unknown document kind {kind!r}",
                           ", ".join(DOCUMENT_KINDS), zh=f"没有资料类型 {kind!r}")
    who = documents.parse_party(kind, party)
    with db.reading() as session:
        user = acting_user(session, actor)
        case = find_case(session, number)
        require(user, Action.EDIT_DOCUMENTS, case)  # the sheet is for adding a document
        code = qr.CoverCode(case.number, kind, who)
        _check_route(db, actor, code)  # and the case takes this kind (domain rule)
        dealership = settings_in(session)["dealership.name"]
        name, id_number = case.customer_name, case.customer_id_number
        if who is Party.SPOUSE:
            name, id_number = case.spouse_name, case.spouse_id_number
        title, party_title = DOCUMENT_KINDS[kind].title, PARTY_TITLES[who]
        facts = CoverFacts(
            payload=code.text(), case_number=case.number,
            customer=f"{name}　{mask_id(id_number)}" if id_number else name,
            kind_zh=title.zh, kind_en=title.en, party_zh=party_title.zh,
            party_en=party_title.en, dealership=dealership, printed_by=user.display_name,
            printed_at=now().astimezone())
    return render_cover(facts)


# -- the inbox -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Filed:
    case_number: str
    kind: str
    party: str
    document_id: int | None  # None: every page was already in the case files
    pages: int
    files: tuple[str, ...]
    duplicates: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unsorted:
    file: str
    reason: Text


@dataclass
class InboxReport:
    filed: list[Filed] = field(default_factory=list)
    done: list[str] = field(default_factory=list)  # files moved to done/
    unsorted: list[Unsorted] = field(default_factory=list)  # files moved to unsorted/
    waiting: list[str] = field(default_factory=list)  # files left for the next pass

    def to_json(self) -> dict[str, object]:
        return {
            "filed": [{"case": f.case_number, "kind": f.kind, "party": f.party,
                       "document": f.document_id, "pages": f.pages, "files": list(f.files),
                       "already_filed": list(f.duplicates)} for f in self.filed],
            "done": self.done,
            "unsorted": [{"file": u.file, "reason": u.reason.en, "reason_zh": u.reason.zh}
                         for u in self.unsorted],
            "waiting": self.waiting,
        }


def _natural(name: str) -> list[object]:
    """scan_2.jpg before scan_10.jpg, as the scanner numbered them."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", name)]


def scans_in(folder: Path) -> list[Path]:
    """The scans waiting in the folder, in the order the scanner wrote them."""
    found = [p for p in folder.iterdir()
             if p.suffix.lower() in rules.SUFFIXES and not p.name.startswith(".")
             and p.is_file()]
    return sorted(found, key=lambda p: (_natural(p.name), p.stat().st_mtime_ns))


def _look(paths: Sequence[Path]) -> dict[Path, tuple[int, int]]:
    looks = {}
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            continue  # gone (moved by another workstation): nothing to do
        looks[path] = (st.st_size, st.st_mtime_ns)
    return looks


def settled(paths: Sequence[Path], *, settle_seconds: float, recheck_seconds: float,
            clock: Callable[[], float] = time.time,
            sleep: Callable[[float], None] = time.sleep) -> tuple[list[Path], list[Path]]:
    """(finished, still being written): a file changed in the last `settle_seconds`, or whose
    size or time changes between two looks `recheck_seconds` apart, is not finished."""
    first = _look(paths)
    if not first:
        return [], []
    sleep(recheck_seconds)
    second = _look(paths)
    limit = clock() - settle_seconds
    ready, busy = [], []
    for path in paths:
        if path not in first or path not in second:
            continue
        if first[path] != second[path] or second[path][1] / 1e9 > limit:
            busy.append(path)
        else:
            ready.append(path)
    return ready, busy


def _unreadable(error: Exception) -> Text:
    return Text(f"the file could not be read ({type(error).__name__}: {error})",
                f"文件无法读取({type(error).__name__})")


def _cover_code(page: ImportedPage) -> qr.CoverCode | None:
    try:
        return _read_cover_code(page)
    except Exception:  # an unreadable code is no code: the page is a page of the document
        return None


def _read_cover_code(page: ImportedPage) -> qr.CoverCode | None:
    with Image.open(io.BytesIO(page.rendition)) as im:
        scale = COVER_LOOK_SIDE / max(im.size)
        if scale < 1:  # the JPEG decoder scales by 2, 4 or 8 as it decodes: far cheaper
            im.draft("L", (round(im.width * scale), round(im.height * scale)))
        small = im.convert("L")
    small.thumbnail((COVER_LOOK_SIDE, COVER_LOOK_SIDE))
    for text in read_qr_texts(small):
        try:
            code = qr.parse(text)
        except InvalidInput:
            continue  # a customer's own QR code on a page is just a page
        if isinstance(code, qr.CoverCode):
            return code
    return None


def _part(file: ImportedFile, pages: list[int]) -> ImportedFile:
    """The pages `pages` of a file as a file of their own, to be stored as the original of
    that document (a cover page is never stored; neither are another document's pages)."""
    if len(pages) == len(file.pages):
        return file
    label = f"{file.filename} p.{pages[0] + 1}-{pages[-1] + 1}"
    if file.mime == "application/pdf":
        from pypdf import PdfReader, PdfWriter

        reader, writer = PdfReader(io.BytesIO(file.original)), PdfWriter()
        for index in pages:
            writer.add_page(reader.pages[index])
        out = io.BytesIO()
        writer.write(out)
    else:  # a multi-page TIFF
        out = io.BytesIO()
        with Image.open(io.BytesIO(file.original)) as im:
            frames = []
            for index in pages:
                im.seek(index)
                frames.append(im.copy())
        frames[0].save(out, "TIFF", save_all=True, append_images=frames[1:],
                       compression="tiff_deflate")
    data = out.getvalue()
    kept = tuple(ImportedPage(p.rendition, p.thumbnail, p.width, p.height,
                              i if p.pdf_page is not None else None, p.warnings)
                 for i, p in enumerate(file.pages[n] for n in pages))
    return ImportedFile(label, data, sha256_hex(data), file.mime, kept)


@dataclass
class _Route:
    code: qr.CoverCode
    case_number: str | None  # None: refused, with `why`
    why: Text | None
    parts: list[tuple[Path, ImportedFile]] = field(default_factory=list)


def _move(path: Path, folder: Path) -> Path:
    """Into `folder` under the same name, or name (2), name (3)…: nothing is overwritten."""
    folder.mkdir(exist_ok=True)
    target = folder / path.name
    n = 2
    while target.exists():
        target = folder / f"{path.stem} ({n}){path.suffix}"
        n += 1
    os.replace(path, target)
    return target


def run_inbox(db: Database, actor: str, folder: Path, *,
              settle_seconds: float = rules.SETTLE_SECONDS,
              recheck_seconds: float = rules.RECHECK_SECONDS,
              clock: Callable[[], float] = time.time,
              sleep: Callable[[float], None] = time.sleep) -> InboxReport:
    """One pass over the folder (see the module docstring); safe to run again and again."""
    if not folder.is_dir():
        raise InvalidInput("DIR", f"{folder} is not a folder", "the scanner's folder",
                           zh=f"{folder} 不是文件夹")
    with db.reading() as session:  # refused before anything moves: nothing could be filed
        user = acting_user(session, actor)
        if not allowed_anywhere(user.role, Action.EDIT_DOCUMENTS):
            require(user, Action.EDIT_DOCUMENTS)  # refuses, in the matrix's words
    report = InboxReport()
    ready, busy = settled(scans_in(folder), settle_seconds=settle_seconds,
                          recheck_seconds=recheck_seconds, clock=clock, sleep=sleep)
    if busy:
        # A stream runs across files: the pages in a file still being written may belong to
        # a cover sheet in a finished one, so the whole folder waits for the next pass.
        report.waiting = [p.name for p in scans_in(folder)]
        return report
    problems: dict[Path, list[Text]] = {p: [] for p in ready}
    routes: list[_Route] = []
    current: _Route | None = None
    for path in ready:
        try:
            files, rejected = documents.import_files([path])
        except Exception as error:  # a decoder's bug on a strange file: that file only
            problems[path].append(_unreadable(error))
            continue
        if not files:
            problems[path] += [why for _, why in rejected]
            continue
        file = files[0]
        run: list[int] = []
        for index, page in enumerate(file.pages):
            code = _cover_code(page)
            if code is None:
                run.append(index)
                continue
            _close_run(run, current, path, file, problems)
            try:
                current = _Route(code, _check_route(db, actor, code), None)
            except InvalidInput as refused:
                current = _Route(code, None, Text(
                    f"cover sheet {code.text()}: {refused}", f"封面页 {code.text()}：{refused.zh}"))
            routes.append(current)
            run = []
        _close_run(run, current, path, file, problems)
    for route in routes:
        _file(db, actor, route, problems, report)
    for path, why in problems.items():
        if not path.exists():
            continue
        if why:
            target = _move(path, folder / rules.UNSORTED_FOLDER)
            reason = Text("; ".join(dict.fromkeys(t.en for t in why)),
                          "；".join(dict.fromkeys(t.zh for t in why)))
            target.with_name(target.name + rules.REASON_SUFFIX).write_text(
                f"{reason.zh}\n{reason.en}\n", encoding="utf-8")
            report.unsorted.append(Unsorted(path.name, reason))
        else:
            _move(path, folder / rules.DONE_FOLDER)
            report.done.append(path.name)
    return report


def _close_run(run: list[int], current: _Route | None, path: Path, file: ImportedFile,
               problems: dict[Path, list[Text]]) -> None:
    """The pages `run` of `file` go with the cover sheet before them, if there is one and
    it names a case they may go to; otherwise the file's reason says why not."""
    if not run:
        return
    if current is None:
        problems[path].append(rules.NO_COVER)
    elif current.case_number is None:
        assert current.why is not None
        problems[path].append(current.why)
    else:
        try:
            current.parts.append((path, _part(file, run)))
        except Exception as error:  # pypdf or Pillow on a strange file: this file only
            problems[path].append(_unreadable(error))


def _file(db: Database, actor: str, route: _Route, problems: dict[Path, list[Text]],
          report: InboxReport) -> None:
    if route.case_number is None or not route.parts:
        return
    try:
        result = documents.add_document(db, actor, route.case_number, route.code.kind,
                                        [part for _, part in route.parts],
                                        party=route.code.party.value)
    except InvalidInput as refused:  # refused after all (changed meanwhile): nothing written
        why = Text(f"cover sheet {route.code.text()}: {refused}",
                   f"封面页 {route.code.text()}：{refused.zh}")
        for path, _ in route.parts:
            problems[path].append(why)
        return
    report.filed.append(Filed(route.case_number, route.code.kind, route.code.party.value,
                              result.document_id, result.pages,
                              tuple(dict.fromkeys(p.name for p, _ in route.parts)),
                              tuple(name for name, _ in result.duplicates)))
