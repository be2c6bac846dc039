"""Kroner read and shown the Danish way, and budget lines that must add up: property tests
of the pure parts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from helhedsplan.grants.money import format_kroner, input_kroner, parse_kroner
from helhedsplan.grants.services import LineInput, check_budget

ORE = st.integers(min_value=1, max_value=10_000_000_00).map(lambda ore: Decimal(ore) / 100)
LINES = st.lists(ORE, min_size=1, max_size=20).map(
    lambda amounts: [LineInput(f"Udgift {n}", amount) for n, amount in enumerate(amounts)]
)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1.234,50", Decimal("1234.50")),
        ("1234,5", Decimal("1234.50")),
        ("1234", Decimal("1234.00")),
        ("1 234,50 kr.", Decimal("1234.50")),
        ("12.345.678", Decimal("12345678.00")),
        ("0,75", Decimal("0.75")),
    ],
)
def test_danish_amounts_are_read(text: str, amount: Decimal) -> None:
    assert parse_kroner(text) == amount


@pytest.mark.parametrize("text", ["", "abc", "1.23", "1,234", "12,3,4", "-5", "1.2345,00"])
def test_what_is_not_a_danish_amount_is_not_read(text: str) -> None:
    assert parse_kroner(text) is None


def test_amounts_are_shown_the_danish_way() -> None:
    assert format_kroner(Decimal("1234.5")) == "1.234,50\N{NO-BREAK SPACE}kr."


@given(ORE)
def test_an_amount_shown_is_read_back_as_the_same(amount: Decimal) -> None:
    assert parse_kroner(format_kroner(amount)) == amount
    assert parse_kroner(input_kroner(amount)) == amount


@given(LINES)
def test_lines_that_add_up_to_the_amount_are_accepted(lines: list[LineInput]) -> None:
    check_budget(amount_requested=sum((line.amount for line in lines), Decimal(0)), lines=lines)


@given(LINES, st.integers(min_value=-1_000_00, max_value=1_000_00).filter(bool))
def test_lines_that_miss_the_amount_by_any_ore_are_refused(
    lines: list[LineInput], off_by: int
) -> None:
    total = sum((line.amount for line in lines), Decimal(0))
    with pytest.raises(ValidationError, match="De skal give det samme"):
        check_budget(amount_requested=total + Decimal(off_by) / 100, lines=lines)
