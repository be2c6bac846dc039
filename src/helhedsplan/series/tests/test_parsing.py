"""The number and period formats people type, Danish first."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helhedsplan.series.importers import ImportFileError, parse_decimal, parse_period, read_rows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("59,2", "59.2"),
        ("59,2 %", "59.2"),
        ("59,2%", "59.2"),
        ("59.2", "59.2"),
        ("1.741", "1741"),
        ("331.964 kr.", "331964"),
        ("331 964", "331964"),
        ("1.234.567,5", "1234567.5"),
        ("1,234,567.5", "1234567.5"),
        ("1,741,000", "1741000"),
        ("-3,5", "-3.5"),
        ("0", "0"),
        (216, "216"),
        (0.592, "0.592"),
    ],
)
def test_numbers_are_read_as_danes_and_others_write_them(text, expected) -> None:
    assert parse_decimal(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["ca. 60", "", "60-70", "1,2,3", "NaN", "Infinity", "1e5", "%"])
def test_what_is_not_a_number_is_refused(text) -> None:
    assert parse_decimal(text) is None


@pytest.mark.parametrize(
    ("text", "start", "label"),
    [
        ("2016", datetime.date(2016, 1, 1), "2016"),
        (2016, datetime.date(2016, 1, 1), "2016"),
        (2016.0, datetime.date(2016, 1, 1), "2016"),
        ("2017H1", datetime.date(2017, 1, 1), "2017H1"),
        ("2017h2", datetime.date(2017, 7, 1), "2017H2"),
        ("2017K2", datetime.date(2017, 4, 1), "2017K2"),
        ("2017Q4", datetime.date(2017, 10, 1), "2017K4"),
        ("2017M03", datetime.date(2017, 3, 1), "03.2017"),
        ("2017-03", datetime.date(2017, 3, 1), "03.2017"),
        ("03.2017", datetime.date(2017, 3, 1), "03.2017"),
        ("01.07.2017", datetime.date(2017, 7, 1), "01.07.2017"),
        ("2017-07-01", datetime.date(2017, 7, 1), "01.07.2017"),
        (datetime.date(2017, 7, 1), datetime.date(2017, 7, 1), "01.07.2017"),
        (datetime.datetime(2017, 7, 1, 0, 0), datetime.date(2017, 7, 1), "01.07.2017"),
    ],
)
def test_periods_are_years_halves_quarters_months_or_days(text, start, label) -> None:
    period = parse_period(text)
    assert period is not None
    assert (period.start, period.label) == (start, label)


@pytest.mark.parametrize("text", ["sidste år", "2017H3", "2017K5", "13.2017", "31.02.2017", "16"])
def test_what_is_not_a_period_is_refused(text) -> None:
    assert parse_period(text) is None


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_any_text_is_a_number_a_period_or_neither_and_never_an_error(text) -> None:
    number = parse_decimal(text)
    assert number is None or number.is_finite()
    period = parse_period(text)
    assert period is None or 1900 <= period.start.year <= 2100


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300), st.sampled_from(["tal.csv", "tal.xlsx", "tal", "tal.pdf"]))
def test_any_file_is_rows_or_a_readable_refusal(data, name) -> None:
    try:
        rows = read_rows(name, data)
    except ImportFileError as error:
        assert str(error)
    else:
        assert all(isinstance(row, list) for row in rows)
