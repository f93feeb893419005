#!/usr/bin/env bash
# The whole test suite, from a fresh clone: system packages, Python env, the servers the
# scale-out tests need (scripts/services.sh: PostgreSQL, Redis and an OpenSearch node on
# 127.0.0.1, used when already running, else installed when missing and started, and stopped
# again on exit), then pytest on the embedded default (SQLite) and again on PostgreSQL.
# The exit code is pytest's: non-zero when either run fails.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
t_start=$(date +%s)
bash scripts/install-system-packages.sh
bash scripts/python-env.sh || { echo "the Python environment could not be built" >&2; exit 2; }
py=.venv/bin/python

source scripts/services.sh
trap services_stop EXIT
trap 'exit 130' INT TERM
services_start

# Each database run has two halves: the ordinary tests (each in a rolled-back transaction over
# the demo year, loaded once per backend for the whole command: tests/helpers/session_db.py)
# spread over KHAMRAP_TEST_WORKERS pytest-xdist workers, and the transactional tests (they
# commit and flush the database, so they share no process with the others). All four run side
# by side:
#   ordinary SQLite:          this shell's output
#   ordinary PostgreSQL:      (output printed after)
#   transactional SQLite:     mostly a browser waiting on a live server  (output printed after)
#   transactional PostgreSQL: mostly threads racing on the server        (output printed after)
# The two cores are busy from start to end this way: run one after the other, each ordinary
# half ended on one worker finishing its last file while the other core idled (about a minute
# per command), and the demo builds at the start left a core idle too. The first process of a
# backend to need its demo database loads it while the others wait on a lock and copy it. The
# halves share nothing but those saved demos: each pytest process has its own in-memory SQLite
# database, its own PostgreSQL test database (test_khamrap_gwN for the workers, test_khamrap for
# the transactional process), its own media folders; Redis is used by the SQLite half only and
# every OpenSearch test makes its own index alias.
# Exit 5 (nothing selected) is not a failure unless both halves of a run selected nothing.
results="$(mktemp -d)"
# One scratch directory for every pytest process of this command (tests/conftest.py): the demo
# database is loaded once per backend and saved there, and the demo instance of the
# subprocess tests is built there once (tests/helpers/session_db.py, tests/instances.py).
export KHAMRAP_TEST_SHARED_DIR="$results/run"
mkdir -p "$KHAMRAP_TEST_SHARED_DIR"
# The saved PostgreSQL demo is a template database that outlives the pytest processes: dropped
# here (a server this script started is removed whole anyway).
drop_demo_template() {
  [ -f "$KHAMRAP_TEST_SHARED_DIR/demo-database-postgresql/template" ] && pg_available || return 0
  "$py" - "$TEST_POSTGRES_URL" "$(cat "$KHAMRAP_TEST_SHARED_DIR/demo-database-postgresql/template")" <<'PY' || true
import sys, psycopg
from urllib.parse import urlsplit
u = urlsplit(sys.argv[1])
with psycopg.connect(host=u.hostname, port=u.port or 5432, user=u.username, password=u.password, dbname="postgres", autocommit=True) as c:
    c.execute(f'DROP DATABASE IF EXISTS "{sys.argv[2]}" WITH (FORCE)')
PY
}
# On exit (also when interrupted) the background stream's processes go too, before the servers.
kill_tree() { local child; for child in $(pgrep -P "$1"); do kill_tree "$child"; done; kill "$1" 2>/dev/null; }
trap 'for pid in ${background_pids:-}; do kill_tree "$pid"; done; drop_demo_template; rm -rf "$results"; services_stop' EXIT

pg_available() { [ -n "${TEST_POSTGRES_URL:-}" ] && svc_pg_answers "$TEST_POSTGRES_URL"; }
# The PostgreSQL run: the tests whose outcome may depend on the database backend (marked
# database_backend by tests/conftest.py: the evidence index, ingestion, task queue, backup and
# scale-out folders, the races and locks, constraints and query counts) that reach the
# database (uses_database). What the others check goes through the ORM's portable lookups
# (views, permissions, scores, documents), and the browser tests drive the UI, not the
# database backend: they run once, on SQLite. So do the backend_neutral tests among the
# former, which check the bytes of the files made (extracted text, DOCX/PDF).
PG_SELECTION="uses_database and database_backend and not browser and not backend_neutral"

# half NAME MARKEXPR [pytest args...]: runs one half, records its exit code and seconds.
half() {
  local name="$1" expr="$2"; shift 2
  local t0; t0=$(date +%s)
  "$py" -m pytest -m "$expr" "$@"
  echo $? >"$results/$name.rc"
  echo $(( $(date +%s) - t0 )) >"$results/$name.s"
}

t_run=$(date +%s)
(unset DATABASE_URL; half sqlite-transactional "transactional" -p no:cacheprovider "$@") >"$results/transactional-sqlite.log" 2>&1 &
background_pids="$!"
if pg_available; then
  (export DATABASE_URL="$TEST_POSTGRES_URL"; half pg-transactional "transactional and ($PG_SELECTION)" --create-db -p no:cacheprovider "$@") >"$results/transactional-pg.log" 2>&1 &
  background_pids="$background_pids $!"
  (export DATABASE_URL="$TEST_POSTGRES_URL"; half pg-ordinary "not transactional and ($PG_SELECTION)" -n "${KHAMRAP_TEST_WORKERS:-3}" --dist loadfile --create-db "$@") >"$results/ordinary-pg.log" 2>&1 &
  background_pids="$background_pids $!"
fi

echo "== ordinary tests on SQLite (the other three halves run beside them; their output follows) =="
(unset DATABASE_URL; half sqlite-ordinary "not transactional" -n "${KHAMRAP_TEST_WORKERS:-3}" --dist loadfile "$@")
wait $background_pids
if [ -f "$results/ordinary-pg.log" ]; then
  echo "== ordinary tests on PostgreSQL ($TEST_POSTGRES_URL), run beside the SQLite ones =="
  cat "$results/ordinary-pg.log"
else
  echo "WARNING: no PostgreSQL server: the PostgreSQL run is skipped (the SQLite run decides)"
fi
echo "== transactional tests on SQLite, run beside the ordinary ones =="
cat "$results/transactional-sqlite.log"
if [ -f "$results/transactional-pg.log" ]; then
  echo "== transactional tests on PostgreSQL, run beside the ordinary ones =="
  cat "$results/transactional-pg.log"
fi

# run_rc RUN: a run's exit code from its two halves (5 only when both selected nothing).
run_rc() {
  local plain trans
  plain="$(cat "$results/$1-ordinary.rc" 2>/dev/null || echo 0)"
  trans="$(cat "$results/$1-transactional.rc" 2>/dev/null || echo 0)"
  if [ "$plain" -eq 5 ] && [ "$trans" -eq 5 ]; then echo 5; return; fi
  [ "$plain" -eq 5 ] && plain=0
  [ "$trans" -eq 5 ] && trans=0
  [ "$plain" -ne 0 ] && { echo "$plain"; return; }
  echo "$trans"
}
secs() { cat "$results/$1.s" 2>/dev/null || echo 0; }
rc_sqlite=$(run_rc sqlite)
rc_pg=0
[ -f "$results/pg-ordinary.rc" ] && rc_pg=$(run_rc pg)

printf '[services] %s\n' "${svc_summary[@]}"
echo "== SQLite run: exit $rc_sqlite (ordinary $(secs sqlite-ordinary) s, transactional $(secs sqlite-transactional) s);" \
  "PostgreSQL run: exit $rc_pg (ordinary $(secs pg-ordinary) s, transactional $(secs pg-transactional) s);" \
  "both runs $(( $(date +%s) - t_run )) s; total $(( $(date +%s) - t_start )) s =="
[ "$rc_sqlite" -ne 0 ] && exit "$rc_sqlite"
exit "$rc_pg"
