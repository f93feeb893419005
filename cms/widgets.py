"""Admin form fields every user types into: numbers in both digit scripts, dates in B.E.

- ``ThaiDecimalField`` / ``ThaiIntegerField``: a text box (``inputmode`` numeric, so phones
  show digits) that accepts Arabic (0-9) and Thai (๐-๙) digits and thousands commas; the
  browser's ``type=number`` box refuses Thai digits, so it is not used.
- ``BEDateField``: shown as ``วว/ดด/ปปปป`` in พ.ศ.; accepts a B.E. year (2569) or a C.E. one
  (2026), Thai digits too, and ISO ``2026-12-31``. A year of 2400 or more is B.E.
- ``be_date(d)``: ``31/12/2569``, the short B.E. form for messages and file names
  (``be_date(d, sep="-")`` → ``31-12-2569``).

``install()`` (from ``CmsConfig.ready``) makes them the admin's fields for every model
DecimalField, IntegerField and DateField (fields with choices keep their select box).
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from thai.calendar import BE_OFFSET
from thai.text import THAI_TO_ARABIC


def arabic_digits(text) -> str:
    return str(text).translate(THAI_TO_ARABIC)


def be_date(value: dt.date | None, sep: str = "/") -> str:
    if value is None:
        return "-"
    if isinstance(value, dt.datetime):
        value = value.date()
    return f"{value.day:02d}{sep}{value.month:02d}{sep}{value.year + BE_OFFSET}"


def _clean_number_text(value) -> str:
    return arabic_digits(value).strip().replace(",", "").replace(" ", "")


class ThaiNumberInput(forms.TextInput):
    input_type = "text"

    def __init__(self, attrs=None, inputmode="decimal"):
        super().__init__({"inputmode": inputmode, "autocomplete": "off", **(attrs or {})})


class ThaiDecimalField(forms.DecimalField):
    widget = ThaiNumberInput
    default_error_messages = {"invalid": "กรุณาระบุเป็นตัวเลข (ใช้เลขอารบิกหรือเลขไทยได้)"}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = _clean_number_text(value)
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not number.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return number


class ThaiIntegerField(forms.IntegerField):
    widget = ThaiNumberInput
    default_error_messages = {"invalid": "กรุณาระบุเป็นจำนวนเต็ม (ใช้เลขอารบิกหรือเลขไทยได้)"}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", ThaiNumberInput(inputmode="numeric"))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = _clean_number_text(value)
        if not re.fullmatch(r"[+-]?\d+", text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(text)


class BEDateInput(forms.TextInput):
    """A text box showing the date in พ.ศ. (``31/12/2569``)."""

    def __init__(self, attrs=None):
        super().__init__({"placeholder": "วว/ดด/ปปปป (พ.ศ.)", "autocomplete": "off", "class": "be-date",
                          "pattern": r"[0-9๐-๙]{1,2}/[0-9๐-๙]{1,2}/[0-9๐-๙]{4}|[0-9]{4}-[0-9]{2}-[0-9]{2}",
                          **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, dt.date):
            return be_date(value)
        return value


def parse_be_date(text) -> dt.date:
    """``31/12/2569``, ``31/12/2026``, ``๓๑/๑๒/๒๕๖๙``, ``2026-12-31`` → date (C.E.)."""
    text = arabic_digits(text).strip()
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        match = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})", text)
        if not match:
            raise ValueError(text)
        day, month, year = (int(g) for g in match.groups())
    if year >= 2400:
        year -= BE_OFFSET
    return dt.date(year, month, day)


class BEDateField(forms.DateField):
    widget = BEDateInput
    default_error_messages = {"invalid": "กรุณาระบุวันที่เป็น วว/ดด/ปปปป เช่น 31/12/2569 (พ.ศ.) หรือ 31/12/2026 (ค.ศ.)"}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return parse_be_date(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


def install():
    """Make these the Wagtail admin's fields for model number and date fields."""
    from django.db import models
    from wagtail.admin.forms.models import register_form_field_override

    register_form_field_override(models.DecimalField, override={"form_class": ThaiDecimalField})
    for field in (models.IntegerField, models.PositiveIntegerField, models.PositiveSmallIntegerField,
                  models.SmallIntegerField, models.BigIntegerField):
        register_form_field_override(field, override={"form_class": ThaiIntegerField}, exact_class=True)
    register_form_field_override(models.DateField, override={"form_class": BEDateField, "widget": BEDateInput},
                                 exact_class=True)
