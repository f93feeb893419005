"""Index settings, mapping, documents and search requests for the search-server backends.

One builder, two thin client layers (``opensearch.py`` through opensearch-py, ``elastic.py``
through ``elasticsearch.dsl``): the layers pass their DSL module (``Q``/``Search``) in and
get the same request back, so both servers receive identical bodies (asserted in
``tests/search/test_engine_layers.py``).

No ICU or Thai analyzer is used: text goes through ``search.thai_text`` in Python first, so
the server backends and the embedded one see identical normalisation and segmentation.

* ``head_c`` / ``body_c``: compact normalised text; sub-fields ``g1``/``g2``/``g3`` are
  character n-grams of exactly 1, 2, 3 characters. The ngram tokenizer gives gram *i* the
  position *i*, so a ``match_phrase`` of a term's trigrams is an exact substring match (part
  of a compound, digits, Latin, phrases).
* ``words``: the segmented words, whitespace-tokenised: whole-word matches (ranking).
* Ranking with ``constant_score`` blocks: 10 per term matched as whole word, 1 per term in
  title / KPI name — the same order as the embedded backend; ties newest first.
* One hit per document: ``collapse`` on ``document_id``; ``total`` from a ``cardinality``
  aggregation (exact up to 40 000 matching documents, within about 1 % above).
* Permissions and filters are ``filter`` clauses of the query, never a post-filter.
* File-level AND: a file of several passages also gets one *file record* (``kind`` =
  ``file``, all its passages' text). A one-term query never sees file records; a query of
  several terms matches a passage holding them all or, failing that, the file record, and a
  passage with every term ranks first (``PASSAGE_BOOST``). The engine then shows the file's
  passage matching most terms instead of the file record. Passages of one file must come
  one after the other in the stream (``evidence.indexing`` yields them file by file).
"""
from __future__ import annotations

import time

from .. import thai_text
from .base import IndexedPassage, SearchQuery

SEP = " \u2063 "  # between field parts; never in a query, so no n-gram phrase spans it
BULK_CHUNK = 1000
CARDINALITY_PRECISION = 40000
FILE = "file"  # ``kind`` of a file record; passages have no ``kind`` (or "passage")
FILE_SUFFIX = "#file"  # id of a file record: its document id + this
PASSAGE_BOOST = 1000  # a passage with every term before any file-level match


def index_body() -> dict:
    """Settings and mapping of one physical index (reached through the alias)."""
    grams = {f"g{n}": {"type": "ngram", "min_gram": n, "max_gram": n, "token_chars": []} for n in (1, 2, 3)}
    analysis = {
        "tokenizer": grams,
        "analyzer": {
            **{f"gram{n}": {"type": "custom", "tokenizer": f"g{n}"} for n in (1, 2, 3)},
            "words": {"type": "custom", "tokenizer": "whitespace"},
        },
    }
    sub = {f"g{n}": {"type": "text", "analyzer": f"gram{n}"} for n in (1, 2, 3)}
    kw = {"type": "keyword"}
    mapping = {
        "dynamic": "strict",
        "properties": {
            "passage_id": kw, "document_id": kw, "kind": kw, "seq": {"type": "integer"},
            "indexed_at": {"type": "double"},
            "head_c": {"type": "text", "analyzer": "gram3", "fields": sub},
            "body_c": {"type": "text", "analyzer": "gram3", "fields": sub},
            "words": {"type": "text", "analyzer": "words", "norms": False},
            "title": {"type": "text", "index": False}, "kpi_name": {"type": "text", "index": False},
            "body": {"type": "text", "index": False},
            "filename": kw, "file_type": kw, "unit_abbr": kw, "kpi_code": kw,
            "fiscal_year": {"type": "integer"}, "unit_id": {"type": "integer"},
            "kpi_id": {"type": "integer"}, "round": {"type": "short"}, "is_public": {"type": "boolean"},
        },
    }
    return {"settings": {"analysis": analysis, "number_of_shards": 1}, "mappings": mapping}


def new_index_name(alias: str) -> str:
    return f"{alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1_000_000:06d}"


def source(p: IndexedPassage, seq: int, batch_time: float) -> dict:
    """The stored document of one passage (text already normalised and segmented here)."""
    norm = thai_text.normalize
    head = [norm(t) for t in (p.title, p.kpi_name) if t]
    body = [norm(t) for t in (p.body, p.filename, p.kpi_code, p.unit_abbr) if t]
    return {
        "passage_id": p.passage_id, "document_id": p.document_id, "kind": "passage", "seq": seq,
        "indexed_at": batch_time,  # one value per document: ties inside a document go by seq
        "head_c": SEP.join(thai_text.compact(h) for h in head),
        "body_c": SEP.join(thai_text.compact(b) for b in body),
        "words": " ".join(thai_text.segment(" \n ".join(head + body))),
        "title": thai_text.clean(p.title), "kpi_name": thai_text.clean(p.kpi_name),
        "body": thai_text.clean(p.body), "filename": p.filename, "file_type": (p.file_type or "").lower(),
        "unit_abbr": p.unit_abbr, "kpi_code": p.kpi_code, "fiscal_year": p.fiscal_year,
        "unit_id": p.unit_id, "kpi_id": p.kpi_id, "round": p.round, "is_public": p.is_public,
    }


def is_file_record_id(_id: str) -> bool:
    return _id.endswith(FILE_SUFFIX)


def file_source(parts: list[dict]) -> dict:
    """The file record of a file's passage sources: their text joined (no phrase spans two)."""
    first = parts[0]
    return {**first, "passage_id": first["document_id"] + FILE_SUFFIX, "kind": FILE, "seq": -1,
            "body_c": SEP.join(p["body_c"] for p in parts), "words": " ".join(p["words"] for p in parts),
            "body": ""}


def bulk_actions(index: str, passages, batch_time: float | None = None):
    """``index`` actions for the bulk helper; ``seq`` numbers passages inside a document.

    ``indexed_at`` grows by one microsecond per new document of the stream, so equal scores
    list the later-indexed document first, as the embedded backend does after a rebuild."""
    seqs: dict[str, int] = {}
    doc_times: dict[str, float] = {}
    batch_time = time.time() if batch_time is None else batch_time
    parts: list[dict] = []  # the sources of the current file, for its file record

    def file_record():
        if len(parts) > 1:
            src = file_source(parts)
            return {"_op_type": "index", "_index": index, "_id": src["passage_id"], "_source": src}

    for p in passages:
        if parts and parts[0]["document_id"] != p.document_id:
            if rec := file_record():
                yield rec
            parts = []
        if p.document_id not in doc_times:
            doc_times[p.document_id] = batch_time + len(doc_times) * 1e-6
        seq = seqs[p.document_id] = seqs.get(p.document_id, -1) + 1
        src = source(p, seq, doc_times[p.document_id])
        parts.append(src)
        yield {"_op_type": "index", "_index": index, "_id": p.passage_id, "_source": src}
    if rec := file_record():
        yield rec


def alias_swap(alias: str, old: list[str], new: str) -> list[dict]:
    """One atomic ``_aliases`` request: the alias leaves the old indices and points at the new."""
    return [*({"remove": {"index": o, "alias": alias}} for o in old), {"add": {"index": new, "alias": alias}}]


def delete_query(document_ids: list[str]) -> dict:
    return {"terms": {"document_id": list(document_ids)}}


def _gram_field(alt: str) -> str:
    return f"g{min(len(alt), 3)}"


def term_match(dsl, t):
    """Any alternative of term ``t`` occurs in the title/KPI name or the body text."""
    Q = dsl.Q
    per_alt = []
    for alt in t.alternatives:
        g = _gram_field(alt)
        per_alt += [Q("match_phrase", **{f"head_c.{g}": alt}), Q("match_phrase", **{f"body_c.{g}": alt})]
    return Q("bool", should=per_alt, minimum_should_match=1)


def query(dsl, q: SearchQuery, terms):
    """The bool query: every term must match (``must``), ranking blocks (``should``),
    metadata filters and the searcher's visibility (``filter``). File records take part
    only when there are several terms (file-level AND)."""
    Q = dsl.Q
    must, should = [], []
    is_file = Q("term", kind=FILE)
    for t in terms:
        per_alt, whole_alt, head_alt = [], [], []
        for alt, words in zip(t.alternatives, t.words):
            g = _gram_field(alt)
            head = Q("match_phrase", **{f"head_c.{g}": alt})
            per_alt += [head, Q("match_phrase", **{f"body_c.{g}": alt})]
            head_alt.append(head)
            if words:
                whole_alt.append(Q("bool", filter=[Q("term", words=w) for w in words]))
        match = Q("bool", should=per_alt, minimum_should_match=1)
        must.append(Q("constant_score", filter=match, boost=0))
        should.append(Q("constant_score", filter=Q("bool", must=[match], should=whole_alt or [Q("match_none")],
                                                      minimum_should_match=1), boost=10))
        should.append(Q("constant_score", filter=Q("bool", should=head_alt, minimum_should_match=1), boost=1))
    filters = [Q("term", **{name: (str(v).lower() if name == "file_type" else v)}) for name, v in q.filters.items()]
    filters += visibility_filters(dsl, q.visibility)
    if len(terms) > 1:
        should.append(Q("constant_score", filter=Q("bool", must_not=[is_file]), boost=PASSAGE_BOOST))
        return Q("bool", must=must, should=should, filter=filters)
    return Q("bool", must=must, should=should, filter=filters, must_not=[is_file])


def best_passage(dsl, search_obj, document_id: str, terms):
    """The passage of one file that matches most terms (first in the file on a tie)."""
    Q = dsl.Q
    ranked = [Q("constant_score", filter=term_match(dsl, t), boost=1) for t in terms]
    qy = Q("bool", filter=[Q("term", document_id=document_id), Q("bool", must_not=[Q("term", kind=FILE)])],
           should=ranked)
    return search_obj.query(qy).sort({"_score": "desc"}, {"seq": "asc"}).extra(track_scores=True)[0:1]


def visibility_filters(dsl, vis) -> list:
    Q = dsl.Q
    if vis.all:
        return []
    allowed = []
    if vis.unit_ids:
        allowed.append(Q("terms", unit_id=sorted(vis.unit_ids)))
    if vis.include_public:
        allowed.append(Q("term", is_public=True))
    return [Q("bool", should=allowed or [Q("match_none")], minimum_should_match=1)]


def search(dsl, search_obj, q: SearchQuery, terms, page: int, per_page: int):
    """The whole search request on a layer's ``Search`` object (``dsl.Search(...)``)."""
    s = (search_obj.query(query(dsl, q, terms))
         .sort({"_score": "desc"}, {"indexed_at": "desc"}, {"document_id": "asc"}, {"seq": "asc"})
         .extra(collapse={"field": "document_id"}, track_scores=True, track_total_hits=True)
         [(page - 1) * per_page: page * per_page])
    s.aggs.metric("documents", "cardinality", field="document_id", precision_threshold=CARDINALITY_PRECISION)
    return s
