"""The lease a worker holds on the evidence file it is extracting.

While ``processing.process_file`` works on a file it holds a lease on it: ``EvidenceFile.worker``
names the process (``host:pid:start``, the start time telling a reused pid apart) and
``heartbeat_at`` is refreshed every few seconds while the extraction runs. A lease is dead when
its process is gone (checked directly on the same host) or, for another host, when the
heartbeat is older than ``KHAMRAP_WORKER_STALE_SECONDS``; ``recovery`` requeues such files.
"""
from __future__ import annotations

import os
import socket
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .models import EvidenceFile

IN_PROGRESS = (EvidenceFile.EXTRACTING, EvidenceFile.OCR)
HEARTBEAT_SECONDS = 5.0


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
