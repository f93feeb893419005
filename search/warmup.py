"""Load what queries need when a worker starts, not on the first user's query.

``warm()`` loads the word segmenter's dictionary (~140 ms on first use) and, with
``KHAMRAP_SEARCH_PRELOAD_TEXT=1``, the passages' compact search text of the embedded index
(``search.backends.texts``). Called from ``khamrap.wsgi`` and when ``db_worker`` starts.
"""
import logging
import os
import time

log = logging.getLogger(__name__)


def warm(preload_text: bool | None = None) -> float:
    """Warm up; returns the milliseconds it took. Never raises (a cold start is slower, not broken)."""
    t0 = time.perf_counter()
    try:
        from . import thai_text

        thai_text.warm()
        from .query import parse

        parse("ตัวชี้วัด KPI 2569")
        if preload_text is None:
            preload_text = os.environ.get("KHAMRAP_SEARCH_PRELOAD_TEXT", "") in ("1", "true", "yes")
        if preload_text:
            from .backends.embedded import current_generation
            from .backends import texts

            texts.preload(current_generation())
    except Exception:  # the database may not exist yet (first migrate)
        log.warning("search warm-up failed", exc_info=True)
    return (time.perf_counter() - t0) * 1000
