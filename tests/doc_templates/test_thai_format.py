import datetime as dt
from decimal import Decimal

from pythainlp.util import arabic_digit_to_thai_digit

from thai.calendar import fiscal_year_period

from doc_templates.thai_format import (
    format_number,
    thai_date,
    to_arabic_digits,
    to_thai_digits,
)


def test_thai_date_with_and_without_thai_digits():
    assert thai_date(dt.date(2026, 11, 21)) == "๒๑ พฤศจิกายน ๒๕๖๙"
    assert thai_date(dt.date(2026, 11, 21), thai_digits=False) == "21 พฤศจิกายน 2569"
    assert thai_date(dt.date(2025, 1, 5), thai_digits=False) == "5 มกราคม 2568"


def test_to_thai_digits_matches_pythainlp_and_round_trips():
    text = "ตัวชี้วัดที่ 1.1 ร้อยละ 80 ปี 2569 (0123456789)"
    assert to_thai_digits(text) == arabic_digit_to_thai_digit(text)
    assert to_arabic_digits(to_thai_digits(text)) == text
    assert to_thai_digits(None) == ""


def test_format_number():
    assert format_number(Decimal("20.00")) == "20"
    assert format_number(12.5) == "12.5"
    assert format_number(2569) == "2569"  # no thousands separator in years
    assert format_number(Decimal("4.71235"), 4) == "4.7124"
    assert format_number(4.5, 4) == "4.5000"
    assert format_number(None) == "-"


def test_fiscal_year_period():
    assert fiscal_year_period(2569) == (dt.date(2025, 10, 1), dt.date(2026, 9, 30))
