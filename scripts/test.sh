#!/usr/bin/env bash
# The whole test suite, from a fresh clone: system packages, Python env, pytest.
# It runs on the embedded default (SQLite) and then again on PostgreSQL when a server
# answers (TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/khamrap);
# without one it says so and the SQLite run decides.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/install-system-packages.sh
bash scripts/python-env.sh
py=.venv/bin/python

echo "== tests on SQLite =="
env -u DATABASE_URL $py -m pytest "$@"

pg_url="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/khamrap}"
if $py - "$pg_url" <<'PY'
import sys, psycopg
from urllib.parse import urlsplit
u = urlsplit(sys.argv[1])
try:
    psycopg.connect(host=u.hostname, port=u.port or 5432, user=u.username, password=u.password, dbname="postgres", connect_timeout=3).close()
except Exception as exc:
    print(f"skipping the PostgreSQL run: no server at {u.hostname}:{u.port or 5432} ({exc.__class__.__name__})")
    sys.exit(1)
PY
then
  echo "== tests on PostgreSQL ($pg_url) =="
  DATABASE_URL="$pg_url" $py -m pytest --create-db "$@"
fi
