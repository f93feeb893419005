"""Parse what a user types into search terms (shared by every backend).

* Words separated by spaces are separate terms; all must match, in any order.
* ``"quoted text"`` is one term matched as a phrase (spaces inside are ignored when
  matching, as Thai writes phrases without them).
* A term matches wherever its normalised form occurs (whole word or part of a compound).
* A four-digit Buddhist-era year also matches its Christian-era spelling and back
  (2569 ⇄ 2026); Thai digits are folded to Arabic by the normaliser. A number matches
  whole numbers only (9 never matches 19; 2,569 = 2569): see ``thai_text.compact``.
* Markup is stripped (``<b>ตัวชี้วัด</b>`` is ตัวชี้วัด; entities are decoded), and an
  unquoted word is split where the script changes (``KPIตัวชี้วัด`` is two terms, KPI and
  ตัวชี้วัด, both required), as people type Thai and Latin without a space.
* At most ``MAX_TERMS`` terms are kept (a pasted paragraph is not 400 required terms).
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from thai import text as thai_text
from thai.calendar import BE_OFFSET as CE_OFFSET

_QUOTED_OR_WORD = re.compile(r'"([^"]*)"|“([^”]*)”|(\S+)')
_STRIP = "\"'“”‘’()[]{},;:!?"
#: years users may type in either era; outside this window a 4-digit number is just a number
BE_RANGE = (2400, 2700)
MAX_TERMS = 32
_TAG = re.compile(r"<[^<>]{0,200}>")
# a change between Thai and Latin letters (digits stay with what they touch: ปี2569 is
# split by the number rule of the index, not here)
_SCRIPT_CHANGE = re.compile(r"(?<=[\u0e01-\u0e4e])(?=[A-Za-z])|(?<=[A-Za-z])(?=[\u0e01-\u0e4e])")


@dataclass(frozen=True)
class Term:
    raw: str
    alternatives: tuple[str, ...]  # compact normalised strings; any one may match
    words: tuple[tuple[str, ...], ...]  # segmented words of each alternative (whole-word test)
    phrase: bool = False


def _year_alternative(s: str) -> str | None:
    N = thai_text.NUM
    if len(s) == 6 and s[0] == s[-1] == N and s[1:5].isdigit():
        n = int(s[1:5])
        if BE_RANGE[0] <= n <= BE_RANGE[1]:
            return f"{N}{n - CE_OFFSET}{N}"
        if BE_RANGE[0] - CE_OFFSET <= n <= BE_RANGE[1] - CE_OFFSET:
            return f"{N}{n + CE_OFFSET}{N}"
    return None


#: the private-use code points the index uses as markers (``thai_text.NUM``, ``FIELD_SEP``,
#: ``texts.HEAD_END``): typed in a query they are a space (an alternative never holds one, so
#: a term's cache key, its alternatives joined by ``FIELD_SEP``, names one term only)
_MARKERS = {0xE000: " ", 0xE001: " ", 0xE002: " "}


def make_term(raw: str, phrase: bool = False) -> Term | None:
    norm = thai_text.normalize(raw.translate(_MARKERS))
    if not phrase:
        norm = norm.strip(_STRIP)
    comp = thai_text.compact(norm)
    if not comp or not any(c.isalnum() for c in comp):
        return None
    alts = [comp]
    year = _year_alternative(comp)
    if year:
        alts.append(year)
    words = [tuple(thai_text.segment(norm))] + [(a.strip(thai_text.NUM),) for a in alts[1:]]
    return Term(raw=raw, alternatives=tuple(alts), words=tuple(words), phrase=phrase)


def strip_markup(text: str) -> str:
    """Tags removed (a tag separates words) and HTML entities decoded."""
    return html.unescape(_TAG.sub(" ", text or ""))


def parse(text: str) -> list[Term]:
    """Terms of a query, de-duplicated, in the order typed (at most ``MAX_TERMS``)."""
    terms: list[Term] = []
    seen = set()
    for m in _QUOTED_OR_WORD.finditer(thai_text.clean(strip_markup(text))):
        quoted = m.group(1) if m.group(1) is not None else m.group(2)
        if quoted is not None:
            candidates = [make_term(quoted, phrase=True)]
        else:
            candidates = [make_term(part) for part in _SCRIPT_CHANGE.split(m.group(3))]
        for term in candidates:
            if term and term.alternatives not in seen:
                seen.add(term.alternatives)
                terms.append(term)
        if len(terms) >= MAX_TERMS:
            return terms[:MAX_TERMS]
    return terms
