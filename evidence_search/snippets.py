"""Snippets with the matched terms wrapped in <mark>, everything else HTML-escaped.

Matching runs on ``fold(clean(text))`` and the snippet is cut from ``clean(text)``: ``fold``
maps one character to one character, so offsets agree and the user sees the original
spelling (Thai digits stay Thai digits) even when the query used Arabic digits.

Both ends of a snippet fall on Thai character-cluster boundaries (never between a
consonant and its vowel or tone mark, never after a leading vowel), preferably on a word
boundary (a space, or a word boundary of the segmenter near the cut).
"""
from __future__ import annotations

import re
from functools import lru_cache
from html import escape

from thai import text as thai_text

from .query import Term

WINDOW = 160  # characters of context around the first match


_NUM_START = r"(?<![0-9])(?<![0-9],)"
_NUM_END = r"(?![0-9])(?!,[0-9])"


def _latin(c: str) -> bool:
    return "a" <= c <= "z"


def alternative_regex(alt: str) -> str:
    """Regex over folded display text for one compact alternative (see ``thai_text.compact``):
    whitespace allowed between characters (a kept space needs one) except between two Latin
    letters, where ``compact`` keeps it (so "site" does not mark "vi[sit E]valuation", which
    the index does not match either), a comma allowed between digits, and a number bounded
    so it matches whole numbers only."""
    out: list[str] = []
    prev = ""
    for i, c in enumerate(alt):
        if c == thai_text.NUM:
            out.append(_NUM_START if i + 1 < len(alt) and alt[i + 1].isdigit() else _NUM_END)
            continue
        if c == " ":
            out.append(r"\s+")
            prev = ""
            continue
        if prev:
            if prev.isdigit() and c.isdigit():
                out.append(",?")
            elif not (_latin(prev) and _latin(c)):
                out.append(r"\s*")
        out.append(re.escape(c))
        prev = c
    return "".join(out)


def term_pattern(term: Term) -> re.Pattern:
    """Regex over folded text: any alternative of the term."""
    return _pattern(term.alternatives)


@lru_cache(maxsize=512)
def _pattern(alternatives: tuple[str, ...]) -> re.Pattern:
    alts = [alternative_regex(a) for a in sorted(alternatives, key=len, reverse=True)]
    return re.compile("|".join(alts))


_SPACE = re.compile(r"\s")


def _word_cut(shown: str, i: int, forward: bool, slack: int = 16) -> int:
    """A cut near ``i``: a space within ``slack`` characters if any, else a word boundary
    of the segmenter, else a cluster boundary; always a cluster boundary."""
    i = max(0, min(i, len(shown)))
    if i in (0, len(shown)):
        return i
    lo, hi = (i, min(len(shown), i + slack)) if forward else (max(0, i - slack), i)
    spaces = [m.start() for m in _SPACE.finditer(shown, lo, hi)]  # finditer(pos, endpos): offsets absolute
    if spaces:
        cut = spaces[0] if forward else spaces[-1] + 1
        return thai_text.cluster_ceil(shown, cut) if forward else thai_text.cluster_floor(shown, cut)
    a, b = max(0, i - slack), min(len(shown), i + slack)
    pos, bounds = a, []
    for w in thai_text.tokens(shown[a:b]):
        pos += len(w)
        bounds.append(pos)
    inner = [x for x in bounds if a < x < b and thai_text.is_cluster_boundary(shown, x)]
    if inner:
        return min(inner, key=lambda x: (abs(x - i), x))
    return thai_text.cluster_ceil(shown, i) if forward else thai_text.cluster_floor(shown, i)


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
    start = _word_cut(shown, max(0, first - window // 3), forward=False)
    start = min(start, thai_text.cluster_floor(shown, first))
    end = _word_cut(shown, min(len(shown), start + window), forward=True)
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


OTHER_WINDOW = WINDOW // 2  # context of a term shown from another passage of the file


def snippet(body: str, head: str, terms: list[Term], cleaned: bool = False,
            others: list[tuple[str, str, list[Term]]] = ()) -> str:
    """Snippet of a passage; ``others``: (body, head, terms) of other passages of the same
    file holding terms this passage lacks (file-level AND), each term's context appended
    after " … " so the snippet shows every term of the query."""
    main = (highlight(body, terms, cleaned=cleaned) or highlight(head, terms, cleaned=cleaned)
            or plain(body, cleaned=cleaned))
    for other_body, other_head, other_terms in others:
        piece = (highlight(other_body, other_terms, window=OTHER_WINDOW, cleaned=cleaned)
                 or highlight(other_head, other_terms, window=OTHER_WINDOW, cleaned=cleaned))
        if piece:
            main = main.rstrip("…").rstrip() + " … " + piece.lstrip("…").lstrip()
    return main


def contains_all(fields: list[str], terms: list[Term], cleaned: bool = False) -> bool:
    """True when every term occurs in one of the fields (exact check of an n-gram hit)."""
    texts = [thai_text.compact(thai_text.fold(f if cleaned else thai_text.clean(f))) for f in fields if f]
    return all(any(alt in f for alt in t.alternatives for f in texts) for t in terms)
