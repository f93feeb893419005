"""BM25F scoring of passages and documents from their compact text (pure functions).

Used by the embedded backend on the pool of candidates its bitmaps pick; kept apart so
the formula can be read, tested and explained in one place.

    score(term, passage) = idf · tf' · (k1 + 1) / (tf' + k1) · (1 if whole word else PART_WORD)
    tf'                  = HEAD_WEIGHT · tf_head + tf_body / (1 − b + b · len_body / avg_len)
    idf                  = ln(1 + (N − df + 0.5) / (df + 0.5))       N, df counted in passages
    passage              = Σ terms + proximity (all terms within a short span: up to
                           PROXIMITY · Σ idf when they are adjacent, as in a phrase)
    document             = best passage + OTHER_PASSAGES · (terms the best passage lacks,
                           each at its best score in another passage of the document)

``tf`` counts occurrences of the term's compact form (part-of-word included: ราชการ in
ส่วนราชการ counts); head = title and KPI name, body = text, file name, KPI code, unit.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

K1 = 1.2
B = 0.75
HEAD_WEIGHT = 3.0
PART_WORD = 0.5
PROXIMITY = 0.6
OTHER_PASSAGES = 0.5
MAX_POSITIONS = 64


def idf(n_passages: int, df: int) -> float:
    return math.log(1 + (n_passages - df + 0.5) / (df + 0.5))


def count(text: str, alternatives) -> int:
    return sum(text.count(a) for a in alternatives) if text else 0


def _positions(text: str, alternatives) -> list[tuple[int, int]]:
    out = []
    for a in alternatives:
        i = text.find(a)
        while i >= 0 and len(out) < MAX_POSITIONS:
            out.append((i, i + len(a)))
            i = text.find(a, i + 1)
    return sorted(out)


def min_span(lists: list[list[tuple[int, int]]]) -> int | None:
    """Shortest window (in characters) holding one occurrence of every list, or None."""
    if not lists or any(not x for x in lists):
        return None
    events = sorted((s, e, t) for t, occ in enumerate(lists) for s, e in occ)
    best, last = None, {}
    for s, e, t in events:
        last[t] = (s, e)
        if len(last) == len(lists):
            lo = min(v[0] for v in last.values())
            hi = max(v[1] for v in last.values())
            best = hi - lo if best is None else min(best, hi - lo)
    return best


@dataclass
class TermScore:
    term: str
    idf: float
    tf_head: int
    tf_body: int
    whole_word: bool
    score: float

    def as_dict(self) -> dict:
        return {"term": self.term, "idf": round(self.idf, 4), "tf_head": self.tf_head, "tf_body": self.tf_body,
                "whole_word": self.whole_word, "score": round(self.score, 4)}


@dataclass
class PassageScore:
    docno: int
    terms: list[TermScore]
    proximity: float = 0.0
    span: int | None = None
    total: float = 0.0
    present: int = 0

    def as_dict(self) -> dict:
        return {"terms": [t.as_dict() for t in self.terms], "proximity": round(self.proximity, 4),
                "span_chars": self.span, "passage_score": round(self.total, 4)}


@dataclass
class DocScore:
    best: PassageScore
    others: dict = field(default_factory=dict)  # term → score taken from another passage
    other_docnos: dict = field(default_factory=dict)  # term index → docno of that passage
    total: float = 0.0

    def explain(self, passage_id: str) -> dict:
        return {"score": round(self.total, 4), "best_passage": passage_id, **self.best.as_dict(),
                "other_passages": {t: round(s, 4) for t, s in self.others.items()},
                "formula": "BM25F k1=%.1f b=%.2f head×%.0f part-of-word×%.1f" % (K1, B, HEAD_WEIGHT, PART_WORD)}


def score_passage(docno: int, head: str, body: str, body_len: int, terms, idfs: list[float],
                  wholes: list[bool], avg_len: float) -> PassageScore:
    norm = 1 - B + B * (body_len / avg_len if avg_len else 1.0)
    scores, occ = [], []
    for term, w_idf, whole in zip(terms, idfs, wholes):
        th, tb = count(head, term.alternatives), count(body, term.alternatives)
        tf = HEAD_WEIGHT * th + tb / norm
        s = w_idf * tf * (K1 + 1) / (tf + K1) if tf else 0.0
        if not whole:
            s *= PART_WORD
        scores.append(TermScore(term.raw, w_idf, th, tb, whole and bool(th or tb), s))
        occ.append((th, tb))
    ps = PassageScore(docno, scores, present=sum(1 for t in scores if t.tf_head or t.tf_body))
    if len(terms) > 1 and ps.present == len(terms):
        spans = [s for s in (min_span([_positions(text, t.alternatives) for t in terms]) for text in (head, body))
                 if s is not None]
        if spans:
            ps.span = min(spans)
            exact = sum(min(len(a) for a in t.alternatives) for t in terms)
            ps.proximity = PROXIMITY * sum(idfs) / (1 + max(0, ps.span - exact) / 10)
    ps.total = sum(t.score for t in scores) + ps.proximity
    return ps


def score_document(passages: list[PassageScore]) -> DocScore:
    """The document's score from the scores of its matching passages."""
    best = max(passages, key=lambda p: (p.present, p.total, -p.docno))
    doc = DocScore(best)
    for i, ts in enumerate(best.terms):
        if not (ts.tf_head or ts.tf_body):
            other = max((p for p in passages if p is not best), key=lambda p: (p.terms[i].score, -p.docno),
                        default=None)
            if other is not None and other.terms[i].score:
                doc.others[ts.term] = OTHER_PASSAGES * other.terms[i].score
                doc.other_docnos[i] = other.docno
    doc.total = best.total + sum(doc.others.values())
    return doc
