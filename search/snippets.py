"""Snippets with the matched terms wrapped in <mark>, everything else HTML-escaped.

Matching runs on ``fold(clean(text))`` and the snippet is cut from ``clean(text)``: ``fold``
maps one character to one character, so offsets agree and the user sees the original
spelling (Thai digits stay Thai digits) even when the query used Arabic digits.
"""
from __future__ import annotations

import re
from html import escape

from . import thai_text
from .query import Term

WINDOW = 160  # characters of context around the first match


def term_pattern(term: Term) -> re.Pattern:
    """Regex over folded text: any alternative, whitespace allowed between its characters."""
    alts = [r"\s*".join(re.escape(c) for c in alt) for alt in term.alternatives]
    return re.compile("|".join(sorted(alts, key=len, reverse=True)))


def _term_spans(folded: str, terms: list[Term]) -> list[tuple[int, int, int]]:
    spans = []
    for i, term in enumerate(terms):
        spans += [(*m.span(), i) for m in term_pattern(term).finditer(folded) if m.end() > m.start()]
    spans.sort()
    return spans


def best_window_start(spans: list[tuple[int, int, int]], window: int) -> int:
    """Offset of the match that starts the window holding the most distinct terms."""
    best, best_n = spans[0][0], 0
    for j, (s, _, _) in enumerate(spans):
        n = len({t for s2, _, t in spans[j:] if s2 < s + window * 2 // 3})
        if n > best_n:
            best, best_n = s, n
    return best


def match_spans(folded: str, terms: list[Term]) -> list[tuple[int, int]]:
    spans = [(s, e) for s, e, _ in _term_spans(folded, terms)]
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def highlight(text: str, terms: list[Term], window: int = WINDOW, cleaned: bool = False) -> str | None:
    """Snippet of ``text`` around its first match, or None when no term occurs in it.

    ``cleaned``: the text is already in ``thai_text.clean`` form (as the index stores it).
    """
    shown = text if cleaned else thai_text.clean(text)
    folded = thai_text.fold(shown)
    spans = match_spans(folded, terms)
    if not spans:
        return None
    first = best_window_start(_term_spans(folded, terms), window) if len(terms) > 1 else spans[0][0]
    start = max(0, first - window // 3)
    end = min(len(shown), start + window)
    # do not cut a Thai cluster in half: move the start back over combining marks
    while start > 0 and shown[start] in thai_text.THAI_MARKS:
        start -= 1
    out = ["…" if start > 0 else ""]
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        out += [escape(shown[pos:s]), "<mark>", escape(shown[s:e]), "</mark>"]
        pos = e
    out.append(escape(shown[pos:end]))
    if end < len(shown):
        out.append("…")
    return " ".join("".join(out).split())


def plain(text: str, window: int = WINDOW, cleaned: bool = False) -> str:
    shown = " ".join((text if cleaned else thai_text.clean(text)).split())
    return escape(shown[:window]) + ("…" if len(shown) > window else "")


def snippet(body: str, head: str, terms: list[Term], cleaned: bool = False) -> str:
    return (highlight(body, terms, cleaned=cleaned) or highlight(head, terms, cleaned=cleaned)
            or plain(body, cleaned=cleaned))


def contains_all(fields: list[str], terms: list[Term], cleaned: bool = False) -> bool:
    """True when every term occurs in one of the fields (exact check of an n-gram hit)."""
    folded = [thai_text.fold(f if cleaned else thai_text.clean(f)) for f in fields if f]
    return all(any(term_pattern(t).search(f) for f in folded) for t in terms)
