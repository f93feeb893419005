"""Files left "extracting" by a worker that died (``kill -9``, a crash, a reboot, a restore).

    requeue_interrupted()                 files under a dead lease → queued again (worker start)
    requeue_interrupted(everything=True)  every file left extracting (after a restore: no
                                          worker of the restored database is running)

Which leases are dead is ``evidence.leases``'s to say. Requeued files get a new task the usual
way (``tasks.queue``); the task row the dead worker had claimed (database queue) is closed as
failed, so nothing stays RUNNING forever.
"""
from __future__ import annotations

import logging


from .leases import IN_PROGRESS, is_interrupted
from .models import EvidenceFile
from .tasks import queue

logger = logging.getLogger(__name__)
REQUEUED_MESSAGE = "ตัวประมวลผลหยุดทำงานระหว่างดึงข้อความจากไฟล์นี้ ระบบส่งเข้าคิวใหม่แล้ว"


class WorkerLost(Exception):
    """Recorded on the task row a dead worker had claimed."""


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
