"""`loandesk ocr FILE --kind id_card_front|id_card_back [--json]`: the fields with a confidence
each; a refusal naming the extra when it is missing; the real engine on a synthetic card."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from app.cli import main
from app.documents import ocr_engine
from app.documents.id_card_ocr import TextBox
from tests.id_cards import fonts, photograph, random_person, render_back, render_front


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def _box(text: str, x: float, y: float, w: float, score: float = 0.9) -> TextBox:
    return TextBox(text, ((x, y), (x + w, y), (x + w, y + 30), (x, y + 30)), score)


FAKE_FRONT = [_box("姓名张三", 50, 50, 150, 0.87), _box("性别女民族汉", 50, 110, 200),
              _box("出生1949年12月31日", 50, 170, 260), _box("住址北京市朝阳区", 50, 230, 260),
              _box("公民身份号码11010519491231002X", 50, 420, 500, 0.99)]


@pytest.fixture
def fake_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr_engine, "ocr_available", lambda: True)
    monkeypatch.setattr(ocr_engine, "rapid_engine", lambda image: FAKE_FRONT)


@pytest.fixture
def photo(tmp_path: Path) -> Path:
    path = tmp_path / "card.jpg"
    from PIL import Image

    Image.new("RGB", (1200, 800), "white").save(path)
    return path


def test_json_gives_every_field_with_its_confidence(capsys, fake_engine, photo) -> None:
    code, out, _ = run(capsys, "ocr", str(photo), "--kind", "id_card_front", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["is_id_card"] is True and data["kind"] == "id_card_front"
    fields = data["fields"]
    assert fields["id_number"] == {"value": "11010519491231002X", "confidence": 0.99,
                                   "problem": None}
    assert fields["name"]["value"] == "张三" and fields["name"]["confidence"] == 0.87
    assert fields["birth_date"]["value"] == "1949-12-31"
    assert fields["address"]["value"] == "北京市朝阳区"


def test_plain_output_is_one_line_per_field(capsys, fake_engine, photo) -> None:
    code, out, _ = run(capsys, "ocr", str(photo), "--kind", "id_card_front")
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == ["name", "sex", "ethnicity", "birth_date",
                                                  "address", "id_number"]
    assert "11010519491231002X  [0.99]" in out


def test_the_wrong_side_is_refused_and_fills_nothing(capsys, fake_engine, photo) -> None:
    code, out, _ = run(capsys, "ocr", str(photo), "--kind", "id_card_back", "--json")
    assert code == 1
    data = json.loads(out)
    assert data["is_id_card"] is False and data["fields"] == {}
    assert "front" in data["problem"]


def test_without_the_extra_the_refusal_names_it(capsys, monkeypatch, photo) -> None:
    monkeypatch.setattr(ocr_engine, "ocr_available", lambda: False)
    code, _, err = run(capsys, "ocr", str(photo), "--kind", "id_card_front")
    assert code == 1
    assert 'pip install "loandesk[ocr]"' in err


def test_a_file_that_is_not_a_picture_is_refused(capsys, fake_engine, tmp_path) -> None:
    bad = tmp_path / "card.jpg"
    bad.write_bytes(b"not a picture at all")
    code, _, err = run(capsys, "ocr", str(bad), "--kind", "id_card_front")
    assert code == 1 and "refused" in err


def test_an_unknown_kind_is_a_usage_error(capsys, photo) -> None:
    code, _, _ = run(capsys, "ocr", str(photo), "--kind", "passport")
    assert code == 2


needs_ocr = pytest.mark.skipif(not ocr_engine.ocr_available(),
                               reason='the OCR extra is not installed (pip install ".[ocr]")')


@needs_ocr
def test_the_real_engine_reads_a_synthetic_card_photo(capsys, tmp_path) -> None:
    rng = random.Random(20261123)
    person = random_person(rng)
    face = fonts()[0]
    front, back = tmp_path / "front.jpg", tmp_path / "back.jpg"
    photograph(render_front(person, face, rng), rng, max_angle=3).save(front)
    photograph(render_back(person, face, rng), rng, max_angle=3).save(back)
    code, out, _ = run(capsys, "ocr", str(front), "--kind", "id_card_front", "--json")
    assert code == 0
    fields = json.loads(out)["fields"]
    assert fields["id_number"]["value"] == person.id_number
    assert fields["name"]["value"] == person.name
    assert fields["birth_date"]["value"] == person.birth.isoformat()
    assert 0 < fields["id_number"]["confidence"] <= 1
    code, out, _ = run(capsys, "ocr", str(back), "--kind", "id_card_back", "--json")
    assert code == 0
    fields = json.loads(out)["fields"]
    assert fields["valid_until"]["value"] == person.valid_until.isoformat()
    assert fields["issuing_authority"]["value"] == person.authority


@needs_ocr
def test_the_real_engine_says_a_blank_page_is_not_a_card(capsys, photo) -> None:
    code, out, _ = run(capsys, "ocr", str(photo), "--kind", "id_card_front", "--json")
    assert code == 1
    assert json.loads(out)["fields"] == {}


def test_a_bank_statement_gives_income_per_month(capsys, tmp_path) -> None:
    from tests.unit.documents.test_bank_statement import (
        OWNER,
        expected,
        transactions,
        two_column_pdf,
    )

    rows = transactions()
    statement = tmp_path / "statement.pdf"
    statement.write_bytes(two_column_pdf(rows))
    code, out, _ = run(capsys, "ocr", str(statement), "--kind", "bank_statement",
                       "--owner", OWNER, "--json")
    assert code == 0
    data = json.loads(out)
    assert data["income"] == {m: format(a, "f") for m, a in sorted(expected(rows).items())}
    assert data["excluded"] and all(e["why"] for e in data["excluded"])
    code, out, _ = run(capsys, "ocr", str(statement), "--kind", "bank_statement",
                       "--owner", OWNER)
    assert code == 0 and out.splitlines()[0].startswith("2026-03")
    assert "left out" in out


def test_a_scanned_statement_is_refused_with_the_reason(capsys, photo, tmp_path) -> None:
    from PIL import Image

    scan = tmp_path / "scan.pdf"
    Image.new("RGB", (600, 800), "white").save(scan, "PDF")
    code, out, _ = run(capsys, "ocr", str(scan), "--kind", "bank_statement")
    assert code == 1 and "no text layer" in out
