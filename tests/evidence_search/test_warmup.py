"""Worker start-up warm-up: what the first request would load is loaded before it."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_warm_up_imports_the_request_path_and_never_raises():
    """In a fresh interpreter: after ``warm()`` the URL patterns are resolved and the search
    API's modules imported (a gunicorn worker does this before it accepts a request)."""
    code = (
        "import os, sys\n"
        f"sys.path[:0] = [{str(ROOT / 'site')!r}, {str(ROOT)!r}]\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'khamrap.settings.dev')\n"
        "import django; django.setup()\n"
        "assert 'evidence.api' not in sys.modules\n"
        "from evidence_search.warmup import warm\n"
        "ms = warm()\n"
        "from django.urls import get_resolver\n"
        "assert get_resolver()._populated, 'URL patterns not populated'\n"
        "assert 'evidence.api' in sys.modules and 'evidence.search_service' in sys.modules\n"
        "print('WARM', ms)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "WARM" in out.stdout


def test_warm_up_at_runserver_start_leaves_the_snippet_urls_in_place():
    """``runserver`` warms up from ``EvidenceSearchConfig.ready()``, before wagtail.snippets registers
    its snippets' URLs: resolving the URLconf there cached it without them, and every admin
    page answered 500 (demo, ``scripts/run-demo.sh``)."""
    code = (
        "import os, sys\n"
        f"sys.path[:0] = [{str(ROOT / 'site')!r}, {str(ROOT)!r}]\n"
        "sys.argv = ['manage.py', 'runserver']\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'khamrap.settings.dev')\n"
        "import django; django.setup()\n"
        "from django.urls import reverse\n"
        "print('URL', reverse('wagtailsnippets_cms_fiscalyear:list'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "URL /admin/snippets/cms/fiscalyear/" in out.stdout
