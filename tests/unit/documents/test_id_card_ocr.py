"""ID-card fields from an OCR engine's text boxes: by position, whatever their order, slant,
joins and gaps; the ID number only with a valid check character and the card's birth date."""

from __future__ import annotations

import math
import random
from datetime import date

import pytest

from app.documents.id_card_ocr import (
    FRONT_FIELDS,
    CardReading,
    Side,
    TextBox,
    read_back,
    read_card,
    read_front,
)
from app.domain.document_content import LONG_TERM

WEIGHTS = [2 ** (17 - i) % 11 for i in range(17)]  # ISO 7064 MOD 11-2, computed here


def with_check(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def wrong_check(first17: str) -> str:
    right = with_check(first17)[-1]
    return first17 + ("0" if right != "0" else "1")


NUMBER = with_check("11010119900107001")  # born 1990-01-07, 001: odd → a man
WOMAN = with_check("32010219851123002")  # born 1985-11-23, 002: even → a woman

# (text, left, top, width) on an 856 × 540 card, 36 px high lines, the way the card prints
# them; the engine may join a label with its value, or not.
FRONT = [
    ("姓名", 60, 50, 60), ("张伟明", 150, 50, 110),
    ("性别", 60, 110, 60), ("男", 150, 110, 30), ("民族", 260, 110, 60), ("汉", 350, 110, 30),
    ("出生", 60, 170, 60), ("1990年1月7日", 150, 170, 190),
    ("住址", 60, 230, 60), ("北京市东城区景山前街", 150, 230, 300),
    ("4号院2单元301室", 150, 280, 230),
    ("公民身份号码", 60, 420, 180), (NUMBER, 280, 420, 420),
]
BACK = [
    ("中华人民共和国", 250, 60, 400), ("居民身份证", 250, 130, 420),
    ("签发机关", 150, 380, 120), ("北京市公安局东城分局", 290, 380, 320),
    ("有效期限", 150, 440, 120), ("2015.03.01-2035.03.01", 290, 440, 330),
]
LINE = 36


def boxes(rows: list[tuple[str, int, int, int]], *, angle: float = 0.0, seed: int = 0,
          confidence: float = 0.95) -> list[TextBox]:
    """The rows as an engine returns them: corners clockwise from the text's top-left, the
    whole card turned by `angle` degrees about its centre, in shuffled order."""
    a = math.radians(angle)

    def turn(x: float, y: float) -> tuple[float, float]:
        x, y = x - 428, y - 270
        return (428 + x * math.cos(a) - y * math.sin(a), 270 + x * math.sin(a) + y * math.cos(a))

    result = [TextBox(text, (turn(x, y), turn(x + w, y), turn(x + w, y + LINE),
                             turn(x, y + LINE)), confidence) for text, x, y, w in rows]
    random.Random(seed).shuffle(result)
    return result


def values(reading: CardReading) -> dict[str, str]:
    return {name: field.value for name, field in reading.fields.items() if field.value}


EXPECTED_FRONT = {"name": "张伟明", "sex": "男", "ethnicity": "汉", "birth_date": "1990-01-07",
                  "address": "北京市东城区景山前街4号院2单元301室", "id_number": NUMBER}


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("angle", [0.0, 4.0, -5.0, 12.0])
def test_the_front_is_read_by_position_in_any_order_and_slant(seed: int, angle: float) -> None:
    reading = read_front(boxes(FRONT, angle=angle, seed=seed))
    assert reading.is_card
    assert values(reading) == EXPECTED_FRONT
    assert set(reading.fields) <= set(FRONT_FIELDS)


def test_labels_joined_with_their_values_are_split() -> None:
    joined = [("姓名张伟明", 60, 50, 200), ("性别男民族汉", 60, 110, 300),
              ("出生1990年1月7日", 60, 170, 280), ("住址北京市东城区景山前街", 60, 230, 390),
              ("4号院2单元301室", 150, 280, 230), ("公民身份号码" + NUMBER, 60, 420, 640)]
    assert values(read_front(boxes(joined, angle=3, seed=9))) == EXPECTED_FRONT


def test_the_order_of_the_boxes_does_not_matter_but_their_place_does() -> None:
    """The same texts with the two address lines' rows swapped on the card read swapped."""
    moved = [row if not row[0].startswith("4号院") else (row[0], 150, 230, 230) for row in FRONT]
    moved = [row if row[0] != "北京市东城区景山前街" else (row[0], 150, 280, 300)
             for row in moved]
    moved = [row if row[0] != "住址" else (row[0], 60, 230, 60) for row in moved]
    assert read_front(boxes(moved)).value("address") == "4号院2单元301室北京市东城区景山前街"


def test_the_address_stops_at_a_gap_and_at_the_number_row() -> None:
    rows = [*FRONT, ("签名栏", 150, 360, 120)]  # two lines below the address: not part of it
    assert read_front(boxes(rows)).value("address") == EXPECTED_FRONT["address"]
    # A third address line right under the second is part of it.
    rows = [*FRONT, ("东侧", 150, 330, 60)]
    assert read_front(boxes(rows)).value("address") == EXPECTED_FRONT["address"] + "东侧"


def test_the_number_and_one_label_are_enough_to_be_a_card() -> None:
    rows = [("公民身份号码", 60, 420, 180), (NUMBER, 280, 420, 420)]
    reading = read_front(boxes(rows))
    assert reading.is_card
    assert reading.fields["id_number"].value == ""  # no birth date read to confirm it
    assert reading.fields["id_number"].problem is not None


def test_missing_fields_stay_missing() -> None:
    rows = [r for r in FRONT if r[0] not in ("民族", "汉", "姓名", "张伟明")]
    reading = read_front(boxes(rows))
    assert reading.is_card
    assert "name" not in reading.fields and "ethnicity" not in reading.fields
    assert reading.value("id_number") == NUMBER


def test_a_wrong_check_character_leaves_the_number_empty_with_the_reason() -> None:
    bad = wrong_check(NUMBER[:17])
    rows = [r if r[0] != NUMBER else (bad, *r[1:]) for r in FRONT]
    reading = read_front(boxes(rows))
    field = reading.fields["id_number"]
    assert field.value == ""
    assert field.problem is not None and "check character" in field.problem.en
    assert "校验位" in field.problem.zh
    assert reading.value("name") == "张伟明"  # the rest is still read


def test_a_birth_date_that_differs_from_the_numbers_leaves_it_empty() -> None:
    rows = [r if r[0] != "1990年1月7日" else ("1990年1月8日", *r[1:]) for r in FRONT]
    field = read_front(boxes(rows)).fields["id_number"]
    assert field.value == ""
    assert field.problem is not None and "1990-01-07" in field.problem.en
    assert "1990-01-08" in field.problem.en


def test_without_a_birth_date_the_number_is_not_confirmed() -> None:
    rows = [r for r in FRONT if r[0] not in ("出生", "1990年1月7日")]
    field = read_front(boxes(rows)).fields["id_number"]
    assert field.value == "" and field.problem is not None


def test_the_sex_must_match_the_numbers() -> None:
    rows = [r if r[0] != "男" else ("女", *r[1:]) for r in FRONT]
    reading = read_front(boxes(rows))
    assert reading.value("id_number") == ""
    assert reading.value("sex") == "女"
    woman = [r if r[0] != NUMBER else (WOMAN, *r[1:]) for r in rows]
    woman = [r if r[0] != "1990年1月7日" else ("1985年11月23日", *r[1:]) for r in woman]
    assert read_front(boxes(woman)).value("id_number") == WOMAN


def test_a_lower_case_x_is_read_as_the_check_character() -> None:
    first17 = next(f"1101011990010700{d}" for d in range(10)
                   if with_check(f"1101011990010700{d}").endswith("X"))
    number = with_check(first17)
    rows = [r if r[0] != NUMBER else (number.lower(), *r[1:]) for r in FRONT]
    if int(number[16]) % 2 == 0:
        rows = [r if r[0] != "男" else ("女", *r[1:]) for r in rows]
    assert read_front(boxes(rows)).value("id_number") == number


def test_the_confidence_is_the_least_of_the_boxes_read() -> None:
    reading = read_front([*boxes([r for r in FRONT if r[0] != "4号院2单元301室"]),
                          *boxes([("4号院2单元301室", 150, 280, 230)], confidence=0.41)])
    assert reading.fields["address"].confidence == pytest.approx(0.41)
    assert reading.fields["name"].confidence == pytest.approx(0.95)


@pytest.mark.parametrize("rows", [
    [("发票", 100, 50, 100), ("金额 ¥12,000.00", 100, 120, 300),
     ("开票日期 2024年5月1日", 100, 190, 360)],
    [("姓名", 60, 50, 60), ("张伟明", 150, 50, 110)],  # one label alone is not a card
    [("账号", 60, 50, 60), (NUMBER, 150, 50, 420)],  # a number alone is not a card either
    [("姓名", 60, 50, 60), ("出生", 60, 110, 60)],  # two labels without the number
    [],
])
def test_something_that_is_not_an_id_card_fills_nothing(rows) -> None:
    reading = read_front(boxes(rows))
    assert not reading.is_card
    assert reading.fields == {}
    assert reading.problem is not None and "not" in reading.problem.en
    assert "不是居民身份证" in reading.problem.zh


def test_the_back_read_as_front_says_which_side_it_is() -> None:
    reading = read_front(boxes(BACK))
    assert not reading.is_card and reading.fields == {}
    assert reading.problem is not None and "national emblem" in reading.problem.en


def test_the_front_read_as_back_says_which_side_it_is() -> None:
    reading = read_back(boxes(FRONT))
    assert not reading.is_card and reading.fields == {}
    assert reading.problem is not None and "photo" in reading.problem.en


@pytest.mark.parametrize("angle", [0.0, -4.0, 5.0])
def test_the_back_gives_the_authority_and_the_valid_period(angle: float) -> None:
    reading = read_card(boxes(BACK, angle=angle, seed=3), Side.BACK)
    assert values(reading) == {"issuing_authority": "北京市公安局东城分局",
                               "valid_from": "2015-03-01", "valid_until": "2035-03-01"}


def test_a_long_term_card() -> None:
    rows = [r if not r[0].startswith("2015") else ("2015.03.01-长期", *r[1:]) for r in BACK]
    assert read_back(boxes(rows)).value("valid_until") == LONG_TERM


def test_a_period_joined_with_its_label_and_without_dots() -> None:
    rows = [r for r in BACK if r[0] not in ("有效期限", "2015.03.01-2035.03.01")]
    rows.append(("有效期限20150301-20350301", 150, 440, 460))
    assert read_back(boxes(rows)).value("valid_until") == "2035-03-01"


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    rows = [r if not r[0].startswith("2015") else ("2035.03.01-2015.03.01", *r[1:]) for r in BACK]
    field = read_back(boxes(rows)).fields["valid_until"]
    assert field.value == "" and field.problem is not None


def test_an_impossible_date_in_the_period_is_refused() -> None:
    rows = [r if not r[0].startswith("2015") else ("2015.02.30-2035.02.30", *r[1:]) for r in BACK]
    field = read_back(boxes(rows)).fields["valid_until"]
    assert field.value == "" and field.problem is not None


def test_the_birth_date_must_exist() -> None:
    rows = [r if r[0] != "1990年1月7日" else ("1990年2月30日", *r[1:]) for r in FRONT]
    reading = read_front(boxes(rows))
    assert reading.value("birth_date") == ""
    assert reading.value("id_number") == ""


def test_expected_vectors_are_independent() -> None:
    """The check characters used above agree with the published example number."""
    assert with_check("11010519491231002") == "11010519491231002X"
    assert date(1990, 1, 7).isoformat() == EXPECTED_FRONT["birth_date"]


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_a_card_lying_the_other_way_is_turned_and_read(turn: int) -> None:
    """The engine (a fake here) finds the card's text only when the picture is upright."""
    from PIL import Image

    from app.documents.ocr_engine import TURNS, read_id_card

    upright = Image.new("RGB", (40, 20), "white")
    upright.putpixel((0, 0), (255, 0, 0))  # the top-left corner says which way is up
    seen: list[tuple[int, int]] = []

    def engine(image: Image.Image) -> list[TextBox]:
        seen.append(image.size)
        return boxes(FRONT) if image.getpixel((0, 0)) == (255, 0, 0) else []

    reading = read_id_card(upright.rotate(-turn, expand=True), Side.FRONT, engine)
    assert values(reading) == EXPECTED_FRONT
    assert seen[-1] == (40, 20)
    # As it is first, then the turns in their order until one shows the card.
    assert len(seen) == (1 if turn == 0 else 2 + TURNS.index(turn))


def test_something_that_is_no_card_whichever_way_is_said_so() -> None:
    from PIL import Image

    from app.documents.ocr_engine import TURNS, read_id_card

    calls: list[int] = []

    def engine(image: Image.Image) -> list[TextBox]:
        calls.append(1)
        return []

    reading = read_id_card(Image.new("RGB", (40, 20)), Side.BACK, engine)
    assert not reading.is_card and reading.fields == {}
    assert len(calls) == 1 + len(TURNS)
