"""Background jobs on Redis with several RQ workers, end to end in real processes.

Each process (two workers and the importer) shares one SQLite file under a temporary
KHAMRAP_VAR_DIR (a copy of the run's demo instance, ``tests.instances.demo_instance``: its
Wagtail jobs went to the database queue when it was built, so the workers start idle and run
only the import's jobs) and a Redis database of its own; skipped with the reason where no Redis
server answers on REDIS_TEST_URL (default redis://127.0.0.1:6379/13), except under
scripts/test.sh, which starts one and sets KHAMRAP_REQUIRE_REDIS=1: there it fails.
"""
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.instances import demo_instance

ROOT = Path(__file__).resolve().parents[2]
FILES = 8
REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/13")


def redis_or_skip():
    import redis

    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        client.ping()
    except Exception as exc:  # no server: the scale-out path can't be exercised here
        if os.environ.get("KHAMRAP_REQUIRE_REDIS") == "1":
            pytest.fail(f"KHAMRAP_REQUIRE_REDIS=1 but no Redis server at {REDIS_URL}: {exc!r}")
        pytest.skip(f"no Redis server at {REDIS_URL}: {exc.__class__.__name__}")
    return client


def manage(env, *args, **kwargs):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, **kwargs)


@pytest.mark.slow
def test_extraction_jobs_run_on_several_rq_workers(tmp_path):
    client = redis_or_skip()
    # Test runs on one machine share this Redis database: one at a time.
    with client.lock("khamrap-test:rq-workers", timeout=900, blocking_timeout=900):
        run_with_workers(client, tmp_path)


def clear_queues(client):
    for key in client.scan_iter("rq:*"):
        client.delete(key)


def run_with_workers(client, tmp_path):
    from rq import Worker

    clear_queues(client)
    instance = demo_instance(tmp_path / "var")
    # import_evidence files for one of the unit's rounds (12); loaded on the database queue,
    # so its Wagtail jobs do not wait for the RQ workers
    instance.manage("load_demo_rounds", "-v0")
    env = instance.env(TASKS_BACKEND="django_tasks_rq.RQBackend", REDIS_URL=REDIS_URL)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for number in range(FILES):
        (inbox / f"รายงาน-{number}.txt").write_text(f"รายงานผลการดำเนินงานโครงการที่ {number} ของกองคลัง", encoding="utf-8")

    logs = [open(tmp_path / f"worker-{n}.log", "w") for n in range(2)]
    workers = [subprocess.Popen([sys.executable, "manage.py", "rqworker", "--job-class", "django_tasks_rq.Job", "default"],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT) for log in logs]
    try:
        # both workers listening before anything is queued: each then takes its share
        wait_until(lambda: len([w for w in Worker.all(connection=client) if w.get_state() == "idle"]) == 2
                   or any(w.poll() is not None for w in workers), 300, "two idle RQ workers")
        assert all(w.poll() is None for w in workers), [(tmp_path / f"worker-{n}.log").read_text() for n in range(2)]
        result = manage(env, "import_evidence", "--year", "2569", "--unit", "สสบ./กค.", "--background", "--timeout", "300", str(inbox))
        assert result.returncode == 0, result.stdout + result.stderr
        assert f"พร้อมค้นหา {FILES} ล้มเหลว 0" in result.stdout
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=30)
        for log in logs:
            log.close()
    texts = [(tmp_path / f"worker-{n}.log").read_text() for n in range(2)]
    started = [re.findall(r"default: evidence\.tasks\.extract_evidence_file\((\d+)\)", text) for text in texts]
    ids = started[0] + started[1]
    assert len(ids) == FILES and len(set(ids)) == FILES, started  # every extraction ran exactly once
    assert all(started), started  # both workers took part
    # Wagtail's own jobs for the new pages (search index, reference index) ran on the workers too
    assert any("modelsearch.tasks.insert_or_update_object_task" in text for text in texts), texts
    found = manage(env, "search_evidence", "โครงการที่ 5", "--json")
    assert '"total": 1' in found.stdout, found.stdout
    clear_queues(client)


def wait_until(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"after {seconds} s still not: {what}")
