"""What an OCR engine read off a resident ID card → the card's fields, by where text sits.

The engine gives text boxes (text, four corners, confidence) in no dependable order, and
often joins a label with its value ("姓名张伟") or two labels into one box ("性别男 民族汉").
So we straighten the boxes (the card may lie a few degrees askew), group them into rows by
their height on the card, and take each label's value from the rest of its box and the boxes
to its right on the same row; the address runs on below its label until the ID-number row.

The ID number is taken only when its check character holds and its birth date is the one
printed on the card (validators.py holds both rules); otherwise it stays empty and says why.
Nothing here imports the engine: `app.documents.ocr_engine` runs it.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from app.domain.document_content import LONG_TERM
from app.domain.errors import InvalidInput, Text
from app.domain.validators import birth_date_from_id, is_male_id, validate_resident_id

Point = tuple[float, float]


class Side(StrEnum):
    FRONT = "id_card_front"
    BACK = "id_card_back"


@dataclass(frozen=True)
class TextBox:
    """One line the engine read: its text, corners (clockwise from the text's top-left, as
    RapidOCR and PaddleOCR give them) and confidence 0–1."""

    text: str
    corners: tuple[Point, Point, Point, Point]
    confidence: float


@dataclass(frozen=True)
class ReadField:
    """A value read off the card (empty when refused) with the engine's confidence and, when
    refused or doubtful, why."""

    value: str
    confidence: float
    problem: Text | None = None


@dataclass(frozen=True)
class CardReading:
    side: Side
    fields: dict[str, ReadField] = field(default_factory=dict)
    problem: Text | None = None  # set when the picture is not this side of an ID card

    @property
    def is_card(self) -> bool:
        return self.problem is None

    def value(self, name: str) -> str:
        read = self.fields.get(name)
        return read.value if read is not None else ""


FRONT_FIELDS = ("name", "sex", "ethnicity", "birth_date", "address", "id_number")
BACK_FIELDS = ("issuing_authority", "valid_from", "valid_until")

# Labels printed on the card, with the field each one introduces.
FRONT_LABELS = {"姓名": "name", "性别": "sex", "民族": "ethnicity", "出生": "birth_date",
                "住址": "address", "公民身份号码": "id_number"}
BACK_LABELS = {"签发机关": "issuing_authority", "有效期限": "valid_period"}
# Labels an engine commonly misreads by one character (the labels are small, pale blue).
_LABEL_VARIANTS = {"姓各": "姓名", "住扯": "住址", "公民身份号玛": "公民身份号码",
                   "签发机美": "签发机关", "有效期跟": "有效期限"}
# A front needs this many of its labels, or the number and one label; less is other paper.
MIN_FRONT_LABELS = 3

NOT_A_CARD = Text("This does not look like the {side} of a resident ID card: nothing was "
                  "filled in.", "这看起来不是居民身份证{side_zh}：未填写任何内容。")
SIDE_WORDS = {Side.FRONT: ("front (the side with the photo)", "人像面"),
              Side.BACK: ("back (the side with the national emblem)", "国徽面")}
WRONG_SIDE = Text("This is the {other} of the ID card: read it as that side.",
                  "这是身份证的{other_zh}，请按该面读取。")

_ID_RE = re.compile(r"[0-9]{17}[0-9Xx×]")
_DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?")
_DOTTED = r"(\d{4})[.\-．/]?(\d{2})[.\-．/]?(\d{2})"
_PERIOD_RE = re.compile(_DOTTED + r"\s*[-—–~至]+\s*(?:" + _DOTTED + r"|(长期))")
_NAME_RE = re.compile(r"[\u4e00-\u9fff·•]+")


@dataclass
class _Piece:
    """A box straightened: x along the card's lines, y down across them."""

    text: str
    left: float
    right: float
    y: float
    height: float
    confidence: float


def _angle(box: TextBox) -> float:
    (x0, y0), (x1, y1) = box.corners[0], box.corners[1]
    return math.atan2(y1 - y0, x1 - x0)


def _straighten(boxes: Sequence[TextBox]) -> list[_Piece]:
    """Turn every box by the card's median slant, so that rows are level."""
    wide = [b for b in boxes if _length(b.corners[0], b.corners[1]) >= _length(b.corners[1],
                                                                                b.corners[2])]
    slant = statistics.median(_angle(b) for b in wide) if wide else 0.0
    cos, sin = math.cos(-slant), math.sin(-slant)
    pieces = []
    for box in boxes:
        xs = [x * cos - y * sin for x, y in box.corners]
        ys = [x * sin + y * cos for x, y in box.corners]
        pieces.append(_Piece(re.sub(r"\s+", "", box.text), min(xs), max(xs),
                             (min(ys) + max(ys)) / 2, max(ys) - min(ys), box.confidence))
    return pieces


def _length(a: Point, b: Point) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1])


@dataclass
class _Value:
    text: str
    confidence: float
    piece: _Piece  # the box the label was in
    start: float  # where on the row the value begins (x)


def _labelled(pieces: list[_Piece], labels: dict[str, str]) -> dict[str, _Value]:
    """For each label found: its value (rest of its box, then boxes to its right on the row,
    up to the next label)."""
    found: dict[str, _Value] = {}
    starts = {p_id: _label_spans(p.text, labels) for p_id, p in enumerate(pieces)}
    line = statistics.median(p.height for p in pieces) if pieces else 1.0
    for p_id, piece in enumerate(pieces):
        spans = starts[p_id]
        for index, (_begin, end, name) in enumerate(spans):
            stop = spans[index + 1][0] if index + 1 < len(spans) else len(piece.text)
            text, confidence = piece.text[end:stop], piece.confidence
            per_char = (piece.right - piece.left) / max(len(piece.text), 1)
            start = piece.left + per_char * end
            if index + 1 == len(spans):  # the value may continue in the boxes to the right
                row = sorted((o_id for o_id, other in enumerate(pieces)
                              if o_id != p_id and abs(other.y - piece.y) < 0.6 * line
                              and (other.left + other.right) / 2 > piece.right),
                             key=lambda o_id: pieces[o_id].left)
                for o_id in row:
                    other = pieces[o_id]
                    if starts[o_id]:
                        break
                    if not text:
                        start = other.left
                    text += other.text
                    confidence = min(confidence, other.confidence)
            if name not in found:
                found[name] = _Value(text, confidence, piece, start)
    return found


def _label_spans(text: str, labels: dict[str, str]) -> list[tuple[int, int, str]]:
    for wrong, right in _LABEL_VARIANTS.items():
        text = text.replace(wrong, right)
    spans = []
    for label, name in labels.items():
        at = text.find(label)
        if at >= 0:
            spans.append((at, at + len(label), name))
    return sorted(spans)


def _problem(error: InvalidInput) -> Text:
    """The validator's complaint without its field name (the field is the ID number)."""
    return Text(f"{error.problem}; expected {error.expected}" if error.expected
                else error.problem, error.zh)


def read_front(boxes: Sequence[TextBox]) -> CardReading:
    pieces = _straighten([b for b in boxes if b.text.strip()])
    values = _labelled(pieces, FRONT_LABELS) if pieces else {}
    number_pieces = [p for p in pieces if _ID_RE.search(p.text.replace("x", "X"))]
    # An 18-digit number alone is not enough (a bank card, a contract number): the card's
    # own labels must be there too.
    if len(values) < (1 if number_pieces else MIN_FRONT_LABELS):
        if _labelled(pieces, BACK_LABELS):
            return CardReading(Side.FRONT, problem=_wrong_side(Side.BACK))
        return CardReading(Side.FRONT, problem=_not_a_card(Side.FRONT))
    fields: dict[str, ReadField] = {}
    if "name" in values:
        name = "".join(_NAME_RE.findall(values["name"].text)).replace("•", "·")
        if name:
            fields["name"] = ReadField(name, values["name"].confidence)
    if "sex" in values:
        sex = next((c for c in values["sex"].text if c in "男女"), "")
        if sex:
            fields["sex"] = ReadField(sex, values["sex"].confidence)
    if "ethnicity" in values:
        ethnicity = "".join(_NAME_RE.findall(values["ethnicity"].text))
        if ethnicity:
            fields["ethnicity"] = ReadField(ethnicity, values["ethnicity"].confidence)
    birth = _birth(values, pieces)
    if birth is not None:
        fields["birth_date"] = birth
    if "address" in values:
        fields["address"] = _address(values["address"], pieces, values, number_pieces)
    fields["id_number"] = _id_number(values, number_pieces, birth, fields.get("sex"))
    return CardReading(Side.FRONT, {k: v for k, v in fields.items() if v.value or v.problem})


def _birth(values: dict[str, _Value], pieces: list[_Piece]) -> ReadField | None:
    candidates = [(values["birth_date"].text, values["birth_date"].confidence)] \
        if "birth_date" in values else [(p.text, p.confidence) for p in pieces]
    for text, confidence in candidates:
        match = _DATE_RE.search(text)
        if match is None:
            continue
        try:
            born = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return ReadField("", confidence, Text(f"the birth date read ({match[0]}) does not "
                                                  "exist", f"读到的出生日期（{match[0]}）不存在"))
        return ReadField(born.isoformat(), confidence)
    return None


def _address(label: _Value, pieces: list[_Piece], values: dict[str, _Value],
             number_pieces: list[_Piece]) -> ReadField:
    """The address's first line, then every line below it that starts under its value and
    lies above the ID-number row, one line after another without a gap."""
    text, confidence = label.text, label.confidence
    line = label.piece.height
    bottom = min([p.y for p in number_pieces]
                 + ([values["id_number"].piece.y] if "id_number" in values else [])
                 + [math.inf])
    last_y = label.piece.y
    below = sorted((p for p in pieces if p.y > label.piece.y + 0.6 * line
                    and p.y < bottom - 0.6 * line), key=lambda p: (p.y, p.left))
    for piece in below:
        if piece.y - last_y > 2.0 * line:
            break  # a gap: what follows is not the address
        if piece.left < label.start - 1.5 * line or _label_spans(piece.text, FRONT_LABELS):
            continue
        text += piece.text
        confidence = min(confidence, piece.confidence)
        last_y = piece.y
    return ReadField(text, confidence)


def _id_number(values: dict[str, _Value], number_pieces: list[_Piece],
               birth: ReadField | None, sex: ReadField | None) -> ReadField:
    text, confidence = "", 0.0
    sources = ([(values["id_number"].text, values["id_number"].confidence)]
               if "id_number" in values else []) + [(p.text, p.confidence) for p in number_pieces]
    for candidate, score in sources:
        match = _ID_RE.search(candidate.replace("x", "X"))
        if match:
            text, confidence = match[0].replace("×", "X"), score
            break
    if not text:
        return ReadField("", 0.0, Text("no 18-character ID number could be read",
                                       "未能读出 18 位身份证号码"))
    try:
        number = validate_resident_id(text, "id_number")
    except InvalidInput as error:
        return ReadField("", confidence, _problem(error))
    if birth is None or not birth.value:
        return ReadField("", confidence, Text(
            f"the birth date could not be read to confirm the number {text}",
            f"未能读出出生日期，无法核对号码 {text}"))
    born = birth_date_from_id(number).isoformat()
    if born != birth.value:
        return ReadField("", confidence, Text(
            f"the number {number} says born {born}, the card says {birth.value}",
            f"号码 {number} 中的出生日期为 {born}，与证件上的 {birth.value} 不符"))
    if sex is not None and sex.value and (sex.value == "男") != is_male_id(number):
        return ReadField("", confidence, Text(
            f"the number {number} is a {'man' if is_male_id(number) else 'woman'}'s, the card "
            f"says {sex.value}", f"号码 {number} 的性别与证件上的“{sex.value}”不符"))
    return ReadField(number, confidence)


def read_back(boxes: Sequence[TextBox]) -> CardReading:
    pieces = _straighten([b for b in boxes if b.text.strip()])
    values = _labelled(pieces, BACK_LABELS) if pieces else {}
    period_piece = next((p for p in pieces if _PERIOD_RE.search(p.text)), None)
    if not values and period_piece is None:
        if pieces and len(_labelled(pieces, FRONT_LABELS)) >= MIN_FRONT_LABELS:
            return CardReading(Side.BACK, problem=_wrong_side(Side.FRONT))
        return CardReading(Side.BACK, problem=_not_a_card(Side.BACK))
    fields: dict[str, ReadField] = {}
    if "issuing_authority" in values:
        authority = "".join(_NAME_RE.findall(values["issuing_authority"].text))
        if authority:
            fields["issuing_authority"] = ReadField(authority,
                                                    values["issuing_authority"].confidence)
    period_text, confidence = ((values["valid_period"].text, values["valid_period"].confidence)
                               if "valid_period" in values and _PERIOD_RE.search(
                                   values["valid_period"].text)
                               else (period_piece.text, period_piece.confidence)
                               if period_piece is not None else ("", 0.0))
    match = _PERIOD_RE.search(period_text)
    if match is not None:
        try:
            start = date(int(match[1]), int(match[2]), int(match[3]))
            end = LONG_TERM if match[7] else date(int(match[4]), int(match[5]),
                                                  int(match[6])).isoformat()
        except ValueError:
            fields["valid_until"] = ReadField("", confidence, Text(
                f"the valid period read ({match[0]}) holds a date that does not exist",
                f"读到的有效期限（{match[0]}）中有不存在的日期"))
        else:
            if end != LONG_TERM and end <= start.isoformat():
                fields["valid_until"] = ReadField("", confidence, Text(
                    f"the valid period read ({match[0]}) ends before it starts",
                    f"读到的有效期限（{match[0]}）结束早于开始"))
            else:
                fields["valid_from"] = ReadField(start.isoformat(), confidence)
                fields["valid_until"] = ReadField(end, confidence)
    return CardReading(Side.BACK, fields)


def _not_a_card(side: Side) -> Text:
    en, zh = SIDE_WORDS[side]
    return Text(NOT_A_CARD.en.format(side=en), NOT_A_CARD.zh.format(side_zh=zh))


def _wrong_side(other: Side) -> Text:
    en, zh = SIDE_WORDS[other]
    return Text(WRONG_SIDE.en.format(other=en), WRONG_SIDE.zh.format(other_zh=zh))


def read_card(boxes: Sequence[TextBox], side: Side) -> CardReading:
    return read_front(boxes) if side is Side.FRONT else read_back(boxes)
