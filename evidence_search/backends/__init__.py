"""Search backends behind one interface.

    from evidence_search.backends import get_backend, IndexedPassage, SearchQuery
    backend = get_backend()           # settings.KHAMRAP_SEARCH_BACKEND (short name or dotted path)
    backend.index([IndexedPassage(...)])
    backend.search(SearchQuery("ตัวชี้วัด 2569", filters=Filters(fiscal_year=2569)))

Results are grouped per document: one ``Hit`` per document, carrying its best passage
(best = highest rank; among equals the earliest passage, i.e. the first page).
``SearchResults.total`` counts documents, and pagination is over documents.
"""
from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

from .base import (  # noqa: F401
    Filters,
    Hit,
    IndexedPassage,
    SearchBackend,
    SearchQuery,
    SearchResults,
    Visibility,
)

DEFAULT_BACKEND = "evidence_search.backends.embedded.EmbeddedBackend"
#: short names accepted by ``KHAMRAP_SEARCH_BACKEND`` beside dotted paths
BACKENDS = {
    "embedded": DEFAULT_BACKEND,
    "opensearch": "evidence_search.backends.opensearch.OpenSearchBackend",
    "elasticsearch": "evidence_search.backends.elastic.ElasticsearchBackend",
}


def get_backend(path: str | None = None, **options) -> SearchBackend:
    """The configured backend (``KHAMRAP_SEARCH_BACKEND``), or the one named by ``path``."""
    name = path or getattr(settings, "KHAMRAP_SEARCH_BACKEND", None) or DEFAULT_BACKEND
    return import_string(BACKENDS.get(name.strip().lower(), name.strip()))(**options)
