"""PDFs from outside are documents, not programs: their JavaScript and actions go.

A customer's bank statement PDF is stored and later copied page by page into the credit
dossier the lender opens. Whatever runs when a PDF or a page is opened or clicked (document
JavaScript, /OpenAction, additional actions /AA, link and widget actions /A, launch and
submit actions, embedded files, multimedia annotations) is removed on import, and again from
every page copied into a dossier, so nothing active reaches the lender. What the page shows
(text, images, stamps drawn as annotation appearances) stays as it is.
"""

from __future__ import annotations

import io
from typing import Any

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

# Catalog entries that act or carry payloads: run on open, document actions, XFA forms
# (scriptable), the names trees of JavaScript and embedded files.
_CATALOG_KEYS = ("/OpenAction", "/AA")
_NAME_TREES = ("/JavaScript", "/EmbeddedFiles")
_ACTION_KEYS = ("/A", "/AA")
# Annotations that exist to play, launch or carry something; the others keep their looks.
_ACTIVE_ANNOTATIONS = frozenset(("/Screen", "/Movie", "/Sound", "/RichMedia", "/FileAttachment",
                                 "/3D"))


def _resolve(value: Any) -> Any:
    return value.get_object() if isinstance(value, IndirectObject) else value


def strip_page(page: PageObject | DictionaryObject) -> int:
    """Remove a page's actions (and its annotations' actions) in place; how many went."""
    removed = 0
    if "/AA" in page:
        del page[NameObject("/AA")]
        removed += 1
    annotations = _resolve(page.get("/Annots"))
    if not isinstance(annotations, ArrayObject):
        return removed
    kept = ArrayObject()
    for reference in annotations:
        annotation = _resolve(reference)
        if not isinstance(annotation, DictionaryObject):
            kept.append(reference)
            continue
        if annotation.get("/Subtype") in _ACTIVE_ANNOTATIONS:
            removed += 1
            continue
        for key in _ACTION_KEYS:
            if key in annotation:
                del annotation[NameObject(key)]
                removed += 1
        kept.append(reference)
    if len(kept) != len(annotations):
        page[NameObject("/Annots")] = kept
    return removed


def _strip_fields(fields: Any, depth: int = 0) -> int:
    removed = 0
    fields = _resolve(fields)
    if not isinstance(fields, ArrayObject) or depth > 32:
        return 0
    for reference in fields:
        field = _resolve(reference)
        if not isinstance(field, DictionaryObject):
            continue
        for key in _ACTION_KEYS:
            if key in field:
                del field[NameObject(key)]
                removed += 1
        removed += _strip_fields(field.get("/Kids"), depth + 1)
    return removed


def strip_document(writer: PdfWriter) -> int:
    """Remove every action of a whole document in place; how many went."""
    root = writer._root_object
    removed = 0
    for key in _CATALOG_KEYS:
        if key in root:
            del root[NameObject(key)]
            removed += 1
    names = _resolve(root.get("/Names"))
    if isinstance(names, DictionaryObject):
        for key in _NAME_TREES:
            if key in names:
                del names[NameObject(key)]
                removed += 1
    form = _resolve(root.get("/AcroForm"))
    if isinstance(form, DictionaryObject):
        if "/XFA" in form:
            del form[NameObject("/XFA")]
            removed += 1
        removed += _strip_fields(form.get("/Fields"))
    for page in writer.pages:
        removed += strip_page(page)
    return removed


def sanitize_pdf(data: bytes) -> bytes:
    """The PDF without JavaScript and actions; the very same bytes when it had none (so a
    file imported twice is still recognised as the same file). A PDF pypdf cannot read is
    returned unchanged: PDFium rendered its pages, and the dossier strips every page it
    copies anyway."""
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            return data
        writer = PdfWriter(clone_from=reader)
        if strip_document(writer) == 0:
            return data
        # A fixed file identifier: the same upload sanitises to the same bytes.
        writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
        writer._ID = None
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    except Exception:  # a damaged PDF is PDFium's to judge, not ours
        return data
