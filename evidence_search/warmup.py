"""Load what queries need when a worker starts, not on the first user's query.

``warm()`` loads the word segmenter's dictionary (~140 ms on first use), imports the
search backend and reads what the embedded index's queries share, and, with
``KHAMRAP_SEARCH_PRELOAD_TEXT=1``, the passages' compact search text of the embedded index
(``evidence_search.backends.texts``), and imports the URL patterns and the search API's modules
(what a worker's first request would import). Called from ``khamrap.wsgi`` (each gunicorn
worker imports it when it starts, before it accepts a request) and when ``db_worker`` starts.
"""
import logging
import os
import time

log = logging.getLogger(__name__)


def _warm_backend() -> None:
    """Import the configured backend (and, for the embedded one, read the index's stamp
    and BM25's average length), so the first query finds them loaded."""
    from .backends import get_backend
    from . import snippets  # noqa: F401

    backend = get_backend()
    if type(backend).__name__ == "EmbeddedBackend":
        from .backends import embedded, index_cache

        stamp = index_cache.read_stamp()
        index_cache.sync(stamp)
        embedded._avg_len(stamp[0])


def _warm_request_path() -> None:
    """Import what the first web request would import lazily: the URL patterns (and so
    every view module), the search API and its JSON helpers: resolving the API's path
    imports its view module and what that imports, so this engine package names no app of
    its own. Without it each gunicorn worker paid this on its first request (cold workers
    timed out in ``bench/load.py``)."""
    from django.conf import settings
    from django.urls import get_resolver

    if getattr(settings, "ROOT_URLCONF", None):
        resolver = get_resolver()
        resolver.url_patterns  # noqa: B018  (imports the URLconf and the view modules)
        resolver._populate()
        resolver.resolve("/api/evidence/search/")


def warm(preload_text: bool | None = None) -> float:
    """Warm up; returns the milliseconds it took. Never raises (a cold start is slower, not broken)."""
    t0 = time.perf_counter()
    try:
        from thai import text as thai_text

        thai_text.warm()
        from .query import parse

        parse("ตัวชี้วัด KPI 2569")
        _warm_backend()
        if preload_text is None:
            preload_text = os.environ.get("KHAMRAP_SEARCH_PRELOAD_TEXT", "") in ("1", "true", "yes")
        if preload_text:
            from .backends.embedded import current_generation
            from .backends import texts

            texts.preload(current_generation())
    except Exception:  # the database may not exist yet (first migrate)
        log.warning("search warm-up failed", exc_info=True)
    from django.apps import apps

    if not apps.ready:
        # Called from an AppConfig.ready() (runserver, db_worker): apps listed after this one
        # are not ready yet (wagtail.snippets registers its snippets' URLs in its own ready()),
        # and a URLconf resolved now would be cached without them: every admin page of
        # ``runserver`` answered 500 "'wagtailsnippets_cms_fiscalyear' is not a registered namespace".
        return (time.perf_counter() - t0) * 1000
    try:  # needs no database: done even when the index cannot be read yet
        _warm_request_path()
    except Exception:
        log.warning("request path warm-up failed", exc_info=True)
    return (time.perf_counter() - t0) * 1000
