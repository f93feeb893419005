"""Parse what a user types into search terms (shared by every backend).

* Words separated by spaces are separate terms; all must match, in any order.
* ``"quoted text"`` is one term matched as a phrase (spaces inside are ignored when
  matching, as Thai writes phrases without them).
* A term matches wherever its normalised form occurs (whole word or part of a compound).
* A four-digit Buddhist-era year also matches its Christian-era spelling and back
  (2569 ⇄ 2026); Thai digits are folded to Arabic by the normaliser.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from . import thai_text

_QUOTED_OR_WORD = re.compile(r'"([^"]*)"|“([^”]*)”|(\S+)')
_STRIP = "\"'“”‘’()[]{},;:!?"
#: years users may type in either era; outside this window a 4-digit number is just a number
BE_RANGE = (2400, 2700)
CE_OFFSET = 543


@dataclass(frozen=True)
class Term:
    raw: str
    alternatives: tuple[str, ...]  # compact normalised strings; any one may match
    words: tuple[tuple[str, ...], ...]  # segmented words of each alternative (whole-word test)
    phrase: bool = False


def _year_alternative(s: str) -> str | None:
    if len(s) == 4 and s.isdigit():
        n = int(s)
        if BE_RANGE[0] <= n <= BE_RANGE[1]:
            return str(n - CE_OFFSET)
        if BE_RANGE[0] - CE_OFFSET <= n <= BE_RANGE[1] - CE_OFFSET:
            return str(n + CE_OFFSET)
    return None


def make_term(raw: str, phrase: bool = False) -> Term | None:
    norm = thai_text.normalize(raw)
    if not phrase:
        norm = norm.strip(_STRIP)
    comp = thai_text.compact(norm)
    if not comp or not any(c.isalnum() for c in comp):
        return None
    alts = [comp]
    year = _year_alternative(comp)
    if year:
        alts.append(year)
    words = [tuple(thai_text.segment(norm))] + [(a,) for a in alts[1:]]
    return Term(raw=raw, alternatives=tuple(alts), words=tuple(words), phrase=phrase)


def parse(text: str) -> list[Term]:
    """Terms of a query, de-duplicated, in the order typed."""
    terms: list[Term] = []
    seen = set()
    for m in _QUOTED_OR_WORD.finditer(thai_text.clean(text or "")):
        quoted = m.group(1) if m.group(1) is not None else m.group(2)
        term = make_term(quoted, phrase=True) if quoted is not None else make_term(m.group(3))
        if term and term.alternatives not in seen:
            seen.add(term.alternatives)
            terms.append(term)
    return terms
