"""Elasticsearch backend (``elasticsearch.dsl``), same semantics as the embedded one.

Settings: ``ELASTICSEARCH_URL`` (or the environment variable of that name) and
``KHAMRAP_SEARCH_ES_ALIAS`` (default ``khamrap-evidence``).

No ICU or Thai analyzer is used: text goes through ``search.thai_text`` in Python first, so
both backends see identical normalisation and segmentation.

* ``head_c`` / ``body_c``: compact normalised text; sub-fields ``g1``/``g2``/``g3`` are
  character n-grams of exactly 1, 2, 3 characters. The ngram tokenizer gives gram *i* the
  position *i*, so a ``match_phrase`` of a term's trigrams is an exact substring match (part
  of a compound, digits, Latin, phrases), without the superset issue of the bitmap index.
* ``words``: the segmented words, whitespace-tokenised: whole-word matches (ranking).
* Ranking with ``constant_score`` blocks: 10 per term matched as whole word, 1 per term in
  title / KPI name — the same order as the embedded backend; ties newest first.
* One hit per document: ``collapse`` on ``document_id``; ``total`` from a ``cardinality``
  aggregation (exact up to 40 000 documents, approximate above).
* Permissions and filters are ``filter`` clauses of the query.
* The index is reached through an alias: ``rebuild`` fills a new index and swaps the alias
  atomically, then drops the old one, so searches never see a half-built index.
"""
from __future__ import annotations

import os
import time
from typing import Iterable

from django.conf import settings

from .. import query as query_parser
from .. import snippets, thai_text
from .base import Hit, IndexedPassage, Progress, SearchBackend, SearchQuery, SearchResults

SEP = " \u2063 "  # between field parts; never in a query, so no n-gram phrase spans it


def _analysis() -> dict:
    grams = {f"g{n}": {"type": "ngram", "min_gram": n, "max_gram": n, "token_chars": []} for n in (1, 2, 3)}
    return {
        "tokenizer": grams,
        "analyzer": {
            **{f"gram{n}": {"type": "custom", "tokenizer": f"g{n}"} for n in (1, 2, 3)},
            "words": {"type": "custom", "tokenizer": "whitespace"},
        },
    }


def _mapping() -> dict:
    grams = {f"g{n}": {"type": "text", "analyzer": f"gram{n}"} for n in (1, 2, 3)}
    kw = {"type": "keyword"}
    return {
        "dynamic": "strict",
        "properties": {
            "passage_id": kw, "document_id": kw, "seq": {"type": "integer"},
            "indexed_at": {"type": "double"},
            "head_c": {"type": "text", "analyzer": "gram3", "fields": grams},
            "body_c": {"type": "text", "analyzer": "gram3", "fields": grams},
            "words": {"type": "text", "analyzer": "words", "norms": False},
            "title": {"type": "text", "index": False}, "kpi_name": {"type": "text", "index": False},
            "body": {"type": "text", "index": False},
            "filename": kw, "file_type": kw, "unit_abbr": kw, "kpi_code": kw,
            "fiscal_year": {"type": "integer"}, "unit_id": {"type": "integer"},
            "kpi_id": {"type": "integer"}, "round": {"type": "short"}, "is_public": {"type": "boolean"},
        },
    }


def _gram_field(alt: str) -> str:
    return f"g{min(len(alt), 3)}"


class ElasticsearchBackend(SearchBackend):
    def __init__(self, url: str | None = None, alias: str | None = None, client=None, **options):
        from elasticsearch import Elasticsearch

        self.url = url or getattr(settings, "ELASTICSEARCH_URL", None) or os.environ.get("ELASTICSEARCH_URL")
        if client is None and not self.url:
            raise RuntimeError("ไม่ได้ตั้งค่า ELASTICSEARCH_URL สำหรับระบบค้นหา Elasticsearch")
        self.client = client or Elasticsearch(self.url)
        self.alias = alias or getattr(settings, "KHAMRAP_SEARCH_ES_ALIAS", "khamrap-evidence")
        self.refresh = options.get("refresh", "wait_for")

    # --- index management --------------------------------------------------------------
    def _create_index(self) -> str:
        name = f"{self.alias}-{time.strftime('%Y%m%d%H%M%S')}-{time.time_ns() % 1_000_000:06d}"
        self.client.indices.create(index=name, settings={"analysis": _analysis(), "number_of_shards": 1},
                                   mappings=_mapping())
        return name

    def _ensure(self) -> None:
        if not self.client.indices.exists_alias(name=self.alias):
            name = self._create_index()
            self.client.indices.put_alias(index=name, name=self.alias)

    @staticmethod
    def _source(p: IndexedPassage, seq: int, batch_time: float) -> dict:
        norm = thai_text.normalize
        head = [norm(t) for t in (p.title, p.kpi_name) if t]
        body = [norm(t) for t in (p.body, p.filename, p.kpi_code, p.unit_abbr) if t]
        return {
            "passage_id": p.passage_id, "document_id": p.document_id, "seq": seq,
            "indexed_at": batch_time,  # one value per batch: ties inside a document go by seq
            "head_c": SEP.join(thai_text.compact(h) for h in head),
            "body_c": SEP.join(thai_text.compact(b) for b in body),
            "words": " ".join(thai_text.segment(" \n ".join(head + body))),
            "title": thai_text.clean(p.title), "kpi_name": thai_text.clean(p.kpi_name),
            "body": thai_text.clean(p.body), "filename": p.filename, "file_type": (p.file_type or "").lower(),
            "unit_abbr": p.unit_abbr, "kpi_code": p.kpi_code, "fiscal_year": p.fiscal_year,
            "unit_id": p.unit_id, "kpi_id": p.kpi_id, "round": p.round, "is_public": p.is_public,
        }

    def _bulk(self, index: str, passages: Iterable[IndexedPassage], progress: Progress | None = None) -> int:
        from elasticsearch.helpers import streaming_bulk

        seqs: dict[str, int] = {}
        batch_time = time.time()

        def actions():
            for p in passages:
                seq = seqs[p.document_id] = seqs.get(p.document_id, -1) + 1
                yield {"_op_type": "index", "_index": index, "_id": p.passage_id, "_source": self._source(p, seq, batch_time)}

        done = 0
        for ok, item in streaming_bulk(self.client, actions(), chunk_size=1000, raise_on_error=True):
            done += 1
            if progress and done % 1000 == 0:
                progress(done)
        if progress:
            progress(done)
        return done

    # --- SearchBackend -------------------------------------------------------------------
    def index(self, passages: list[IndexedPassage]) -> None:
        if not passages:
            return
        self._ensure()
        self._bulk(self.alias, passages)
        self.client.indices.refresh(index=self.alias)

    def delete(self, document_ids: list[str]) -> None:
        if not document_ids:
            return
        self._ensure()
        self.client.delete_by_query(index=self.alias, query={"terms": {"document_id": list(document_ids)}},
                                    refresh=True, conflicts="proceed")

    def rebuild(self, passages: Iterable[IndexedPassage], progress: Progress | None = None) -> int:
        new = self._create_index()
        done = self._bulk(new, passages, progress)
        self.client.indices.refresh(index=new)
        old = list(self.client.indices.get_alias(name=self.alias).keys()) if self.client.indices.exists_alias(
            name=self.alias) else []
        actions = [{"remove": {"index": o, "alias": self.alias}} for o in old]
        actions.append({"add": {"index": new, "alias": self.alias}})
        self.client.indices.update_aliases(actions=actions)  # atomic swap
        for o in old:
            self.client.indices.delete(index=o)
        return done

    def drop(self) -> None:
        """Remove the alias and its indices (tests)."""
        if self.client.indices.exists_alias(name=self.alias):
            for o in self.client.indices.get_alias(name=self.alias):
                self.client.indices.delete(index=o)

    def build_query(self, q: SearchQuery, terms) -> "object":
        from elasticsearch.dsl import Q

        must, should = [], []
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
        filters = [Q("term", **{name: (str(v).lower() if name == "file_type" else v)})
                   for name, v in q.filters.items()]
        vis = q.visibility
        if not vis.all:
            allowed = []
            if vis.unit_ids:
                allowed.append(Q("terms", unit_id=sorted(vis.unit_ids)))
            if vis.include_public:
                allowed.append(Q("term", is_public=True))
            filters.append(Q("bool", should=allowed or [Q("match_none")], minimum_should_match=1))
        return Q("bool", must=must, should=should, filter=filters)

    def search(self, q: SearchQuery) -> SearchResults:
        from elasticsearch.dsl import Search

        t0 = time.perf_counter()
        per_page, page = max(1, int(q.per_page or 20)), max(1, int(q.page or 1))
        terms = query_parser.parse(q.text)
        if not terms:
            return SearchResults(0, 0.0, [], page, per_page)
        self._ensure()
        s = (Search(using=self.client, index=self.alias).query(self.build_query(q, terms))
             .sort({"_score": "desc"}, {"indexed_at": "desc"}, {"document_id": "asc"}, {"seq": "asc"})
             .extra(collapse={"field": "document_id"}, track_scores=True, track_total_hits=True)
             [(page - 1) * per_page: page * per_page])
        s.aggs.metric("documents", "cardinality", field="document_id", precision_threshold=40000)
        resp = s.execute()
        k = len(terms)
        hits = []
        for h in resp.hits:
            src = h.to_dict()
            score = float(h.meta.score or 0)
            whole = int(score // 10)
            hits.append(Hit(
                document_id=src["document_id"], passage_id=src["passage_id"], title=src.get("title", ""),
                filename=src.get("filename", ""), unit=src.get("unit_abbr", ""),
                kpi=src.get("kpi_code") or src.get("kpi_name", ""), round=src.get("round"),
                file_type=src.get("file_type", ""), score=score,
                snippet_html=snippets.snippet(src.get("body", ""), f"{src.get('title', '')} {src.get('kpi_name', '')}",
                                              terms, cleaned=True),
                whole_word=whole >= k))
        total = int(resp.aggregations.documents.value)
        return SearchResults(total, round((time.perf_counter() - t0) * 1000, 2), hits, page, per_page)
