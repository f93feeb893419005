"""Backends under test: the embedded one always; Elasticsearch when ELASTICSEARCH_URL is set."""
import os
import uuid

import pytest

from search.backends import get_backend

BACKENDS = ["embedded", "elasticsearch"]


def make_backend(name):
    if name == "embedded":
        backend = get_backend("search.backends.embedded.EmbeddedBackend")
        backend.clear()
        return backend, lambda: None
    url = os.environ.get("ELASTICSEARCH_URL")
    if not url:
        pytest.skip("ELASTICSEARCH_URL ไม่ได้ตั้งค่า: ข้ามการทดสอบ Elasticsearch (no server in this environment)")
    backend = get_backend("search.backends.elastic.ElasticsearchBackend", url=url,
                          alias=f"khamrap-test-{uuid.uuid4().hex[:10]}")
    return backend, backend.drop


@pytest.fixture(params=BACKENDS)
def backend(request, db):
    backend, teardown = make_backend(request.param)
    yield backend
    teardown()


@pytest.fixture
def embedded(db):
    backend, _ = make_backend("embedded")
    return backend
