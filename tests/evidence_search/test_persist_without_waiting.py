"""A query's best-effort write of exact results (``x:``/``xw:`` rows) never waits for a
writer: while another connection holds SQLite's write lock (an import's batch), a search
of a new term answers at once and only its own process remembers the result.

Run in a child process on a SQLite file (the tests' in-memory database has no busy
timeout to wait on); the child creates only the search tables, as bench/search.py does."""
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, os, sqlite3, sys, time
sys.path[:0] = [{site!r}, {root!r}]
os.environ["DJANGO_SETTINGS_MODULE"] = "khamrap.settings.dev"
os.environ["DATABASE_URL"] = "sqlite:///" + {db!r}
import django
django.setup()
from django.db import connection
from django.apps import apps
from evidence_search.models import IndexBitmap
with connection.schema_editor() as editor:
    for model in apps.get_app_config("evidence_search").get_models():
        editor.create_model(model)
from evidence_search.backends import IndexedPassage, SearchQuery, index_cache
from evidence_search.backends.embedded import EmbeddedBackend
P = lambda i, body: IndexedPassage(passage_id=f"p{{i}}", document_id=f"d{{i}}", title="หลักฐาน", body=body)
backend = EmbeddedBackend()
backend.rebuild([P(i, "ตัวชี้วัดที่ %d" % i) for i in range(5)]
                + [P(100 + i, "ตัวชี้แจง ชี้วัดผล %d" % i) for i in range(index_cache.PERSIST_MIN + 5)])
out = {{"timeout": connection.connection.execute("PRAGMA busy_timeout").fetchone()[0]}}
writer = sqlite3.connect({db!r}, isolation_level=None)
writer.execute("BEGIN IMMEDIATE")  # an import's batch in progress
index_cache.reset()
t = time.perf_counter()
out["total_locked"] = backend.search(SearchQuery("ตัวชี้วัด")).total
out["seconds_locked"] = time.perf_counter() - t
out["stored_locked"] = IndexBitmap.objects.filter(key="xw:ตัวชี้วัด").exists()
out["timeout_after"] = connection.connection.execute("PRAGMA busy_timeout").fetchone()[0]
writer.execute("COMMIT")
index_cache.reset()
out["total_free"] = backend.search(SearchQuery("ตัวชี้วัด")).total
out["stored_free"] = IndexBitmap.objects.filter(key="xw:ตัวชี้วัด").exists()
print("RESULT " + json.dumps(out))
"""


def test_a_search_does_not_wait_for_a_writer_to_store_its_exact_results(tmp_path):
    db = str(tmp_path / "locked.sqlite3")
    code = CHILD.format(site=str(ROOT / "site"), root=str(ROOT), db=db)
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env["KHAMRAP_VAR_DIR"] = str(tmp_path)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT, env=env)
    line = next((x for x in done.stdout.splitlines() if x.startswith("RESULT ")), None)
    assert line, done.stderr[-3000:]
    out = json.loads(line[7:])
    assert out["timeout"] >= 1000  # the settings' busy timeout is in force otherwise
    assert out["total_locked"] == out["total_free"] == 5
    assert out["seconds_locked"] < 0.9 * out["timeout"] / 1000  # did not sit out the busy timeout
    assert not out["stored_locked"]  # the writer held the lock: kept in this process only
    assert out["timeout_after"] == out["timeout"]  # the connection's timeout is restored
    assert out["stored_free"]
