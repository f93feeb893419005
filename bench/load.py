"""Load test on loopback (run on demand, prints figures; bounded in time).

    .venv/bin/python bench/load.py                   # 100k passages, 10 s per run
    .venv/bin/python bench/load.py --passages 10000 --duration 5
    .venv/bin/python bench/load.py --only search --clients 10 --var-dir /tmp/b100k --cold
                                                     # reuse a built index, as freshly built

Builds a throw-away instance in a temp folder with the production settings (SQLite, the
embedded index holding N synthetic Thai passages from bench/search.py, the demo year),
serves it with gunicorn on 127.0.0.1, and drives it with wrk at 10 and 50 concurrent
clients: public pages uncached and cached (KHAMRAP_PAGE_CACHE_SECONDS), and the evidence
search API as a logged-in site-visit preparer over a fixed mix of queries. Needs the
Debian package wrk (scripts/system-packages.txt). Targets (issue: scale-out): cached
public pages >= 300 req/s; search API p95 <= 100 ms at 10 clients over 100k passages.

``--warmup N``: N seconds of traffic (10 clients) to every scenario before it is measured.
The default is 0: workers warm themselves when they start (``evidence_search.warmup`` from
``khamrap.wsgi``), so the figures must hold without it; compare with ``--warmup 5`` to see
what a cold worker still costs.
"""
import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]

QUERIES = ["ตัวชี้วัด", "ราชการ", "ค่าเป้าหมาย ร้อยละ", '"แผนปฏิบัติราชการ"', "PMQA", "KPI Template", "2569", "๒๕๖๘",
           "อัจฉริยะ", "งบประมาณ การเบิกจ่าย"]
STATS_LUA = """
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d\\n", summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, errors, summary.errors.status))
end
"""


def free_port():
    """A free loopback port in 61000–64999 (the team's range for probes)."""
    for port in range(61000 + os.getpid() % 3000, 65000):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise SystemExit("no free port in 61000-64999")


def environment(var_dir: Path, page_cache: int):
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env.update(
        DJANGO_SETTINGS_MODULE="khamrap.settings.production", DJANGO_SECRET_KEY="bench-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS="127.0.0.1", DJANGO_SECURE_SSL_REDIRECT="false", KHAMRAP_VAR_DIR=str(var_dir),
        KHAMRAP_PAGE_CACHE_SECONDS=str(page_cache),
    )
    return env


def prepare(var_dir: Path, passages: int, cold: bool = False):
    """Migrate, load the demo and index ``passages`` synthetic passages into ``var_dir``;
    a ``var_dir`` prepared before with the same number of passages is reused as it is."""
    reuse = (var_dir / READY).exists() and (var_dir / READY).read_text().strip() == str(passages)
    var_dir.mkdir(parents=True, exist_ok=True)
    os.environ.update(environment(var_dir, 0))
    import django

    django.setup()
    if reuse:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # a folder prepared by older code: e.g. packs the search text
        print(f"reusing {var_dir} (its index holds {passages:,} passages)")
        if cold:
            from evidence_search.models import IndexBitmap

            dropped = IndexBitmap.objects.filter(key__regex=r"^x[wc]?:").delete()[0]
            print(f"--cold: dropped the {dropped} stored exact-result rows (as a freshly built index)")
    else:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("load_demo", stdout=open(os.devnull, "w"))
        import importlib.util

        from evidence_search.backends import get_backend

        spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
        bench_search = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(bench_search)
        make_corpus = bench_search.make_corpus

        started = time.perf_counter()
        count = get_backend().rebuild(p for p, _label in make_corpus(passages))
        print(f"indexed {count:,} passages in {time.perf_counter() - started:.1f} s")
        (var_dir / READY).write_text(str(passages))

    from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY, get_user_model
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore

    preparer = get_user_model().objects.get(username="preparer")
    session = SessionStore()
    session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(preparer.pk), settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = preparer.get_session_auth_hash()
    session.create()
    from cms.models import AgreementPage

    agreement_url = AgreementPage.objects.live().first().url
    from django.db import connections

    connections.close_all()
    return session.session_key, agreement_url


READY = "load-bench-passages.txt"


def serve(var_dir: Path, page_cache: int, workers: int):
    port = free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--pythonpath", "site", "khamrap.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning"],
        cwd=ROOT, env=environment(var_dir, page_cache), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    # The master listens before its workers have loaded the app (and warmed up): measuring
    # from the first accepted connection counted booting workers (0 req/s). Ready = every
    # worker answered: 3 × workers consecutive answers in under a second each (bounded).
    deadline, streak = time.monotonic() + 180, 0
    while time.monotonic() < deadline and streak < 3 * workers:
        started = time.monotonic()
        try:
            urllib.request.urlopen(f"{base}/", timeout=5).close()
            ok = True
        except urllib.error.HTTPError:
            ok = True  # any HTTP answer: a worker is serving
        except OSError:
            ok = False
        streak = streak + 1 if ok and time.monotonic() - started < 1.0 else 0
        if not ok:
            time.sleep(0.2)
    if streak >= 3 * workers:
        return process, base
    stop(process)
    raise SystemExit("gunicorn workers did not become ready within 180 s")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


def server_cpu_seconds(process) -> float:
    """CPU time (user + system) of gunicorn's master and workers so far (Linux /proc; 0
    elsewhere): divided by the requests served, a figure the shared machine's load does not
    inflate the way it inflates wall-clock latency."""
    pids = [process.pid]
    try:
        pids += [int(p) for p in Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()]
    except OSError:
        return 0.0
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a worker replaced meanwhile
        total += int(fields[11]) + int(fields[12])  # utime, stime (clock ticks)
    return total / os.sysconf("SC_CLK_TCK")


def wrk(url: str, clients: int, duration: int, script: Path):
    out = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{duration}s", "-s", str(script), url],
                         capture_output=True, text=True, timeout=duration + 60).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT"))
    rps, p50, p95, errors, non2xx = line.split()[1:]
    return float(rps), float(p50), float(p95), int(errors), int(non2xx)


TARGETS = {("search API", 10): "target ≥ 200 req/s, p95 ≤ 100 ms (issue 15)",
           ("home page, cached", 10): "target ≥ 300 req/s", ("agreement page, cached", 10): "target ≥ 300 req/s"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--warmup", type=int, default=0, metavar="N",
                        help="seconds of traffic to each scenario before measuring (default 0: "
                             "the workers warm themselves at start)")
    parser.add_argument("--clients", default="10,50", help="comma-separated client counts (default 10,50)")
    parser.add_argument("--var-dir", type=Path, default=None,
                        help="keep the instance (database, index) in this folder and reuse it on the next run "
                             "with the same --passages (default: a temporary folder, removed)")
    parser.add_argument("--only", choices=["search"], default=None, help="measure the search API only")
    parser.add_argument("--cold", action="store_true",
                        help="with a reused --var-dir: drop the exact results stored by earlier runs first "
                             "(the index as freshly built: every term's first exact check still to do)")
    args = parser.parse_args()
    client_counts = [int(c) for c in args.clients.split(",") if c.strip()]
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk (scripts/install-system-packages.sh)")
    tmp = Path(tempfile.mkdtemp(prefix="khamrap-load-"))
    var_dir = args.var_dir.resolve() if args.var_dir else tmp / "var"
    session_key, agreement_url = prepare(var_dir, args.passages, args.cold)

    scripts = tmp / "lua"
    scripts.mkdir()
    plain = scripts / "plain.lua"
    plain.write_text(STATS_LUA)
    search = scripts / "search.lua"
    paths = ", ".join(f'"/api/evidence/search/?q={quote(q)}"' for q in QUERIES)
    search.write_text(f"""
local paths = {{{paths}}}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], {{["Cookie"] = "sessionid={session_key}"}})
end
""" + STATS_LUA)

    print(f"warm-up before measuring: {args.warmup} s per scenario" + (" (none: workers warm themselves at start)"
                                                                       if not args.warmup else ""))
    print(f"{'scenario':<34} {'clients':>7} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7} {'non-2xx':>8} {'CPU ms/req':>10}")
    for label, page_cache in (("uncached", 0), ("cached", 300))[:1 if args.only else 2]:
        process, base = serve(var_dir, page_cache, args.workers)
        try:
            targets = [] if args.only else [(f"home page, {label}", f"{base}/", plain),
                                            (f"agreement page, {label}", f"{base}{agreement_url}", plain)]
            if label == "uncached":
                targets.append((f"search API ({args.passages:,} passages)", base, search))
            for name, url, script in targets:
                if args.warmup > 0:
                    wrk(url, 10, args.warmup, script)  # --warmup: traffic before measuring
                for clients in client_counts:
                    cpu = server_cpu_seconds(process)
                    rps, p50, p95, errors, non2xx = wrk(url, clients, args.duration, script)
                    cpu_ms = (server_cpu_seconds(process) - cpu) * 1000 / max(1.0, rps * args.duration)
                    target = TARGETS.get((name.split(" (")[0].split(",")[0] if "search" in name else name, clients), "")
                    print(f"{name:<34} {clients:>7} {rps:>9.1f} {p50:>8.2f} {p95:>8.2f} {errors:>7} {non2xx:>8} "
                          f"{cpu_ms:>10.2f}   {target} (load {os.getloadavg()[0]:.1f})", flush=True)
        finally:
            stop(process)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
