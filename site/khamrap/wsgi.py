"""WSGI entry point. Run from the repository root with ``--pythonpath site``."""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khamrap.settings.production")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

from evidence_search.warmup import warm  # noqa: E402  (segmenter loaded before the first request)

warm()
