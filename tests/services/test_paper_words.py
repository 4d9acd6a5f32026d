"""No English internals on Chinese paper (issue 14): footers print the form's title, never
its id; drafts say 草稿 in the form's language; the dossier prints 已婚 and 已满足; a
deducted settlement line prints 减：and its size, never a minus sign as well."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from app.domain.settlement import case_settlement
from app.printing.engine import draft_mark
from app.printing.forms import load_forms
from app.services.cases import get_case
from app.services.dossier import build_case_dossier
from app.services.forms import issue_form, preview_form
from app.store.db import Database
from tests.conftest import CREDIT, MANAGER
from tests.helpers import new_case
from tests.services.conftest import template

FORMS = load_forms()
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                   reason="pdftotext (poppler-utils) not installed")
FORM_ID = re.compile(r"[（(]\s*[a-z]+_[a-z_]+\s*[)）]")


def pages_text(pdf: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "form.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [p for p in text.split("\f") if p.strip()]


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    def build(db: Database) -> dict[str, str]:
        early, _ = new_case(db, 4)  # through the credit review: the dossier is complete
        late, _ = new_case(db, 8)  # mortgage registered: the release and settlement print
        return {"early": early, "late": late}

    return template(tmp_path_factory, "paper_words", build)


@pytest.fixture
def cases(staged: tuple[Path, dict[str, str]],
          copy_of: Callable[[Path], Database]) -> tuple[Database, dict[str, str]]:
    path, numbers = staged
    return copy_of(path), numbers


def test_the_draft_mark_follows_the_forms_language() -> None:
    contract = FORMS["sales_contract"]
    assert draft_mark(contract) == "草稿"
    english = dataclasses.replace(contract, title="Vehicle Sales Contract")
    assert draft_mark(english) == "DRAFT"


@needs_poppler
@pytest.mark.parametrize("form_id", ["sales_contract", "settlement_list", "warehouse_release",
                                     "delivery_confirmation", "fee_details"])
def test_a_chinese_draft_says_only_chinese(form_id: str, cases: tuple[Database, dict[str, str]],
                                           tmp_path: Path) -> None:
    db, numbers = cases
    pages = pages_text(preview_form(db, MANAGER, numbers["late"], form_id), tmp_path)
    assert pages
    for page in pages:
        assert "草稿" in page
        assert "DRAFT" not in page.upper(), page
        assert not FORM_ID.search(page), page
        assert f"（{form_id}）" not in page and form_id not in page
        assert FORMS[form_id].title in page  # the footer names the form by its title


@needs_poppler
def test_an_issued_footer_prints_the_title_and_serial_not_the_id(
        cases: tuple[Database, dict[str, str]], tmp_path: Path) -> None:
    db, numbers = cases
    issued = issue_form(db, MANAGER, numbers["late"], "settlement_list")
    [page] = pages_text(issued.pdf, tmp_path)
    footer = page.strip().splitlines()[-1]
    assert "购车结算清单" in footer and issued.serial in footer
    assert "settlement_list" not in page and "草稿" not in page


@needs_poppler
def test_a_deducted_line_prints_its_size_after_jian(cases: tuple[Database, dict[str, str]],
                                                    tmp_path: Path) -> None:
    db, numbers = cases
    detail = get_case(db, MANAGER, numbers["late"])
    statement = case_settlement(detail.data, {t: r.values for t, r in detail.tasks.items()})
    [page] = pages_text(preview_form(db, MANAGER, numbers["late"], "settlement_list"), tmp_path)
    loan = detail.data.loan.amount
    assert re.search(rf"减：贷款金额\s+¥{re.escape(f'{loan:,.2f}')}", page), page
    assert "-¥" not in page and "减：-" not in page
    # The total is still the signed sum: price and fees less what is deducted.
    signed = sum((line.amount for line in statement.lines), Decimal(0))
    assert re.search(rf"应收合计\s+¥{re.escape(f'{signed:,.2f}')}", page), page


@needs_poppler
def test_the_dossier_prints_chinese_words_not_internal_values(
        cases: tuple[Database, dict[str, str]], tmp_path: Path) -> None:
    db, numbers = cases
    pages = pages_text(build_case_dossier(db, CREDIT, numbers["early"]), tmp_path)
    cover = "".join(pages[:2])
    assert "已婚" in cover  # the married customer of tests.conftest.married_case
    assert "已满足" in cover
    words = set(re.findall(r"[A-Za-z_]+", cover))
    assert not words & {"married", "satisfied", "missing", "invalid", "waiting"}, words
