from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.procedure import FORM_STEPS
from app.printing.forms import STEP_IDS, FormSpecError, load_forms

ELEVEN = {
    "sales_contract": 3, "fee_details": 1, "accessory_list": 1, "income_certificate": 1,
    "loan_application": 1, "invoice_notice": 1, "conformity_application": 1,
    "mortgage_packet": 1, "warehouse_release": 2, "settlement_list": 1,
    "delivery_confirmation": 2,
}

GOOD = """
id = "{id}"
title = "测试单"
step = "contract"
[[copies]]
id = "main"
label = "第一联"
colour = "white"
recipient_role = "consultant"
[[blocks]]
type = "fields"
fields = [{{ label = "姓名", path = "customer.name" }}]
"""


def test_all_eleven_forms_load_with_their_copies() -> None:
    forms = load_forms()
    assert {k: len(v.copies) for k, v in forms.items()} == ELEVEN
    assert all(f.step in STEP_IDS for f in forms.values())


def test_steps_agree_with_the_procedure() -> None:
    forms = load_forms()
    for form_id, step in FORM_STEPS.items():
        if form_id in forms:
            assert forms[form_id].step == step, form_id
    assert forms["income_certificate"].step == "documents"


def test_copy_labels_colours_and_recipients() -> None:
    forms = load_forms()
    contract = forms["sales_contract"]
    assert [(c.colour, c.recipient_role) for c in contract.copies] == [
        ("red", "info_clerk"), ("white", "finance"), ("green", "consultant")]
    release = forms["warehouse_release"]
    assert [(c.colour, c.recipient_role) for c in release.copies] == [
        ("red", "info_clerk"), ("green", "warehouse")]
    assert round(release.page_size[0] / 72 * 25.4) == 241
    assert round(release.page_size[1] / 72 * 25.4) == 140


def write(tmp_path: Path, text: str, name: str = "bad") -> Path:
    (tmp_path / f"{name}.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_good_file_loads(tmp_path: Path) -> None:
    assert "ok" in load_forms(write(tmp_path, GOOD.format(id="ok"), "ok"))


@pytest.mark.parametrize(("change", "key"), [
    (("title = \"测试单\"\n", ""), "title: missing"),
    (("step = \"contract\"", "step = \"nowhere\""), "step:"),
    (("id = \"bad\"", "id = \"other\""), "id:"),
    (("colour = \"white\"", "colour = \"purple\""), "copies[0].colour"),
    (("type = \"fields\"", "type = \"chart\""), "blocks[0].type"),
    (("path = \"customer.name\"", "path = \"customer.name\", format = \"weird\""),
     "blocks[0].fields[0].format"),
    (("path = \"customer.name\"", "path = \"customer.name\", spam = 1"),
     "blocks[0].fields[0].spam"),
    (("label = \"第一联\"", "label = 1"), "copies[0].label: expected text"),
])
def test_a_malformed_file_names_the_file_and_the_key(tmp_path: Path, change: tuple[str, str],
                                                     key: str) -> None:
    text = GOOD.format(id="bad").replace(*change)
    with pytest.raises(FormSpecError) as err:
        load_forms(write(tmp_path, text))
    assert "bad.toml" in str(err.value)
    assert key in str(err.value)


def test_broken_toml_syntax_is_reported_with_the_file(tmp_path: Path) -> None:
    with pytest.raises(FormSpecError, match=r"bad\.toml: not valid TOML"):
        load_forms(write(tmp_path, "id = \"bad\nthis is not toml"))
