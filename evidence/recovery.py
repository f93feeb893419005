"""Files left "extracting" by a worker that died (``kill -9``, a crash, a reboot, a restore).

While ``process_file`` works on a file it holds a lease on it: ``EvidenceFile.worker`` names
the process (``host:pid:start``, the start time telling a reused pid apart) and
``heartbeat_at`` is refreshed every few seconds while the extraction runs. A lease is dead when
its process is gone (checked directly on the same host) or, for another host, when the
heartbeat is older than ``KHAMRAP_WORKER_STALE_SECONDS``.

    requeue_interrupted()                 files under a dead lease → queued again (worker start)
    requeue_interrupted(everything=True)  every file left extracting (after a restore: no
                                          worker of the restored database is running)
    is_interrupted(evidence_file)         the status page offers "retry" for these

Requeued files get a new task the usual way (``ingest.queue``); the task row the dead worker
had claimed (database queue) is closed as failed, so nothing stays RUNNING forever.
"""
from __future__ import annotations

import logging
import os
import socket
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from cms.models import EvidenceFile

logger = logging.getLogger(__name__)
IN_PROGRESS = (EvidenceFile.EXTRACTING, EvidenceFile.OCR)
HEARTBEAT_SECONDS = 5.0
REQUEUED_MESSAGE = "ตัวประมวลผลหยุดทำงานระหว่างดึงข้อความจากไฟล์นี้ ระบบส่งเข้าคิวใหม่แล้ว"


class WorkerLost(Exception):
    """Recorded on the task row a dead worker had claimed."""


def _start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (Linux), None if there is no such
    process; "" where /proc is missing (then only existence is checked)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return None
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            pass
        return ""
    return stat.rsplit(")", 1)[1].split()[19]


def worker_identity(pid: int | None = None) -> str:
    pid = pid or os.getpid()
    return f"{socket.gethostname()}:{pid}:{_start_time(pid) or ''}"


def stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "KHAMRAP_WORKER_STALE_SECONDS", 60))


def lease_alive(worker: str, heartbeat_at) -> bool:
    if not worker:
        return False
    host, _, rest = worker.partition(":")
    pid, _, started = rest.partition(":")
    if host == socket.gethostname() and pid.isdigit():
        now_started = _start_time(int(pid))
        return now_started is not None and (now_started == started or "" in (now_started, started))
    return heartbeat_at is not None and timezone.now() - heartbeat_at < stale_after()


def is_interrupted(evidence_file: EvidenceFile) -> bool:
    return evidence_file.status in IN_PROGRESS and not lease_alive(evidence_file.worker, evidence_file.heartbeat_at)


def close_claimed_task_rows(file_ids: list[int]) -> int:
    """Database queue only: the RUNNING rows of ``extract_evidence_file`` for these files."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:
        return 0
    closed = 0
    wanted = set(file_ids)
    for row in DBTaskResult.objects.filter(status="RUNNING", task_path="evidence.tasks.extract_evidence_file"):
        args = (row.args_kwargs or {}).get("args") or []
        if args and args[0] in wanted:
            row.set_failed(WorkerLost(REQUEUED_MESSAGE))
            closed += 1
    return closed


def requeue_interrupted(everything: bool = False) -> list[int]:
    from .ingest import queue

    candidates = EvidenceFile.objects.filter(status__in=IN_PROGRESS)
    ids = [f.pk for f in candidates if everything or is_interrupted(f)]
    if not ids:
        return []
    EvidenceFile.objects.filter(pk__in=ids, status__in=IN_PROGRESS).update(
        status=EvidenceFile.QUEUED, status_message=REQUEUED_MESSAGE, worker="", heartbeat_at=None)
    close_claimed_task_rows(ids)
    for file_id in ids:
        queue(file_id)
    logger.warning("requeued %d evidence file(s) left extracting by a dead worker: %s", len(ids), ids)
    return ids
