"""The refusal every layer raises: one line naming the field, in both languages."""

from __future__ import annotations

import pytest

from app.domain.errors import (
    DatabaseUnavailable,
    GateClosed,
    InvalidInput,
    NotFound,
    PermissionDenied,
    Text,
)


def test_the_line_names_field_problem_and_expectation() -> None:
    error = InvalidInput("loan.amount", "is negative", "0 or more", zh="贷款金额不能为负")
    assert str(error) == "loan.amount: is negative; expected 0 or more"
    assert error.args == ("loan.amount: is negative; expected 0 or more",)
    assert (error.field, error.problem, error.expected, error.zh) == (
        "loan.amount", "is negative", "0 or more", "贷款金额不能为负")


def test_without_expectation_or_chinese() -> None:
    error = InvalidInput("vin", "is too short")
    assert str(error) == "vin: is too short"
    assert error.expected == ""
    assert error.zh == "is too short"  # never an empty message in the Chinese interface


def test_for_field_keeps_the_complaint() -> None:
    error = InvalidInput("id_number", "bad check character", "X", zh="校验位错误")
    moved = error.for_field("spouse.id_number")
    assert type(moved) is InvalidInput
    assert (moved.field, moved.problem, moved.expected, moved.zh) == (
        "spouse.id_number", "bad check character", "X", "校验位错误")
    assert str(moved) == "spouse.id_number: bad check character; expected X"
    assert error.field == "id_number"  # the original is unchanged


@pytest.mark.parametrize("kind", [NotFound, GateClosed, PermissionDenied, DatabaseUnavailable])
def test_every_refusal_is_an_invalid_input(kind: type[InvalidInput]) -> None:
    error = kind("case", "LD1 not found", zh="没有案件")
    assert isinstance(error, InvalidInput) and isinstance(error, ValueError)
    assert str(error) == "case: LD1 not found" and error.zh == "没有案件"


def test_text_reads_english_by_default() -> None:
    text = Text("credit officer", "信贷专员")
    assert str(text) == "credit officer" and text.zh == "信贷专员"
    assert text == Text("credit officer", "信贷专员")
    with pytest.raises(AttributeError):
        text.en = "x"  # type: ignore[misc]
