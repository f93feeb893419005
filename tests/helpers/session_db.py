"""One demo database per test run on SQLite, shared by the pytest-xdist workers.

Every worker needs the same starting point: the migrated schema with the demo year and its
rounds (tests/conftest.py). Building it costs about a minute of CPU (migrate, then
``load_demo``), and each worker used to pay for it. Now the first worker builds it and saves a
copy in the run's shared directory (``KHAMRAP_TEST_RUN_DIR``, made by tests/conftest.py): the
database with SQLite's backup API, and the media and private files the demo wrote. Later
workers create their in-memory test database without running the migrations (Django's
``TEST["MIGRATE"] = False``: tables straight from the models, a second or two), then copy the
saved database over it and the files into their own folders. A file lock makes the others
wait while the first builds; when the build fails, each worker builds its own as before.

On PostgreSQL the first worker copies its loaded test database into a template database
(``CREATE DATABASE … TEMPLATE``), and the others create theirs from it (Django's
``TEST["TEMPLATE"]``): their migrations then find nothing to apply. The first worker drops the
template when its session ends, unless the copy is shared by the whole test command (below).

scripts/test.sh runs four pytest processes groups (ordinary and transactional tests, on SQLite
and on PostgreSQL) and gives them one shared directory (``KHAMRAP_TEST_SHARED_DIR``, which
tests/conftest.py then uses as the run directory): the copy is made once per database backend
for the whole command. The transactional tests flush the database after each test, so they
cannot start from the copy; a test among them that needs the demo calls ``load_into_current``,
which puts the saved copy into the current database (or loads the demo, and saves it for the
others when nobody has yet and the database is still as the migrations left it: after a flush
it is not). The template database then stays until the command ends
(scripts/test.sh drops it).
"""
import fcntl
import os
import shutil
import sqlite3
import time
from pathlib import Path

from django.conf import settings
from django.db import connections

_ready_marker = "READY"


class SharedDemoDatabase:
    """The run's saved demo database: ``claim()`` before the test database is created,
    then ``restore()`` or ``save()`` once it exists."""

    def __init__(self):
        self.lock = None
        self.folder = None
        self.restoring = False

    def usable(self) -> bool:
        connection = connections["default"]
        in_memory_sqlite = connection.vendor == "sqlite" and not connection.settings_dict["TEST"].get("NAME")
        return (in_memory_sqlite or connection.vendor == "postgresql") and bool(os.environ.get("KHAMRAP_TEST_RUN_DIR"))

    @property
    def postgresql(self) -> bool:
        return connections["default"].vendor == "postgresql"

    def _template_name(self) -> str:
        """The template database: the test database's name without pytest-xdist's suffix."""
        test_name = connections["default"].creation._get_test_db_name()
        return test_name.rsplit("_gw", 1)[0] + "_demo"

    def claim(self) -> None:
        """Decide, under the run's lock, whether this process restores the saved copy or builds
        it (keeping the lock until ``save`` so that the others wait for it)."""
        if not self.usable():
            return
        if self._lock_and_check():
            self.restoring = True
            self._release()
            if self.postgresql:
                connections["default"].settings_dict["TEST"]["TEMPLATE"] = (self.folder / "template").read_text()
            else:
                connections["default"].settings_dict["TEST"]["MIGRATE"] = False
        else:
            shutil.rmtree(self.folder, ignore_errors=True)  # a build that failed half-way

    def _lock_and_check(self) -> bool:
        """Take the run's lock for this backend's copy; True when the copy is ready."""
        run_dir = Path(os.environ["KHAMRAP_TEST_RUN_DIR"])
        vendor = connections["default"].vendor
        self.folder = run_dir / f"demo-database-{vendor}"
        self.lock = open(run_dir / f"demo-database-{vendor}.lock", "w")
        fcntl.flock(self.lock, fcntl.LOCK_EX)
        return (self.folder / _ready_marker).exists()

    def load_into_current(self, load) -> None:
        """The demo in the current (already created, possibly flushed) test database: the saved
        copy when there is one, else ``load()`` and a copy saved for the other processes."""
        if not self.usable():
            load()
            return
        try:
            if self._lock_and_check():
                if self.postgresql:
                    self._recreate_from_template((self.folder / "template").read_text())
                else:
                    self._copy_saved_sqlite()
                self._copy_saved_files()
                return
            fresh = self._freshly_migrated()
            load()
            if fresh:  # a flushed database lacks the migrations' rows: not a copy for the others
                shutil.rmtree(self.folder, ignore_errors=True)
                self.save()
        finally:
            self._release()

    @staticmethod
    def _freshly_migrated() -> bool:
        """True while the database still holds what the migrations wrote (Wagtail's root page
        and root collection, the role groups) and no demo: a transactional test's flush
        removes all of it."""
        from django.contrib.auth.models import Group
        from wagtail.models import Collection, Page

        return (Page.objects.filter(depth=1).exists() and Collection.objects.filter(depth=1).exists()
                and Group.objects.exists() and not Page.objects.filter(depth__gt=2).exists())

    def restore(self) -> None:
        connection = connections["default"]
        if self.postgresql:
            connection.settings_dict["TEST"].pop("TEMPLATE", None)  # the database came from it
        else:
            connection.settings_dict["TEST"]["MIGRATE"] = True
            self._copy_saved_sqlite()
        self._copy_saved_files()

    def _copy_saved_sqlite(self) -> None:
        connection = connections["default"]
        connection.ensure_connection()
        saved = sqlite3.connect(self.folder / "db.sqlite3")
        try:
            saved.backup(connection.connection)
        finally:
            saved.close()

    def _recreate_from_template(self, template: str) -> None:
        """Replace the current PostgreSQL test database by a copy of the template (this
        process's connection is closed first and reopens on the next query)."""
        connection = connections["default"]
        name = connection.settings_dict["NAME"]
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')

    def _copy_saved_files(self) -> None:
        for name, target in self._file_roots():
            shutil.copytree(self.folder / name, target, dirs_exist_ok=True)
        from django.contrib.contenttypes.models import ContentType
        from django.core.cache import caches

        ContentType.objects.clear_cache()  # the ids of the tables made from the models
        for cache in caches.all():
            cache.clear()

    def save(self) -> None:
        """Keep a copy of this process's freshly loaded demo for the other workers."""
        if self.lock is None:
            return
        try:
            self.folder.mkdir(parents=True)
            if self.postgresql:
                self._save_template()
            else:
                copy = sqlite3.connect(self.folder / "db.sqlite3")
                try:
                    connections["default"].connection.backup(copy)
                finally:
                    copy.close()
            for name, source in self._file_roots():
                shutil.copytree(source, self.folder / name, dirs_exist_ok=True)
            (self.folder / _ready_marker).touch()
        finally:
            self._release()

    def give_up(self) -> None:
        """The build failed (or the session ended): let the next worker try its own."""
        self._release()

    def _save_template(self) -> None:
        """CREATE DATABASE … TEMPLATE needs the source database without other sessions: this
        process's connection is closed first (it reconnects on the next query)."""
        connection = connections["default"]
        template, source = self._template_name(), connection.settings_dict["NAME"]
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{template}"')
            for attempt in range(20):  # the closed session may linger for a moment
                try:
                    cursor.execute(f'CREATE DATABASE "{template}" TEMPLATE "{source}"')
                    break
                except Exception:
                    if attempt == 19:
                        raise
                    time.sleep(0.25)
        (self.folder / "template").write_text(template)
        if not os.environ.get("KHAMRAP_TEST_SHARED_DIR"):  # else it outlives this process
            self.template_made = template

    def drop_template(self) -> None:
        """At the end of the session of the worker that made it (the others made theirs from it
        when their sessions began)."""
        template = getattr(self, "template_made", None)
        if template:
            connection = connections["default"]
            with connection._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')

    def _release(self) -> None:
        if self.lock is not None:
            fcntl.flock(self.lock, fcntl.LOCK_UN)
            self.lock.close()
            self.lock = None

    @staticmethod
    def _file_roots():
        return [("media", Path(settings.MEDIA_ROOT)), ("private", Path(settings.PRIVATE_MEDIA_ROOT))]


def load_demo_into_current_database() -> None:
    """For transactional tests (their database is flushed after each): the demo year with its
    rounds, copied from the run's saved demo database when there is one."""
    from django.core.management import call_command

    def load():
        with open(os.devnull, "w") as devnull:
            call_command("load_demo", verbosity=0, stdout=devnull)
            call_command("load_demo_rounds", verbosity=0, stdout=devnull)

    SharedDemoDatabase().load_into_current(load)
