"""OpenSearch backend: the shared engine through ``opensearch-py`` and its DSL.

``KHAMRAP_SEARCH_BACKEND=opensearch`` with ``KHAMRAP_SEARCH_URL=http://127.0.0.1:9200``
(a node from ``scripts/opensearch.sh``, a 3-node cluster or a managed service).
"""
from __future__ import annotations

from .engine import EngineBackend


class _DSL:
    from opensearchpy import Q, Search  # noqa: F401


class OpenSearchBackend(EngineBackend):
    product = "OpenSearch"
    dsl = _DSL

    def make_client(self, url: str):
        from opensearchpy import OpenSearch

        return OpenSearch(url, timeout=60, max_retries=2, retry_on_timeout=True)

    def streaming_bulk(self, actions, chunk_size: int):
        from opensearchpy.helpers import streaming_bulk

        return streaming_bulk(self.client, actions, chunk_size=chunk_size, raise_on_error=True)

    def create_index(self, name: str, body: dict) -> None:
        self.client.indices.create(index=name, body=body)

    def update_aliases(self, actions: list[dict]) -> None:
        self.client.indices.update_aliases(body={"actions": actions})

    def put_settings(self, index: str, body: dict) -> None:
        self.client.indices.put_settings(index=index, body=body)

    def delete_by_query(self, index: str, query: dict) -> None:
        self.client.delete_by_query(index=index, body={"query": query}, refresh=True, conflicts="proceed")
