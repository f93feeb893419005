"""Backends under test: the embedded one always; OpenSearch on the node at
KHAMRAP_TEST_OPENSEARCH_URL (scripts/test.sh starts one and exports it). Under
scripts/test.sh (KHAMRAP_REQUIRE_OPENSEARCH=1) a missing node is a failure, not a skip.

The Elasticsearch layer is not run here: the elasticsearch 9 client refuses any server but
Elasticsearch; test_engine_layers.py checks it sends the OpenSearch layer's request bodies.
"""
import os
import uuid

import pytest

from evidence_search.backends import get_backend

BACKENDS = ["embedded", "opensearch"]


def opensearch_url():
    url = os.environ.get("KHAMRAP_TEST_OPENSEARCH_URL")
    if not url:
        if os.environ.get("KHAMRAP_REQUIRE_OPENSEARCH") == "1":
            pytest.fail("KHAMRAP_REQUIRE_OPENSEARCH=1 but KHAMRAP_TEST_OPENSEARCH_URL is not set")
        pytest.skip("KHAMRAP_TEST_OPENSEARCH_URL ไม่ได้ตั้งค่า: ข้ามการทดสอบ OpenSearch (run scripts/test.sh)")
    return url


def make_backend(name):
    if name == "embedded":
        backend = get_backend("evidence_search.backends.embedded.EmbeddedBackend")
        backend.clear()
        return backend, lambda: None
    backend = get_backend("evidence_search.backends.opensearch.OpenSearchBackend", url=opensearch_url(),
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
