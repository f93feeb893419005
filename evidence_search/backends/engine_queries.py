"""Index settings, mapping, documents and search requests for the search-server backends.

One builder, two thin client layers (``opensearch.py`` through opensearch-py, ``elastic.py``
through ``elasticsearch.dsl``): the layers pass their DSL module (``Q``/``Search``) in and
get the same request back, so both servers receive identical bodies (asserted in
``tests/evidence_search/test_engine_layers.py``).

No ICU or Thai analyzer is used: text goes through ``thai.text`` in Python first, so
the server backends and the embedded one see identical normalisation and segmentation.

* ``head_c`` / ``body_c``: compact normalised text; sub-fields ``g1``/``g2``/``g3`` are
  character n-grams of exactly 1, 2, 3 characters. The ngram tokenizer gives gram *i* the
  position *i*, so a ``match_phrase`` of a term's trigrams is an exact substring match (part
  of a compound, digits, Latin, phrases).
* ``words``: the segmented words, whitespace-tokenised: whole-word matches (ranking).
* Ranking with ``constant_score`` blocks: 10 per term matched as whole word, 1 per term in
  title / KPI name — the same order as the embedded backend; ties newest first.
* One hit per document: ``collapse`` on ``document_id``; ``total`` is the number of
  ``document_id`` buckets (exact below ``EXACT_COUNT_LIMIT`` documents; the ``cardinality``
  estimate above it, flagged ``total_exact=False``). Cardinality alone is not exact: 8,001
  for 8,000 and 25,004 for 25,000 documents on the test node. Cost measured: ~0.3 s for
  25,000 matching documents (cardinality: ~0.08 s).
* Permissions and filters are ``filter`` clauses of the query, never a post-filter.
* File-level AND: a file of several passages also gets one *file record* (``kind`` =
  ``file``) holding each passage as a ``parts`` nested object (its compact text and its
  own filter / permission fields). A one-term query never sees file records; a query of
  several terms matches a passage holding them all or a file record where *each term*
  has a part that holds it and passes the filters and the searcher's visibility — the
  embedded backend's rule (filters are applied per passage before passages join into
  files). A passage with every term ranks first (``PASSAGE_BOOST``); the engine then shows
  the file's visible passage matching most terms instead of the file record. Passages of
  one file must come one after the other in the stream (``evidence.indexing`` yields them
  file by file).
* Deep pages: ``collapse`` with ``from``/``size`` is limited to the index's result window
  (``RESULT_WINDOW``, OpenSearch's default 10 000). Beyond it the same query and sort are
  read with ``search_after`` (``page_after``) and grouped per document in Python; the sort
  ends in (``document_id``, ``seq``), a total order, so no hit is skipped or repeated.
"""
from __future__ import annotations

import time

from thai import text as thai_text

from .base import IndexedPassage, SearchQuery

SEP = " \u2063 "  # between field parts; never in a query, so no n-gram phrase spans it
BULK_CHUNK = 1000
CARDINALITY_PRECISION = 40000
EXACT_COUNT_LIMIT = 50000  # below OpenSearch's search.max_buckets (65,535)
RESPONSE_PATHS = "hits.hits,aggregations.documents,aggregations.exact"
FILE = "file"  # ``kind`` of a file record; passages have no ``kind`` (or "passage")
FILE_SUFFIX = "#file"  # id of a file record: its document id + this
PASSAGE_BOOST = 1000  # a passage with every term before any file-level match
RESULT_WINDOW = 10000  # OpenSearch's / Elasticsearch's default index.max_result_window
SCAN_CHUNK = 5000  # hits per search_after request past the window
PARTS = "parts"  # nested passages of a file record
#: filter / permission fields of a passage, copied into each part of its file record
PART_FIELDS = ("fiscal_year", "unit_id", "kpi_id", "round", "file_type", "is_public")
SORT = ({"_score": "desc"}, {"indexed_at": "desc"}, {"document_id": "asc"}, {"seq": "asc"})


#: settings of an index being filled by ``rebuild`` (not yet behind the alias), and after
BULK_LOAD = {"refresh_interval": "-1"}
AFTER_BULK_LOAD = {"index": {"refresh_interval": None}}


def index_body(bulk_load: bool = False) -> dict:
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
    text_c = {"type": "text", "analyzer": "gram3", "fields": sub}
    meta = {"file_type": kw, "fiscal_year": {"type": "integer"}, "unit_id": {"type": "integer"},
            "kpi_id": {"type": "integer"}, "round": {"type": "short"}, "is_public": {"type": "boolean"}}
    mapping = {
        "dynamic": "strict",
        "properties": {
            "passage_id": kw, "document_id": kw, "kind": kw, "seq": {"type": "integer"},
            "indexed_at": {"type": "double"},
            "head_c": text_c, "body_c": text_c,
            PARTS: {"type": "nested", "properties": {"head_c": text_c, "body_c": text_c, **meta}},
            "words": {"type": "text", "analyzer": "words", "norms": False},
            "title": {"type": "text", "index": False}, "kpi_name": {"type": "text", "index": False},
            "body": {"type": "text", "index": False},
            "filename": kw, "unit_abbr": kw, "kpi_code": kw, **meta,
        },
    }
    settings = {"analysis": analysis, "number_of_shards": 1, **(BULK_LOAD if bulk_load else {})}
    return {"settings": settings, "mappings": mapping}


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
    """The file record of a file's passage sources: each passage one nested part (its text
    and its own filter fields); the file's title/KPI names and words joined for ranking."""
    first = parts[0]
    heads = list(dict.fromkeys(p["head_c"] for p in parts if p["head_c"]))
    return {**first, "passage_id": first["document_id"] + FILE_SUFFIX, "kind": FILE, "seq": -1,
            "head_c": SEP.join(heads), "body_c": "", "words": " ".join(p["words"] for p in parts),
            "body": "",
            PARTS: [{"head_c": p["head_c"], "body_c": p["body_c"], **{f: p[f] for f in PART_FIELDS}}
                    for p in parts]}


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


def _alt_match(dsl, alt: str, field: str):
    return dsl.Q("match_phrase", **{f"{field}.{_gram_field(alt)}": alt})


def term_match(dsl, t, prefix: str = ""):
    """Any alternative of term ``t`` occurs in the title/KPI name or the body text
    (``prefix`` ``"parts."``: of one part of a file record)."""
    per_alt = [_alt_match(dsl, alt, prefix + f) for alt in t.alternatives for f in ("head_c", "body_c")]
    return dsl.Q("bool", should=per_alt, minimum_should_match=1)


def passage_filters(dsl, q: SearchQuery, prefix: str = "") -> list:
    """The metadata filters and the searcher's visibility as filter clauses."""
    Q = dsl.Q
    out = [Q("term", **{prefix + name: (str(v).lower() if name == "file_type" else v)})
           for name, v in q.filters.items()]
    return out + visibility_filters(dsl, q.visibility, prefix)


def _ranking(dsl, terms, is_file) -> list:
    """``should`` blocks: 10 per term matched as whole word, 1 per term in the title/KPI
    name. A file record's presence test is its ``parts`` clause, so the whole-word block
    asks only for the words there."""
    Q = dsl.Q
    should = []
    for t in terms:
        match = term_match(dsl, t)
        whole_alt = [Q("bool", filter=[Q("term", words=w) for w in words]) for words in t.words if words]
        present = Q("bool", should=[match, is_file], minimum_should_match=1) if len(terms) > 1 else match
        should.append(Q("constant_score", filter=Q("bool", must=[present], should=whole_alt or [Q("match_none")],
                                                      minimum_should_match=1), boost=10))
        head_alt = [_alt_match(dsl, alt, "head_c") for alt in t.alternatives]
        should.append(Q("constant_score", filter=Q("bool", should=head_alt, minimum_should_match=1), boost=1))
    return should


def query(dsl, q: SearchQuery, terms):
    """The bool query: every term must match, ranking blocks (``should``), metadata filters
    and the searcher's visibility as filter clauses (never a post-filter). File records
    take part only when there are several terms (file-level AND, per visible part)."""
    Q = dsl.Q
    is_file = Q("term", kind=FILE)
    should = _ranking(dsl, terms, is_file)
    if len(terms) == 1:
        must = [Q("constant_score", filter=term_match(dsl, terms[0]), boost=0)]
        return Q("bool", must=must, should=should, filter=passage_filters(dsl, q), must_not=[is_file])
    passage = Q("bool", must_not=[is_file], filter=[term_match(dsl, t) for t in terms] + passage_filters(dsl, q))
    part_filters = passage_filters(dsl, q, PARTS + ".")
    whole_file = Q("bool", filter=[is_file] + [
        Q("nested", path=PARTS, score_mode="none", ignore_unmapped=True,
          query=Q("bool", filter=[term_match(dsl, t, PARTS + ".")] + part_filters)) for t in terms])
    should.append(Q("constant_score", filter=Q("bool", must_not=[is_file]), boost=PASSAGE_BOOST))
    return Q("bool", filter=[Q("bool", should=[passage, whole_file], minimum_should_match=1)], should=should)


def best_passage(dsl, search_obj, document_id: str, terms, q: SearchQuery | None = None):
    """The passage of one file that matches most terms (first in the file on a tie), among
    those passing ``q``'s filters and visibility."""
    Q = dsl.Q
    ranked = [Q("constant_score", filter=term_match(dsl, t), boost=1) for t in terms]
    keep = [Q("term", document_id=document_id), Q("bool", must_not=[Q("term", kind=FILE)])]
    qy = Q("bool", filter=keep + (passage_filters(dsl, q) if q else []), should=ranked)
    return search_obj.query(qy).sort({"_score": "desc"}, {"seq": "asc"}).extra(track_scores=True)[0:1]


def visibility_filters(dsl, vis, prefix: str = "") -> list:
    Q = dsl.Q
    if vis.all:
        return []
    allowed = []
    if vis.unit_ids:
        allowed.append(Q("terms", **{prefix + "unit_id": sorted(vis.unit_ids)}))
    if vis.include_public:
        allowed.append(Q("term", **{prefix + "is_public": True}))
    return [Q("bool", should=allowed or [Q("match_none")], minimum_should_match=1)]


def _documents_agg(s):
    """Two counts of matching documents: ``documents`` (cardinality, an estimate: 25,004 for
    25,000 at 100 k passages) and ``exact`` (the number of ``document_id`` buckets, exact while
    fewer than ``EXACT_COUNT_LIMIT``; the buckets themselves are left out of the response)."""
    s.aggs.metric("documents", "cardinality", field="document_id", precision_threshold=CARDINALITY_PRECISION)
    s.aggs.bucket("per_document", "terms", field="document_id", size=EXACT_COUNT_LIMIT, order={"_key": "asc"})
    s.aggs.pipeline("exact", "stats_bucket", buckets_path="per_document>_count")
    return s.params(filter_path=RESPONSE_PATHS)


def document_total(raw: dict) -> tuple[int, bool]:
    """(total, exact) from a response of ``_documents_agg``."""
    aggs = raw["aggregations"]
    exact = int((aggs.get("exact") or {}).get("count") or 0)
    if exact < EXACT_COUNT_LIMIT:
        return exact, True
    return max(exact, int(aggs["documents"]["value"])), False


def search(dsl, search_obj, q: SearchQuery, terms, page: int, per_page: int):
    """The whole search request on a layer's ``Search`` object (``dsl.Search(...)``): one
    hit per document (``collapse``), within ``RESULT_WINDOW``."""
    s = (search_obj.query(query(dsl, q, terms)).sort(*SORT)
         .extra(collapse={"field": "document_id"}, track_scores=True, track_total_hits=True)
         [(page - 1) * per_page: page * per_page])
    return _documents_agg(s)


def page_after(dsl, search_obj, q: SearchQuery, terms, after: list | None, size: int = SCAN_CHUNK):
    """``size`` hits (passages and file records, not collapsed) after the sort values
    ``after`` of the last hit read; the first request (``after`` None) also counts documents."""
    s = search_obj.query(query(dsl, q, terms)).sort(*SORT).extra(track_scores=True, track_total_hits=False)[0:size]
    if after is None:
        return _documents_agg(s)
    return s.extra(search_after=list(after))
