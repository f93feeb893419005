"""The search-server backend, written once; ``opensearch.py`` and ``elastic.py`` give it a client.

Settings: ``KHAMRAP_SEARCH_URL`` (``ELASTICSEARCH_URL`` is still read as an alias) and
``KHAMRAP_SEARCH_ES_ALIAS`` (default ``khamrap-evidence``). The index is reached through
that alias: ``rebuild`` bulk-fills a new index, swaps the alias in one atomic request and
drops the old index, so searches never see a half-built index. Requests come from
``engine_queries``; a layer only knows how its client spells each call.
"""
from __future__ import annotations

import os
import time
from typing import Iterable

from django.conf import settings

from .. import query as query_parser
from .. import snippets
from . import engine_queries as build
from .base import Hit, IndexedPassage, Progress, SearchBackend, SearchQuery, SearchResults

_CLIENTS: dict[tuple, object] = {}  # one connection pool per process, server and layer


def search_url(url: str | None = None) -> str | None:
    return (url or getattr(settings, "KHAMRAP_SEARCH_URL", None) or os.environ.get("KHAMRAP_SEARCH_URL")
            or getattr(settings, "ELASTICSEARCH_URL", None) or os.environ.get("ELASTICSEARCH_URL"))


class EngineBackend(SearchBackend):
    #: the layer's DSL module (``Q``, ``Search``) and a human name for messages
    product = "search server"

    def __init__(self, url: str | None = None, alias: str | None = None, client=None, **options):
        self.url = search_url(url)
        if client is None and not self.url:
            raise RuntimeError(f"ไม่ได้ตั้งค่า KHAMRAP_SEARCH_URL สำหรับระบบค้นหา {self.product}")
        if client is None:
            key = (type(self).__name__, self.url)
            client = _CLIENTS.get(key) or _CLIENTS.setdefault(key, self.make_client(self.url))
        self.client = client
        self.alias = alias or getattr(settings, "KHAMRAP_SEARCH_ES_ALIAS", "khamrap-evidence")
        #: the server's index.max_result_window; pages past it are read with search_after
        self.result_window = int(options.get("result_window", build.RESULT_WINDOW))
        self.scan_chunk = min(build.SCAN_CHUNK, self.result_window)

    # --- what each layer provides ---------------------------------------------------------
    dsl = None

    def make_client(self, url: str): raise NotImplementedError
    def streaming_bulk(self, actions, chunk_size: int): raise NotImplementedError
    def create_index(self, name: str, body: dict) -> None: raise NotImplementedError
    def update_aliases(self, actions: list[dict]) -> None: raise NotImplementedError
    def put_settings(self, index: str, body: dict) -> None: raise NotImplementedError
    def delete_by_query(self, index: str, query: dict) -> None: raise NotImplementedError

    # --- index management -----------------------------------------------------------------
    def _new_index(self, bulk_load: bool = False) -> str:
        name = build.new_index_name(self.alias)
        self.create_index(name, build.index_body(bulk_load))
        return name

    def _ensure(self) -> None:
        if not self.client.indices.exists_alias(name=self.alias):
            self.update_aliases(build.alias_swap(self.alias, [], self._new_index()))

    def _indices(self) -> list[str]:
        if not self.client.indices.exists_alias(name=self.alias):
            return []
        return list(self.client.indices.get_alias(name=self.alias).keys())

    def _bulk(self, index: str, passages: Iterable[IndexedPassage], progress: Progress | None = None) -> int:
        done = 0
        for ok, item in self.streaming_bulk(build.bulk_actions(index, passages), chunk_size=build.BULK_CHUNK):
            if build.is_file_record_id(next(iter(item.values()), {}).get("_id", "")):
                continue  # file records are not passages: not counted
            done += 1
            if progress and done % build.BULK_CHUNK == 0:
                progress(done)
        if progress:
            progress(done)
        return done

    # --- SearchBackend ----------------------------------------------------------------------
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
        self.delete_by_query(self.alias, build.delete_query(document_ids))

    def rebuild(self, passages: Iterable[IndexedPassage], progress: Progress | None = None) -> int:
        new = self._new_index(bulk_load=True)  # no refresh while filling: nobody reads it yet
        try:
            done = self._bulk(new, passages, progress)
            self.put_settings(new, build.AFTER_BULK_LOAD)
            self.client.indices.refresh(index=new)
        except BaseException:
            self.client.indices.delete(index=new)  # the alias still points at the old, whole index
            raise
        old = self._indices()
        self.update_aliases(build.alias_swap(self.alias, old, new))  # atomic swap
        for o in old:
            self.client.indices.delete(index=o)
        return done

    def drop(self) -> None:
        """Remove the alias and its indices (tests)."""
        for o in self._indices():
            self.client.indices.delete(index=o)

    def search_request(self, q: SearchQuery):
        """The layer's ``Search`` object for ``q`` (``None`` for an empty query)."""
        per_page, page = max(1, int(q.per_page or 20)), max(1, int(q.page or 1))
        terms = query_parser.parse(q.text)
        if not terms:
            return None, terms
        s = self.dsl.Search(using=self.client, index=self.alias)
        return build.search(self.dsl, s, q, terms, page, per_page), terms

    def _best_passage(self, document_id: str, terms, q: SearchQuery) -> dict | None:
        s = build.best_passage(self.dsl, self.dsl.Search(using=self.client, index=self.alias), document_id, terms, q)
        found = s.execute().to_dict()["hits"]["hits"]
        return found[0]["_source"] if found else None

    def _deep(self, q: SearchQuery, terms, page: int, per_page: int) -> tuple[list[dict], tuple[int, bool]]:
        """(hits of the page, total) for a page past ``RESULT_WINDOW``: the ranked hits read
        with ``search_after``, one per document (the first, i.e. best, as ``collapse`` keeps)."""
        want, after, total = page * per_page, None, (0, True)
        seen: set[str] = set()
        firsts: list[dict] = []
        while len(firsts) < want:
            s = build.page_after(self.dsl, self.dsl.Search(using=self.client, index=self.alias), q, terms, after,
                                 self.scan_chunk)
            raw = s.execute().to_dict()
            if after is None:
                total = build.document_total(raw)
            chunk = raw.get("hits", {}).get("hits", [])
            for h in chunk:
                doc = h["_source"]["document_id"]
                if doc not in seen:
                    seen.add(doc)
                    firsts.append(h)
            if len(chunk) < self.scan_chunk:
                break
            after = chunk[-1]["sort"]
        return firsts[(page - 1) * per_page: want], total

    def search(self, q: SearchQuery) -> SearchResults:
        t0 = time.perf_counter()
        per_page, page = max(1, int(q.per_page or 20)), max(1, int(q.page or 1))
        s, terms = self.search_request(q)
        if s is None:
            return SearchResults(0, 0.0, [], page, per_page)
        self._ensure()
        if page * per_page <= self.result_window:
            raw = s.execute().to_dict()
            found, total = raw.get("hits", {}).get("hits", []), build.document_total(raw)
        else:
            found, total = self._deep(q, terms, page, per_page)
        k = len(terms)
        hits = []
        for h in found:
            src = h["_source"]
            score = float(h.get("_score") or 0)
            if score >= build.PASSAGE_BOOST:
                score -= build.PASSAGE_BOOST
            if src.get("kind") == build.FILE:  # the file matched, no one passage: show its best
                src = self._best_passage(src["document_id"], terms, q) or src
            hits.append(Hit(
                document_id=src["document_id"], passage_id=src["passage_id"], title=src.get("title", ""),
                filename=src.get("filename", ""), unit=src.get("unit_abbr", ""),
                kpi=src.get("kpi_code") or src.get("kpi_name", ""), round=src.get("round"),
                file_type=src.get("file_type", ""), score=score,
                snippet_html=snippets.snippet(src.get("body", ""), f"{src.get('title', '')} {src.get('kpi_name', '')}",
                                              terms, cleaned=True),
                whole_word=int(score // 10) >= k))
        return SearchResults(total[0], round((time.perf_counter() - t0) * 1000, 2), hits, page, per_page,
                             total_exact=total[1])
