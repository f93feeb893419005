"""Elasticsearch backend: the shared engine through the ``elasticsearch`` 9 client and
``elasticsearch.dsl``. The 9.x client talks to Elasticsearch only (it refuses OpenSearch),
so the contract suite runs on the OpenSearch layer and a test checks this layer sends the
same request bodies.

``KHAMRAP_SEARCH_BACKEND=elasticsearch`` with ``KHAMRAP_SEARCH_URL`` (or ``ELASTICSEARCH_URL``).
"""
from __future__ import annotations

from .engine import EngineBackend


class _DSL:
    from elasticsearch.dsl import Q, Search  # noqa: F401


class ElasticsearchBackend(EngineBackend):
    product = "Elasticsearch"
    dsl = _DSL

    def make_client(self, url: str):
        from elasticsearch import Elasticsearch

        return Elasticsearch(url, request_timeout=60, max_retries=2, retry_on_timeout=True)

    def streaming_bulk(self, actions, chunk_size: int):
        from elasticsearch.helpers import streaming_bulk

        return streaming_bulk(self.client, actions, chunk_size=chunk_size, raise_on_error=True)

    def create_index(self, name: str, body: dict) -> None:
        self.client.indices.create(index=name, settings=body["settings"], mappings=body["mappings"])

    def update_aliases(self, actions: list[dict]) -> None:
        self.client.indices.update_aliases(actions=actions)

    def put_settings(self, index: str, body: dict) -> None:
        self.client.indices.put_settings(index=index, settings=body)

    def delete_by_query(self, index: str, query: dict) -> None:
        self.client.delete_by_query(index=index, query=query, refresh=True, conflicts="proceed")
