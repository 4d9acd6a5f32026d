"""ReportLab's parse of the CJK font, kept in the user's cache between processes.

Parsing a CJK TrueType face in ReportLab (every character's glyph and width, every glyph's
metrics and position: 35,000 characters in WenQuanYi Micro Hei) takes a seventh of a second,
and a quick command such as `loandesk form render` used to pay it at every start. ReportLab
parses the rest of the face (names, metrics, tables) in a fraction of a millisecond when
asked without the character information (`charInfo=0`), so only what the full parse adds
is kept: written once, read back with `marshal` (no code runs on loading, unlike pickle),
under a SHA-256 digest that catches a cut-off or damaged file.

The cache is keyed by what decides the parse: the font file's bytes (their SHA-256, so
another file, an edited file or a LOANDESK_FONT override never meets a stale entry), the
face's index, ReportLab's version and the Python that reads it. A cache that is missing,
damaged, stale or unwritable costs only the parse: it is made again, never trusted.
Before anything is written, the face rebuilt from what would be written is compared with
the full parse, attribute by attribute: a ReportLab that parses differently is never
cached wrongly, just not cached.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace, TTFontFile

from app import config

FORMAT = 1  # of the file below; a new layout is a new number, and old files are remade
MAGIC = b"LoanDesk CJK face cache\n"
_DIGEST = hashlib.sha256().digest_size

# How each attribute of a TTFont (other than its face) is made again: a plain value as it
# was, the font's own name, an empty per-document state, the UTF-8 encoding object.
_NAME, _STATE, _ENCODING, _VALUE = "name", "state", "encoding", "value"
_PLAIN = (str, int, float, bool, type(None))


def cache_folder() -> Path:
    return config.cache_dir() / "fonts"


def cache_key(data: bytes, subfont_index: int) -> dict[str, Any]:
    """What the parse depends on. Written into the file and compared on reading."""
    return {"format": FORMAT, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
            "face": subfont_index, "reportlab": reportlab.Version,
            "python": list(sys.version_info[:2]), "marshal": marshal.version}


def cache_file(key: dict[str, Any]) -> Path:
    return cache_folder() / f"{key['sha256'][:32]}-{key['face']}.face"


def load_ttfont(name: str, path: Path, subfont_index: int) -> TTFont:
    """ReportLab's TTFont of face `subfont_index` of `path`, named `name`: from the cache
    when it holds this very file's parse, else parsed (and the cache written for next time).
    """
    data = path.read_bytes()
    key = cache_key(data, subfont_index)
    kept = read_cache(cache_file(key), key)
    if kept is not None:
        with contextlib.suppress(Exception):  # a cache that cannot be used is parsed again
            return assemble(name, path, subfont_index, data, kept)
    font = parse(name, path, subfont_index)
    kept = what_to_keep(font, path, subfont_index, data)
    if kept is not None:
        write_cache(cache_file(key), key, kept)
    return font


def parse(name: str, path: Path, subfont_index: int) -> TTFont:
    """ReportLab's own full parse: what the cache spares the next process."""
    return TTFont(name, str(path), subfontIndex=subfont_index)


def _light_face(path: Path, subfont_index: int, data: bytes) -> TTFontFace:
    """The face as TTFontFace(path) makes it, without the character information."""
    face = TTFontFace.__new__(TTFontFace)
    pdfmetrics.TypeFace.__init__(face, None)
    face._ttf_data = data  # read once, by load_ttfont: ReportLab then reads no file
    face.filename = str(path)
    TTFontFile.__init__(face, str(path), charInfo=0, validate=0, subfontIndex=subfont_index)
    return face


def assemble(name: str, path: Path, subfont_index: int, data: bytes,
             kept: dict[str, Any]) -> TTFont:
    """A TTFont made of the light parse and the kept character information."""
    face = _light_face(path, subfont_index, data)
    vars(face).update(kept["face"])
    font = TTFont.__new__(TTFont)
    made = {_NAME: name, _STATE: WeakKeyDictionary(), _ENCODING: TTEncoding()}
    for attribute, how, value in kept["font"]:
        setattr(font, attribute, made.get(how, value))
    font.face = face
    return font


def what_to_keep(font: TTFont, path: Path, subfont_index: int,
                 data: bytes) -> dict[str, Any] | None:
    """What the full parse has beyond the light one, as plain values, or None when that is
    not enough to make the same font again (then nothing is cached)."""
    light = vars(_light_face(path, subfont_index, data))
    full = vars(font.face)
    if set(light) - set(full):
        return None
    face = {attribute: value for attribute, value in full.items()
            if not _same(light.get(attribute, _MISSING), value)}
    recipe: list[tuple[str, str, Any]] = []
    for attribute, value in vars(font).items():
        if attribute == "face":
            continue
        if value == font.fontName and isinstance(value, str):
            recipe.append((attribute, _NAME, None))
        elif isinstance(value, WeakKeyDictionary) and not value:
            recipe.append((attribute, _STATE, None))
        elif type(value) is TTEncoding and vars(value) == vars(TTEncoding()):
            recipe.append((attribute, _ENCODING, None))
        elif isinstance(value, _PLAIN):
            recipe.append((attribute, _VALUE, value))
        else:
            return None
    try:  # as it will be read back
        kept: dict[str, Any] = marshal.loads(marshal.dumps({"face": face, "font": recipe}))
    except ValueError:  # something marshal cannot write: not cacheable
        return None
    if not same_font(assemble(font.fontName, path, subfont_index, data, kept), font):
        return None
    return kept


_MISSING = object()


def _same(a: Any, b: Any) -> bool:
    """Equal values of the same types; two functions (ReportLab's per-face scale) are the
    same when they give the same results."""
    if callable(a) and callable(b) and not isinstance(a, type):
        return all(a(x) == b(x) for x in (0, 1, 7, 1000, 2048, -3.5))
    return type(a) is type(b) and a == b


def same_font(a: TTFont, b: TTFont) -> bool:
    """Whether two TTFonts were made alike: every attribute of the font and its face."""
    fa, fb = vars(a.face), vars(b.face)
    if set(fa) != set(fb) or not all(_same(fa[k], fb[k]) for k in fa):
        return False
    va, vb = vars(a), vars(b)
    if set(va) != set(vb):
        return False
    for attribute, value in va.items():
        other = vb[attribute]
        if attribute == "face":
            continue
        if isinstance(value, WeakKeyDictionary):
            if not isinstance(other, WeakKeyDictionary) or len(value) != len(other):
                return False
        elif isinstance(value, TTEncoding):
            if type(other) is not TTEncoding or vars(value) != vars(other):
                return False
        elif not _same(value, other):
            return False
    return True


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """Loading makes a hundred thousand small objects at once: the cycle collector would
    scan every object of the process several times over while they are made."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def read_cache(file: Path, key: dict[str, Any]) -> dict[str, Any] | None:
    """The kept parse in `file` when it is whole and made for `key`; else None."""
    try:
        blob = file.read_bytes()
    except OSError:
        return None
    head = len(MAGIC)
    if not blob.startswith(MAGIC) or len(blob) < head + _DIGEST:
        return None
    digest, payload = blob[head:head + _DIGEST], blob[head + _DIGEST:]
    if hashlib.sha256(payload).digest() != digest:
        return None
    try:
        with _no_collection():
            stored = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != key:
        return None
    kept = stored.get("kept")
    if not (isinstance(kept, dict) and isinstance(kept.get("face"), dict)
            and isinstance(kept.get("font"), list)):
        return None
    return kept


def write_cache(file: Path, key: dict[str, Any], kept: dict[str, Any]) -> None:
    """Write the file whole or not at all (a reader never sees half of it); a cache that
    cannot be written is not an error: the next process parses the font again."""
    payload = marshal.dumps({"key": key, "kept": kept})
    partial: Path | None = None
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=file.parent, prefix=file.name, suffix=".partial")
        partial = Path(name)
        with os.fdopen(handle, "wb") as out:
            out.write(MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(partial, file)
        partial = None
    except OSError:
        pass
    finally:
        if partial is not None:
            partial.unlink(missing_ok=True)
