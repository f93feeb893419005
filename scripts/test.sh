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

# One database run = two pytest processes: the ordinary tests (each in a rolled-back
# transaction over the demo year that tests/conftest.py loads once per process) spread over
# KHAMRAP_TEST_WORKERS pytest-xdist workers, then the transactional tests (they commit and
# flush the database, so they share no process with the others) in one process.
# Exit 5 (nothing selected) is not a failure unless both halves selected nothing.
run_suite() {
  local expr="$1"; shift
  local selection="${expr:+ and ($expr)}"
  $py -m pytest -n "${KHAMRAP_TEST_WORKERS:-2}" --dist loadfile -m "not transactional$selection" "$@"
  local rc_plain=$?
  $py -m pytest -m "transactional$selection" "$@"
  local rc_trans=$?
  if [ $rc_plain -eq 5 ] && [ $rc_trans -eq 5 ]; then return 5; fi
  [ $rc_plain -eq 5 ] && rc_plain=0
  [ $rc_trans -eq 5 ] && rc_trans=0
  [ $rc_plain -ne 0 ] && return $rc_plain
  return $rc_trans
}

echo "== tests on SQLite =="
t_sqlite=$(date +%s)
(unset DATABASE_URL; run_suite "" "$@")
rc_sqlite=$?
t_sqlite=$(( $(date +%s) - t_sqlite ))

rc_pg=0
t_pg=0
if [ -n "${TEST_POSTGRES_URL:-}" ] && svc_pg_answers "$TEST_POSTGRES_URL"; then
  echo "== tests on PostgreSQL ($TEST_POSTGRES_URL) =="
  t_pg=$(date +%s)
  # Only the tests that reach the database (marked uses_database by tests/conftest.py): the
  # others cannot behave differently on another backend. The browser tests drive the UI, not
  # the database backend: they run once, on SQLite.
  (export DATABASE_URL="$TEST_POSTGRES_URL"; run_suite "uses_database and not browser" --create-db "$@")
  rc_pg=$?
  t_pg=$(( $(date +%s) - t_pg ))
else
  echo "WARNING: no PostgreSQL server: the PostgreSQL run is skipped (the SQLite run decides)"
fi

printf '[services] %s\n' "${svc_summary[@]}"
echo "== SQLite run: exit $rc_sqlite in $t_sqlite s; PostgreSQL run: exit $rc_pg in $t_pg s; total $(( $(date +%s) - t_start )) s =="
[ $rc_sqlite -ne 0 ] && exit $rc_sqlite
exit $rc_pg
