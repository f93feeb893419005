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

echo "== tests on SQLite =="
env -u DATABASE_URL $py -m pytest "$@"
rc_sqlite=$?

rc_pg=0
if [ -n "${TEST_POSTGRES_URL:-}" ] && svc_pg_answers "$TEST_POSTGRES_URL"; then
  echo "== tests on PostgreSQL ($TEST_POSTGRES_URL) =="
  # the browser tests drive the UI, not the database backend: they run once, on SQLite
  DATABASE_URL="$TEST_POSTGRES_URL" $py -m pytest --create-db -m "not browser" "$@"
  rc_pg=$?
else
  echo "WARNING: no PostgreSQL server: the PostgreSQL run is skipped (the SQLite run decides)"
fi

printf '[services] %s\n' "${svc_summary[@]}"
echo "== SQLite run: exit $rc_sqlite; PostgreSQL run: exit $rc_pg; total $(( $(date +%s) - t_start )) s =="
[ $rc_sqlite -ne 0 ] && exit $rc_sqlite
exit $rc_pg
