"""Shared test configuration. Each test folder may add its own fixtures in a conftest beside it.

One database setup for the whole suite: the demo year and its reporting rounds are loaded
once per test process, and every ordinary test runs in a rolled-back transaction on top of
them. Transactional tests (``django_db(transaction=True)``, ``live_server``) flush the
database when they finish, so they are marked ``transactional`` here and scripts/test.sh runs
them in a process of their own after the others (which may run in parallel under
pytest-xdist); they load what they need themselves.
"""
import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests: no time limits per example (CI machines are shared), and in CI the
# examples are derived from the test itself, so a run is repeatable.
settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, database=None)
settings.load_profile("ci" if os.environ.get("CI") else "default")

TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_serialized_rollback"}
# The test folders whose code under test talks to the database beyond the ORM's portable
# lookups: the evidence index kept in tables (its own SQL, bulk writes, anti-joins),
# ingestion and the task queue (row locks, bulk inserts), backup and restore, the scale-out
# backends. Their tests are marked database_backend (and so are transactional tests, the
# races and locks, and the modules that say so themselves: constraints, query counts).
DATABASE_BACKEND_FOLDERS = ("evidence", "evidence_search", "ops", "scaleout")
# A test that asks for any of these reaches the database (the PostgreSQL run runs only those).
DATABASE_FIXTURES = TRANSACTIONAL_FIXTURES | {"db", "django_db_reset_sequences", "client", "admin_client", "django_user_model", "admin_user"}


def uses_database(item):
    return bool(item.get_closest_marker("django_db")) or bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


TESTS = Path(__file__).resolve().parent


def in_database_backend_folder(path: Path) -> bool:
    """Whether a test module lies in one of ``DATABASE_BACKEND_FOLDERS``."""
    parts = Path(path).resolve().relative_to(TESTS).parts
    return len(parts) > 1 and parts[0] in DATABASE_BACKEND_FOLDERS


def exercises_database_backend(item):
    """What the PostgreSQL run must run again: the outcome can depend on the database backend
    (the transactional tests are marked so beside this, in the hook below)."""
    return (in_database_backend_folder(item.path) or bool(item.get_closest_marker("database_backend"))
            or bool(item.get_closest_marker("postgresql_only")))


def is_transactional(item):
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("serialized_rollback")):
        return True
    return bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark transactional tests, the tests that use the database and those whose outcome may
    depend on its backend, and leave out PostgreSQL-only tests when the suite runs on
    another database (deselected, not skipped: a skip in the summary would mean a backend
    test that did not run)."""
    on_postgresql = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    kept, dropped = [], []
    for item in items:
        transactional = is_transactional(item)
        if transactional:
            item.add_marker(pytest.mark.transactional)
        if uses_database(item) or item.get_closest_marker("postgresql_only"):
            item.add_marker(pytest.mark.uses_database)
        if transactional or exercises_database_backend(item):
            item.add_marker(pytest.mark.database_backend)
        (dropped if item.get_closest_marker("postgresql_only") and not on_postgresql else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.hookimpl(specname="pytest_collection_modifyitems", trylast=True)  # a second implementation (pytest reads only names starting pytest_)
def pytest_collection_modifyitems_slow_files_first(items):
    """The files that hold slow tests first (order kept otherwise): pytest-xdist hands out whole
    files (--dist loadfile) in this order, so a long file started last no longer keeps one
    worker busy while the others have finished. Last, after pytest-django's own reordering
    (tests with the database first), which put the slow files without the database
    fixture (backup, migrations: they drive instances in subprocesses) at the very end."""
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_files)


def _only_transactional(session):
    return all(is_transactional(item) for item in session.items)


@pytest.fixture(scope="session")
def shared_demo_database(request, django_db_blocker):
    """The run's one demo database on SQLite (tests/helpers/session_db.py): claimed before
    the test database is created, so that a worker that will copy it skips the migrations."""
    from tests.helpers.session_db import SharedDemoDatabase

    shared = SharedDemoDatabase()
    if not _only_transactional(request.session):
        shared.claim()
    yield shared
    shared.give_up()
    with django_db_blocker.unblock():
        shared.drop_template()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, shared_demo_database):
    """pytest-django's settings step, then the decision above (it may turn migrations off)."""


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker, shared_demo_database):
    """The demo year and its rounds, once per process (not when only transactional tests
    run: each of them loads its own and the flush after it would remove this one). On SQLite
    the first pytest-xdist worker loads it and the others copy it."""
    if _only_transactional(request.session):
        return
    from django.core.management import call_command

    with django_db_blocker.unblock():
        if shared_demo_database.restoring:
            shared_demo_database.restore()
            return
        try:
            with open(os.devnull, "w") as devnull:
                call_command("load_demo", verbosity=0, stdout=devnull)
                call_command("load_demo_rounds", verbosity=0, stdout=devnull)
        except BaseException:
            shared_demo_database.give_up()
            raise
        shared_demo_database.save()


def pytest_configure(config):
    """One scratch directory per test run, shared by its pytest-xdist workers (they inherit
    the environment): tests/helpers/session_db.py saves the demo database there once and
    tests/instances.py builds the demo instance there once. scripts/test.sh names one
    directory for all its pytest processes (``KHAMRAP_TEST_SHARED_DIR``, removed by it)."""
    if not hasattr(config, "workerinput"):
        import tempfile

        shared = os.environ.get("KHAMRAP_TEST_SHARED_DIR")
        os.environ["KHAMRAP_TEST_RUN_DIR"] = shared or tempfile.mkdtemp(prefix="khamrap-test-run-")


def pytest_unconfigure(config):
    if not hasattr(config, "workerinput") and not os.environ.get("KHAMRAP_TEST_SHARED_DIR"):
        import shutil

        shutil.rmtree(os.environ.pop("KHAMRAP_TEST_RUN_DIR", ""), ignore_errors=True)



@pytest.fixture
def demo(db):
    """Lookups into the demo year (tests/helpers/demo.py)."""
    from tests.helpers.demo import Demo

    return Demo()
