"""A real task worker (``manage.py db_worker`` on a file SQLite database) killed with SIGKILL in
the middle of an extraction, then started again, finishes the file; a backup taken while the
file was stuck restores it queued, and a worker of the restored instance finishes it too."""
import signal
import time
from pathlib import Path

import pytest

from tests.instances import demo_instance

PAGES = 3
WORKER = ("db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.2", "-v", "2")


def wait_until(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"after {seconds} s still not: {what}")


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def file_status(instance, file_id):
    return instance.query("SELECT status FROM cms_evidencefile WHERE id = ?", file_id)[0][0]


def task_statuses(instance):
    return sorted(s for (s,) in instance.query(
        "SELECT status FROM django_tasks_database_dbtaskresult WHERE task_path = 'evidence.tasks.extract_evidence_file'"))


def run_until_indexed(instance, file_id):
    worker = instance.start(*WORKER)
    try:
        wait_until(lambda: file_status(instance, file_id) == "indexed", 600, "indexed")
    finally:
        worker.terminate()
        worker.wait(30)
    pages = instance.query("SELECT method, text FROM evidence_extractedtext WHERE evidence_file_id = ? ORDER BY number", file_id)
    assert [m for m, _ in pages] == ["ocr"] * PAGES
    assert all("บันทึกข้อความ" in text for _, text in pages)


@pytest.mark.slow
def test_a_worker_killed_mid_extraction_and_started_again_finishes_the_file(tmp_path):
    source = demo_instance(tmp_path / "source")
    file_id = source.script("queue_scanned_evidence", pages=PAGES)["file_id"]
    assert file_status(source, file_id) == "queued" and task_statuses(source) == ["READY"]

    worker = source.start(*WORKER)
    wait_until(lambda: file_status(source, file_id) == "extracting", 300, "extracting")  # a worker process starting on a loaded machine
    [extractor] = wait_until(lambda: children(worker.pid), 60, "an extraction child process")
    time.sleep(1.0)
    assert file_status(source, file_id) == "extracting"  # mid-job
    worker.send_signal(signal.SIGKILL)
    worker.wait(30)
    wait_until(lambda: not alive(extractor), 10, "the extraction child gone with its worker")
    time.sleep(1.0)
    assert file_status(source, file_id) == "extracting" and task_statuses(source) == ["RUNNING"]  # stuck

    archive = tmp_path / "mid-extraction.tar.gz"
    source.manage("backup", "--out", str(archive))

    run_until_indexed(source, file_id)  # the restarted worker found the file and finished it
    assert task_statuses(source) == ["FAILED", "SUCCESSFUL"]  # the dead worker's task closed, not RUNNING

    target = demo_instance(tmp_path / "target")
    target.manage("restore", "--force", str(archive))
    assert file_status(target, file_id) == "queued"
    assert task_statuses(target) == ["FAILED", "READY"]
    run_until_indexed(target, file_id)
