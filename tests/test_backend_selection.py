"""The PostgreSQL run covers every module whose code depends on the database backend.

scripts/test.sh runs on PostgreSQL only the tests marked ``database_backend``
(tests/conftest.py: the evidence, evidence_search, ops and scaleout folders, the
transactional tests, and modules that declare the marker). That is safe only while each
module of ours that goes beyond the ORM's portable lookups (a vendor branch, raw SQL, row
locks, bulk or conflict-handling writes, subqueries and aggregates) has tests in that
selection. This test finds those modules by what their source holds and checks each against
``COVERED_BY``: a new one fails here, by name, until it gets PostgreSQL tests."""
import re
from pathlib import Path

import pytest

from tests.conftest import in_database_backend_folder

REPO = Path(__file__).resolve().parents[1]
BACKEND_SPECIFIC = re.compile(
    r"connection\.vendor|\.raw\(|\.cursor\(|select_for_update|bulk_create\(|bulk_update\(|_conflicts\b"
    r"|RawSQL|Subquery\(|OuterRef\(|\.annotate\(|\.aggregate\(|Window\("
)
NOT_APP_CODE = {".venv", "tests", "bench", "migrations", "site", "scripts", "var", "docs", "node_modules"}

# module → the test modules that exercise it on PostgreSQL
COVERED_BY = {
    "cms.row_lock": ["tests/cms/test_concurrent_edit.py", "tests/cms/test_overlapping_creates.py"],
    "evidence.bulk_import": ["tests/evidence/test_bulk_import.py"],
    "evidence.processing": ["tests/evidence/test_jobs.py", "tests/evidence/test_ingest.py"],
    "evidence_search.backends.analysis": ["tests/evidence_search/test_analysis.py"],
    "evidence_search.backends.bitmap_rows": ["tests/evidence_search/test_backend_contract.py", "tests/evidence_search/test_bitmaps.py"],
    "evidence_search.backends.embedded": ["tests/evidence_search/test_backend_contract.py", "tests/evidence_search/test_embedded.py"],
    "evidence_search.backends.index_cache": ["tests/evidence_search/test_index_cache.py"],
    "evidence_search.backends.packed": ["tests/evidence_search/test_backend_contract.py"],
    "evidence_search.backends.texts": ["tests/evidence_search/test_backend_contract.py", "tests/evidence_search/test_rebuild_exact.py"],
    "ops.backup": ["tests/ops/test_backup_postgres.py"],
}


def backend_specific_modules():
    """The app modules (each top-level package but NOT_APP_CODE) whose source matches BACKEND_SPECIFIC."""
    found = set()
    packages = [d for d in REPO.iterdir() if d.is_dir() and d.name not in NOT_APP_CODE and (d / "__init__.py").exists()]
    for path in (p for package in packages for p in package.rglob("*.py")):
        relative = path.relative_to(REPO)
        if not NOT_APP_CODE.intersection(relative.parts) and BACKEND_SPECIFIC.search(path.read_text(encoding="utf-8")):
            found.add(".".join(relative.with_suffix("").parts))
    return found


def selected_on_postgresql(test_module: str) -> bool:
    """tests/conftest.py's rule for a whole module: in a backend folder, or declaring the marker."""
    source = (REPO / test_module).read_text(encoding="utf-8")
    return in_database_backend_folder(REPO / test_module) or "pytest.mark.database_backend" in source


def test_every_backend_specific_module_has_postgresql_tests():
    found = backend_specific_modules()
    assert found, "the search for backend-specific code found nothing: the pattern no longer matches"
    missing = sorted(found - set(COVERED_BY))
    assert not missing, f"code that depends on the database backend without PostgreSQL tests named in COVERED_BY: {missing}"
    gone = sorted(set(COVERED_BY) - found)
    assert not gone, f"COVERED_BY names modules without backend-specific code any more: {gone}"


@pytest.mark.parametrize("module", sorted(COVERED_BY))
def test_the_covering_tests_run_on_postgresql(module):
    for test_module in COVERED_BY[module]:
        assert (REPO / test_module).exists(), test_module
        assert selected_on_postgresql(test_module), f"{test_module} is not in the PostgreSQL run (database_backend)"
        source = (REPO / test_module).read_text(encoding="utf-8")
        assert re.search(r"\b(def|async def) test_", source), f"{test_module} holds no tests"
