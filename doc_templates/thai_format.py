"""Thai formatting helpers: B.E. dates, Thai digits, and the digit rule.

The digit rule (explicit, per value type):

* plain ``str`` / numbers / dates in the body — converted to Thai digits
  (๐-๙) when ``DocumentSettings.thai_digits`` is on;
* :class:`Code` — identifiers such as KPI codes ("1.1") and document
  numbers ("กพร 0501/123"): stay Arabic while
  ``DocumentSettings.keep_codes_arabic`` is on (the default), otherwise they
  follow ``thai_digits`` like body text;
* :class:`Verbatim` — never converted (e-mail addresses, URLs, file names),
  because changing their digits would make them wrong.

Context dataclasses coerce the fields concerned into these marker types in
``__post_init__`` so the rule is declared by the field's type, not guessed.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

from pythainlp.util import arabic_digit_to_thai_digit, thai_strftime

__all__ = [
    "Code",
    "Verbatim",
    "thai_date",
    "to_thai_digits",
    "to_arabic_digits",
    "format_number",
    "fiscal_year_period",
    "be_year",
]

_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_TO_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


class Code(str):
    """รหัส (KPI code, document number): Arabic digits while keep_codes_arabic."""

    __slots__ = ()


class Verbatim(str):
    """ข้อความที่ห้ามแปลงเลข (e-mail, URL): digits are never converted."""

    __slots__ = ()


def to_thai_digits(text) -> str:
    """แปลงเลขอารบิกเป็นเลขไทย: "2569" → "๒๕๖๙" (other characters untouched)."""
    if text is None:
        return ""
    # str.translate is ~10x faster than pythainlp's per-char loop and gives
    # the same result (cross-checked in the tests).
    return str(text).translate(_TO_THAI)


def to_arabic_digits(text) -> str:
    """แปลงเลขไทยเป็นเลขอารบิก: "๒๕๖๙" → "2569"."""
    return "" if text is None else str(text).translate(_TO_ARABIC)


def be_year(ce_year: int) -> int:
    """ปี ค.ศ. → ปี พ.ศ. (B.E. = C.E. + 543)."""
    return ce_year + 543


def thai_date(value: _dt.date, thai_digits: bool = True, fmt: str = "%-d %B %Y") -> str:
    """วันที่แบบไทย พ.ศ. เดือนภาษาไทยเต็ม.

    >>> thai_date(_dt.date(2026, 11, 21))
    '๒๑ พฤศจิกายน ๒๕๖๙'
    >>> thai_date(_dt.date(2026, 11, 21), thai_digits=False)
    '21 พฤศจิกายน 2569'
    """
    if isinstance(value, _dt.datetime):
        dt = value
    else:
        dt = _dt.datetime(value.year, value.month, value.day)
    return thai_strftime(dt, fmt, thaidigit=thai_digits)


def format_number(value, decimals: int | None = None) -> str:
    """ตัวเลขเป็นข้อความ: int as is, Decimal/float trimmed, or fixed decimals.

    ``format_number(Decimal("20.00"))`` → "20"; ``format_number(3.5)`` → "3.5";
    ``format_number(4.12345, 4)`` → "4.1235". No thousands separator, so
    years (2569) and codes stay as written.
    """
    if value is None:
        return "-"
    if isinstance(value, bool):
        return str(value)
    if decimals is not None:
        return f"{Decimal(str(value)):.{decimals}f}"
    if isinstance(value, int):
        return str(value)
    d = Decimal(str(value))
    if d == d.to_integral_value():
        return str(int(d))
    text = f"{d:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def fiscal_year_period(fiscal_year_be: int) -> tuple[_dt.date, _dt.date]:
    """ช่วงปีงบประมาณ: 2569 → (1 Oct 2025, 30 Sep 2026)."""
    ce = fiscal_year_be - 543
    return _dt.date(ce - 1, 10, 1), _dt.date(ce, 9, 30)
