"""Backend selection through the KHAMRAP_SEARCH_BACKEND setting."""
import pytest

from search.backends import SearchQuery, get_backend
from search.backends.embedded import EmbeddedBackend


def test_default_backend_is_embedded(settings):
    if hasattr(settings, "KHAMRAP_SEARCH_BACKEND"):
        del settings.KHAMRAP_SEARCH_BACKEND
    assert isinstance(get_backend(), EmbeddedBackend)


def test_setting_names_the_backend_class(settings, monkeypatch):
    monkeypatch.delenv("ELASTICSEARCH_URL", raising=False)
    settings.KHAMRAP_SEARCH_BACKEND = "search.backends.elastic.ElasticsearchBackend"
    settings.ELASTICSEARCH_URL = None
    with pytest.raises(RuntimeError, match="ELASTICSEARCH_URL"):
        get_backend()  # the ES class was chosen; it refuses to start without a server URL


def test_search_on_an_empty_index(embedded):
    res = embedded.search(SearchQuery("ตัวชี้วัด"))
    assert (res.total, res.hits, res.num_pages) == (0, [], 1)
