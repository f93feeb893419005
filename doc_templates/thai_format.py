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
import re
from decimal import Decimal, InvalidOperation

from pythainlp.util import arabic_digit_to_thai_digit, thai_strftime

from thai.text import THAI_TO_ARABIC

__all__ = [
    "Code",
    "Verbatim",
    "thai_date",
    "to_thai_digits",
    "to_arabic_digits",
    "format_number",
    "measure",
    "thai_prose",
    "thai_list",
    "group_thousands",
    "verbatim_spans",
]

_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_TO_ARABIC = THAI_TO_ARABIC


class Code(str):
    """รหัส (KPI code, document number): Arabic digits while keep_codes_arabic."""

    __slots__ = ()


class Verbatim(str):
    """ข้อความที่ห้ามแปลงเลข (e-mail, URL): digits are never converted."""

    __slots__ = ()


# What stays verbatim inside any text (item 2 of the official-document rules):
# e-mail addresses, URLs, Latin words holding digits ("kpi2570", "A4", "e-SAR2")
# and standard numbers after a Latin name ("ISO 9001:2015", "ISO/IEC 27001",
# "PMQA 4.0"). Changing their digits would make them wrong.
_VERBATIM_SPAN = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail
    r"|(?:https?://|www\.)[^\s<>\u0e00-\u0e7f]+"  # URL
    r"|\b[A-Za-z][A-Za-z]*(?:[/-][A-Za-z]+)*\.?\s?\d[\d:./-]*\d?"  # ISO 9001:2015, PMQA 4.0
    r"|[A-Za-z0-9_-]*(?:[A-Za-z][0-9]|[0-9][A-Za-z])[A-Za-z0-9_-]*"  # kpi2570, 4G
)
_ASCII_LETTER = re.compile(r"[A-Za-z@]")


def verbatim_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every part of ``text`` whose digits must not change."""
    if not _ASCII_LETTER.search(text):
        return []
    return [m.span() for m in _VERBATIM_SPAN.finditer(text)]


def to_thai_digits(text) -> str:
    """แปลงเลขอารบิกเป็นเลขไทย: "2569" → "๒๕๖๙", except what stays verbatim
    (e-mail, URL, digits inside Latin words, standard numbers: ISO 9001:2015)."""
    if text is None:
        return ""
    text = str(text)
    spans = verbatim_spans(text)
    if not spans:
        # str.translate is ~10x faster than pythainlp's per-char loop
        return text.translate(_TO_THAI)
    out, pos = [], 0
    for start, end in spans:
        out.append(text[pos:start].translate(_TO_THAI))
        out.append(text[start:end])
        pos = end
    out.append(text[pos:].translate(_TO_THAI))
    return "".join(out)


def to_arabic_digits(text) -> str:
    """แปลงเลขไทยเป็นเลขอารบิก: "๒๕๖๙" → "2569"."""
    return "" if text is None else str(text).translate(_TO_ARABIC)


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
    ``format_number(4.12345, 4)`` → "4.1235"; five digits or more get a
    thousands separator ("10,000"), so years (2569) stay as written.
    """
    if value is None:
        return "-"
    if isinstance(value, bool):
        return str(value)
    if decimals is not None:
        return group_thousands(f"{Decimal(str(value)):.{decimals}f}")
    if isinstance(value, int):
        return group_thousands(str(value))
    d = Decimal(str(value))
    if d == d.to_integral_value():
        return group_thousands(str(int(d)))
    text = f"{d:f}"
    return group_thousands(text.rstrip("0").rstrip(".") if "." in text else text)


# --- units in Thai prose ----------------------------------------------------------------
# Thai writes some units before the number ("ร้อยละ ๘๕", "ระดับ ๔") and the
# rest after it ("๑๐,๐๐๐ ราย", "๑๕ วัน", "๕๐๐ บาท"); a unit is written once.
PREFIX_UNITS = ("ร้อยละ", "ระดับ", "ขั้นตอนที่", "ลำดับที่")
_NUMBER = r"[-+]?\d[\d,]*(?:\.\d+)?"
_NUMBER_RE = re.compile(rf"^\s*({_NUMBER})\s*$")
_PREFIX_ALT = "|".join(PREFIX_UNITS)
# "๘๕ ร้อยละ" → "ร้อยละ ๘๕". Only ร้อยละ: "๕ ระดับ" (five levels) is right as it is.
_PERCENT_AFTER = re.compile(r"(?<![\d.,])([-+]?\d[\d,]*(?:\.\d+)?)\s*(ร้อยละ)(?![\u0e00-\u0e7f])")
# "ระดับ ๔ ระดับ" → "ระดับ ๔"
_PREFIX_TWICE = re.compile(rf"({_PREFIX_ALT})\s*({_NUMBER})\s*\1(?![\u0e00-\u0e7f])")


def group_thousands(number_text: str) -> str:
    """"10000" → "10,000" (numbers of five digits or more; years stay "2569")."""
    sign = number_text[:1] if number_text[:1] in "+-" else ""
    body = number_text[len(sign):].replace(",", "")
    whole, dot, frac = body.partition(".")
    if len(whole) < 5 or not whole.isdigit():
        return number_text
    return f"{sign}{int(whole):,}{dot}{frac}"


def measure(value, unit: str | None) -> str:
    """A value with its unit of measure, as Thai prose writes it.

    ``measure(85, "ร้อยละ")`` → "ร้อยละ 85"; ``measure(10000, "ราย")`` →
    "10,000 ราย"; ``measure("ระดับ 4", "ระดับ")`` → "ระดับ 4"; a text that is
    not a number is returned as written (prose-normalised). None → "-".
    """
    if value is None or value == "":
        return "-"
    text = format_number(value) if isinstance(value, (int, float, Decimal)) else str(value).strip()
    unit = (unit or "").strip()
    if unit and text != unit and (text.startswith(unit) or text.endswith(unit)):
        bare = text[len(unit):] if text.startswith(unit) else text[: -len(unit)]
        if _NUMBER_RE.match(bare):  # "91 ร้อยละ", "ร้อยละ 91", "10000 ราย": the unit once, in place
            text = bare.strip()
    match = _NUMBER_RE.match(text)
    if match is None:
        return thai_prose(text)
    number = group_thousands(match.group(1))
    if not unit:
        return number
    if unit in PREFIX_UNITS:
        return f"{unit} {number}"
    return f"{number} {unit}"


# a count of five digits or more before its unit in free text: "12500 ราย" → "12,500 ราย"
# (postal codes, years, phone and document numbers are not followed by a count unit)
COUNT_UNITS = ("ราย", "บาท", "คน", "ครั้ง", "แห่ง", "เรื่อง", "หน่วยงาน", "ชุด", "ฉบับ", "โครงการ", "กิจกรรม",
               "ตัวชี้วัด", "ชั่วโมง", "ล้าน")
_COUNT_BEFORE_UNIT = re.compile(rf"(?<![\w.,/:@-])(\d{{5,}})(?:\.\d+)?(?=\s*(?:{'|'.join(COUNT_UNITS)}))")
_FIVE_DIGITS = re.compile(r"\d{5}")


def thai_prose(text: str) -> str:
    """Unit placement in free text: "85 ร้อยละ" → "ร้อยละ 85", "ระดับ 4 ระดับ" → "ระดับ 4";
    a count's thousands separated: "12500 ราย" → "12,500 ราย"."""
    if not text:
        return text
    if _FIVE_DIGITS.search(text):
        kept = verbatim_spans(text)  # "ISO 27001" stays as written

        def grouped(m):
            if any(a <= m.start() < b for a, b in kept):
                return m.group(0)
            return group_thousands(m.group(1)) + m.group(0)[len(m.group(1)):]

        text = _COUNT_BEFORE_UNIT.sub(grouped, text)
    if not any(u in text for u in PREFIX_UNITS):
        return text
    text = _PREFIX_TWICE.sub(r"\1 \2", text)
    return _PERCENT_AFTER.sub(r"\2 \1", text)


def thai_list(items) -> str:
    """รายการในร้อยแก้ว: ["ก", "ข", "ค"] → "ก ข และ ค" (spaces and และ, no commas)."""
    items = [str(i) for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return " ".join(items[:-1]) + " และ " + items[-1]
