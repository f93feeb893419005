#!/usr/bin/env bash
# The whole test suite, from a fresh clone: system packages, Python env, pytest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/install-system-packages.sh
bash scripts/python-env.sh
exec .venv/bin/python -m pytest "$@"
