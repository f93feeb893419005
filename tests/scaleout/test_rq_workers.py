"""Background jobs on Redis with several RQ workers, end to end in real processes.

Each process (two workers and the importer) shares one SQLite file under a temporary
KHAMRAP_VAR_DIR and a Redis database of its own; skipped with the reason where no Redis
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

ROOT = Path(__file__).resolve().parents[2]
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
    clear_queues(client)
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    env.update(DJANGO_SETTINGS_MODULE="khamrap.settings.test_instance", KHAMRAP_VAR_DIR=str(tmp_path / "var"),
               TASKS_BACKEND="django_tasks_rq.RQBackend", REDIS_URL=REDIS_URL)
    assert manage(env, "migrate", "--noinput").returncode == 0
    assert manage(env, "load_demo").returncode == 0
    assert manage(env, "load_demo_rounds").returncode == 0  # import_evidence files for one of the unit's rounds (12)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for number in range(8):
        (inbox / f"รายงาน-{number}.txt").write_text(f"รายงานผลการดำเนินงานโครงการที่ {number} ของกองคลัง", encoding="utf-8")

    logs = [open(tmp_path / f"worker-{n}.log", "w") for n in range(2)]
    workers = [subprocess.Popen([sys.executable, "manage.py", "rqworker", "--job-class", "django_tasks_rq.Job", "default"],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT) for log in logs]
    try:
        result = manage(env, "import_evidence", "--year", "2569", "--unit", "สสบ./กค.", "--background", "--timeout", "300", str(inbox))
        assert result.returncode == 0, result.stdout + result.stderr
        assert "พร้อมค้นหา 8 ล้มเหลว 0" in result.stdout
    finally:
        for worker in workers:
            worker.terminate()
            worker.wait(timeout=30)
        for log in logs:
            log.close()
    started = [re.findall(r"default: evidence\.tasks\.extract_evidence_file\((\d+)\)", (tmp_path / f"worker-{n}.log").read_text()) for n in range(2)]
    ids = started[0] + started[1]
    assert len(ids) == 8 and len(set(ids)) == 8, started  # every extraction ran exactly once
    # Both workers took part: Wagtail's own jobs (reference index, search) from load_demo
    # queue in front of the extractions, so each worker has run hundreds of jobs.
    assert all("Job OK" in (tmp_path / f"worker-{n}.log").read_text() for n in range(2))
    found = manage(env, "search_evidence", "โครงการที่ 5", "--json")
    assert '"total": 1' in found.stdout, found.stdout
    clear_queues(client)
