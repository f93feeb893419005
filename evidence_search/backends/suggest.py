""""Did you mean": the closest spelling of a term that the index itself holds.

The backend hands over the compact texts of the passages sharing most of the term's
character trigrams; here every stretch of those texts near a shared trigram is compared
with the term by edit distance over Thai characters (insert, delete, substitute one
character — a missing tone mark, ด typed as ค, า for ำ are each one edit). Candidates
start and end on character-cluster boundaries; the closest wins, then the one whose
length is nearest the term's, then the most frequent.
"""
from __future__ import annotations

from collections import Counter

from thai import text as thai_text

MAX_WINDOWS = 40


def max_distance(term: str) -> int:
    return 1 if len(term) <= 5 else 2 if len(term) <= 12 else 3


def _best_in(window: str, term: str, limit: int) -> list[tuple[int, str]]:
    """(distance, substring) of ``window`` within ``limit`` edits of ``term`` (Sellers)."""
    m = len(term)
    out = []
    for start in range(len(window)):
        if not thai_text.is_cluster_boundary(window, start):
            continue
        prev = list(range(m + 1))
        for j in range(start, min(len(window), start + m + limit)):
            c = window[j]
            cur = [prev[0] + 1]
            for i in range(1, m + 1):
                cur.append(min(prev[i] + 1, cur[i - 1] + 1, prev[i - 1] + (term[i - 1] != c)))
            prev = cur
            end = j + 1
            if prev[m] <= limit and thai_text.is_cluster_boundary(window, end):
                out.append((prev[m], window[start:end]))
            if min(prev) > limit:
                break
    return out


def closest(term: str, texts: list[str]) -> str | None:
    """The closest different spelling of ``term`` found in ``texts``, or None."""
    if len(term) < 3:
        return None
    limit = max_distance(term)
    tri = {term[i:i + 3] for i in range(len(term) - 2)}
    found: Counter = Counter()
    dist: dict[str, int] = {}
    for text in texts:
        windows = 0
        for g in tri:
            i = text.find(g)
            while i >= 0 and windows < MAX_WINDOWS:
                lo = thai_text.cluster_floor(text, max(0, i - len(term) - limit))
                hi = thai_text.cluster_ceil(text, i + len(term) + limit)
                for d, s in _best_in(text[lo:hi], term, limit):
                    if s != term and thai_text.NUM not in s and thai_text.FIELD_SEP not in s and s.strip():
                        found[s] += 1
                        dist[s] = min(d, dist.get(s, d))
                windows += 1
                i = text.find(g, i + len(term))
    if not found:
        return None
    return min(found, key=lambda s: (dist[s], abs(len(s) - len(term)), -found[s], s))
