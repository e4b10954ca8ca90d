"""The editor's form: dates and times typed the GOV.UK way, in the summit's time zone."""

from datetime import date, time

import pytest

from forum.manage.forms import local_to_utc, parse_date, parse_time
from tests.manage.support import at


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("27", "11", "2026"), date(2026, 11, 27)),
        (("1", "3", "2027"), date(2027, 3, 1)),
        (("05", "Nov", "2026"), date(2026, 11, 5)),
        (("5", "september", "2026"), date(2026, 9, 5)),
    ],
)
def test_dates_typed_in_three_boxes(parts, expected):
    assert parse_date(parts) == expected


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("", "", ""), "Enter the date to publish the proposition."),
        (("27", "", "2026"), "The date must include a month."),
        (("", "11", ""), "The date must include a day and a year."),
        (("31", "2", "2027"), "The date must be a real date"),
        (("1", "13", "2027"), "The date must be a real date"),
        (("x", "1", "2027"), "The date must be a real date"),
        (("1", "1", "27"), "The year must include 4 numbers"),
    ],
)
def test_dates_that_are_refused_say_why(parts, message):
    with pytest.raises(ValueError, match=message):
        parse_date(parts)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("14:30", time(14, 30)),
        ("9.05", time(9, 5)),
        ("2:30pm", time(14, 30)),
        ("12am", time(0)),
        ("7", time(7)),
    ],
)
def test_times(typed, expected):
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", ["24:00", "14:60", "13pm", "half past two", "1430"])
def test_times_that_are_refused(typed):
    with pytest.raises(ValueError, match="14:30"):
        parse_time(typed)


def test_local_times_are_stored_in_utc_and_missing_ones_refused():
    assert local_to_utc(date(2027, 7, 1), time(14, 30), "Europe/London") == at(2027, 7, 1, 13, 30)
    assert local_to_utc(date(2027, 1, 1), time(14, 30), "Europe/London") == at(2027, 1, 1, 14, 30)
    # The clocks go forward at 01:00 on the last Sunday of March 2027 in London.
    assert local_to_utc(date(2027, 3, 28), time(1, 30), "Europe/London") is None
