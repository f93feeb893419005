#!/usr/bin/env bash
# One command from a fresh clone to the running demo at http://127.0.0.1:8000 (PORT=… for another)
# (SQLite, embedded search, database task queue; no server needed).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/install-system-packages.sh
bash scripts/python-env.sh
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-khamrap.settings.dev}"
py=.venv/bin/python
port="${PORT:-8000}"
var_dir="${KHAMRAP_VAR_DIR:-$root/var}"  # the settings' default; a fresh clone has no var/ yet
mkdir -p "$var_dir"
$py manage.py migrate --noinput -v0
$py manage.py load_demo
$py manage.py load_demo_rounds  # rounds dated from today: one is always open for reporting
# the admin's page search reads the search index, which the loaders leave to the task worker
# (queued, not yet run when the site starts): build it now, so a search finds the demo at once
$py manage.py update_index -v0
echo
echo "ผู้ดูแลระบบ: http://127.0.0.1:${port}/admin/  (ชื่อผู้ใช้ admin, รหัสผ่านตามตารางด้านบนเมื่อรันครั้งแรก)"
echo "หน้าเว็บสาธารณะ: http://127.0.0.1:${port}/"
$py manage.py db_worker >"$var_dir/worker.log" 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null' EXIT
$py manage.py runserver "127.0.0.1:${port}"
