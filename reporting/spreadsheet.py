"""Writing rows into the Excel files the project hands out, without formula injection.

openpyxl stores any string that begins with ``=`` as a formula, and Excel (or LibreOffice)
also evaluates text beginning with ``+``, ``-``, ``@``, tab or CR when the sheet is opened or
re-entered. Every export appends its rows through :func:`append_row`, which writes such text as
a plain string cell (``data_type "s"``) with Excel's quote prefix, keeping the text unchanged.
"""
from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def as_text(cell):
    """Make ``cell`` a literal text cell if its string could be read as a formula."""
    if is_risky(cell.value):
        text = cell.value
        cell.data_type = "s"
        cell._value = text  # keep the text exactly; the type above stops openpyxl writing <f>
        cell.quotePrefix = True  # Excel shows it as text and will not evaluate it on edit
    return cell


def append_row(ws, values):
    """``ws.append(values)`` with every user-supplied string written as text."""
    ws.append(list(values))
    for cell in ws[ws.max_row]:
        as_text(cell)
