"""Extract one file in a child process under time and memory limits.

    pages = run_isolated(path, detected, Limits(seconds=600, memory_mb=1024), on_wait=heartbeat)

The child is a fresh interpreter (``python -m evidence_search.extraction.isolate``; no Django, no
database connection, nothing inherited from the worker): it sets ``RLIMIT_AS`` on itself
(inherited by the ``tesseract`` it runs), asks the kernel to kill it if its parent dies
(``PR_SET_PDEATHSIG``: a worker killed with ``kill -9`` leaves no orphan extracting), runs
``extract_text`` and writes the pages as JSON to a file. The parent waits at most
``limits.seconds`` (calling ``on_wait`` every ``wait_step`` seconds meanwhile), then kills the
child's whole process group. Whatever the file does, the worker's own memory is untouched
and every failure is an ``ExtractionFailed`` with a Thai reason.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .detect import DetectedType
from .extract import ExtractedPage, extract_text
from .limits import ExtractionFailed, Limits, classify, failure

PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the folder holding the ``search`` package
# Libraries that start one thread per core reserve address space per thread; one each.
CHILD_ENV = {"OMP_THREAD_LIMIT": "1", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MALLOC_ARENA_MAX": "2"}


def run_isolated(path, detected: DetectedType, limits: Limits | None = None, on_wait=None,
                 wait_step: float = 5.0) -> list[ExtractedPage]:
    limits = limits or Limits()
    if not Path(path).is_file():
        raise failure("missing", limits)
    with tempfile.TemporaryDirectory(prefix="khamrap-extract-") as work:
        out, errors = Path(work) / "pages.json", Path(work) / "stderr.txt"
        env = {**os.environ, **CHILD_ENV,
               "PYTHONPATH": os.pathsep.join([str(PACKAGE_ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
        command = [sys.executable, "-m", "evidence_search.extraction.isolate", str(path), detected.kind, detected.encoding,
                   str(out), json.dumps(limits.as_dict()), str(os.getpid())]
        with open(errors, "wb") as stderr:
            child = subprocess.Popen(command, env=env, cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=stderr, start_new_session=True)
        deadline = time.monotonic() + limits.seconds
        try:
            while True:
                try:
                    child.wait(timeout=max(0.01, min(wait_step, deadline - time.monotonic())))
                    break
                except subprocess.TimeoutExpired:
                    if time.monotonic() >= deadline:
                        _kill(child)
                        raise failure("timeout", limits) from None
                    if on_wait is not None:
                        on_wait()
        except BaseException:
            _kill(child)
            raise
        if child.returncode != 0 or not out.is_file():
            stderr = errors.read_bytes()[-4000:].decode("utf-8", "replace")
            if child.returncode == -signal.SIGXCPU:  # RLIMIT_CPU
                raise failure("timeout", limits)
            if child.returncode == -signal.SIGKILL or any(s in stderr.lower() for s in ("memory", "bad_alloc")):
                raise failure("memory", limits)
            raise failure("crashed", limits)
        if out.stat().st_size > 4 * limits.max_text_chars + 1_000_000:
            raise failure("too_much_text", limits)
        result = json.loads(out.read_text(encoding="utf-8"))
    if "error" in result:
        raise ExtractionFailed(result["error"], result["message"])
    return [ExtractedPage(number, text, method) for number, text, method in result["pages"]]


def _kill(child: subprocess.Popen) -> None:
    if child.poll() is None:
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        child.wait()


# --- the child ------------------------------------------------------------------------------
def _die_with_parent(parent_pid: int) -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent_pid:  # the parent died before prctl
        os._exit(1)


def _limit_memory(limits: Limits) -> None:
    import resource

    memory = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(limits.seconds) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))


def _peak_memory() -> int:
    """Peak address space of this process in bytes (Linux), or 0."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmPeak:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _child(path: str, kind: str, encoding: str, out: str, limits_json: str, parent_pid: str) -> None:
    _die_with_parent(int(parent_pid))
    limits = Limits(**json.loads(limits_json))
    _limit_memory(limits)
    try:
        pages = extract_text(path, DetectedType(kind, encoding), limits=limits)
        if sum(len(p.text) for p in pages) > limits.max_text_chars:
            raise failure("too_much_text", limits)
        result = {"pages": [[p.number, p.text, p.method] for p in pages]}
    except MemoryError:
        pages = None
        result = {"error": "memory", "message": failure("memory", limits).message}
    except Exception as exc:  # a library's own exception: only its reason code leaves the child
        # C parsers out of memory raise odd errors (lxml: "unknown error"): judge by the peak
        code = "memory" if _peak_memory() > 0.9 * limits.memory_mb * 1024 * 1024 else classify(exc)
        error = exc if isinstance(exc, ExtractionFailed) else failure(code, limits)
        result = {"error": error.code, "message": error.message}
        if not isinstance(exc, ExtractionFailed):
            print(f"{type(exc).__module__}.{type(exc).__name__}: {exc}"[:1000], file=sys.stderr)
    Path(out).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    _child(*sys.argv[1:])
