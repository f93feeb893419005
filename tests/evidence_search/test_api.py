"""Backend selection through the KHAMRAP_SEARCH_BACKEND setting."""
import pytest

from evidence_search.backends import SearchQuery, get_backend
from evidence_search.backends.embedded import EmbeddedBackend


def test_default_backend_is_embedded(settings):
    if hasattr(settings, "KHAMRAP_SEARCH_BACKEND"):
        del settings.KHAMRAP_SEARCH_BACKEND
    assert isinstance(get_backend(), EmbeddedBackend)


@pytest.mark.parametrize("name", ["evidence_search.backends.elastic.ElasticsearchBackend", "elasticsearch", "opensearch",
                                  "evidence_search.backends.opensearch.OpenSearchBackend"])
def test_setting_names_the_backend_class(settings, monkeypatch, name):
    for var in ("ELASTICSEARCH_URL", "KHAMRAP_SEARCH_URL"):
        monkeypatch.delenv(var, raising=False)
    settings.KHAMRAP_SEARCH_BACKEND = name
    settings.ELASTICSEARCH_URL = settings.KHAMRAP_SEARCH_URL = None
    with pytest.raises(RuntimeError, match="KHAMRAP_SEARCH_URL"):
        get_backend()  # a server class was chosen; it refuses to start without a server URL


@pytest.mark.parametrize("name,cls", [("opensearch", "OpenSearchBackend"), ("elasticsearch", "ElasticsearchBackend")])
def test_short_names_and_the_old_url_setting(settings, monkeypatch, name, cls):
    monkeypatch.delenv("KHAMRAP_SEARCH_URL", raising=False)
    settings.KHAMRAP_SEARCH_BACKEND = name
    settings.KHAMRAP_SEARCH_URL = None
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # kept working as an alias; no request is made
    backend = get_backend()
    assert type(backend).__name__ == cls and backend.url == "http://127.0.0.1:9"


def test_search_on_an_empty_index(embedded):
    res = embedded.search(SearchQuery("ตัวชี้วัด"))
    assert (res.total, res.hits, res.num_pages) == (0, [], 1)
