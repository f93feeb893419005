"""Real Khamrap instances for tests that need what the in-memory test database cannot give:
several processes or threads writing at once, a real task worker, backup and restore.

Each instance is its own KHAMRAP_VAR_DIR (an SQLite file in WAL mode, media, private evidence
files) driven through ``manage.py`` in a subprocess, so nothing is shared with the test
database. ``demo_instance(path)`` copies one migrated demo instance and ``migrated_instance(path)``
one just migrated, both built once per test run (migrate + load_demo take minutes on a shared
machine)."""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = REPO / "tests" / "ops" / "instance_scripts.py"


class Instance:
    def __init__(self, var_dir: Path):
        self.var_dir = Path(var_dir)

    @property
    def database(self) -> Path:
        return self.var_dir / "khamrap.sqlite3"

    def env(self, **extra):
        """The test process's environment without what would point the instance elsewhere
        (its database, media, task backend), then ``extra``: an instance asked for another
        task backend (``TASKS_BACKEND=...``) gets it."""
        env = {**os.environ, "KHAMRAP_VAR_DIR": str(self.var_dir), "DJANGO_SETTINGS_MODULE": "khamrap.settings.test_instance"}
        for name in ("DATABASE_URL", "DJANGO_MEDIA_ROOT", "KHAMRAP_PRIVATE_MEDIA_ROOT", "TASKS_BACKEND", "DJANGO_ALLOW_ASYNC_UNSAFE"):
            env.pop(name, None)
        return {**env, **extra}

    def manage(self, *args, check=True, timeout=900, **extra):
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=self.env(**extra),
                                capture_output=True, text=True, timeout=timeout)
        if check and result.returncode:
            raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def start(self, *args, **extra) -> subprocess.Popen:
        """A long-running ``manage.py`` command (e.g. ``db_worker``), output to a log file."""
        log = open(self.var_dir / f"{args[0]}.log", "ab")
        return subprocess.Popen([sys.executable, "manage.py", *args], cwd=REPO, env=self.env(**extra),
                                stdout=log, stderr=subprocess.STDOUT)

    def script(self, name, **params):
        """Run one function of ``tests/ops/instance_scripts.py`` inside the instance."""
        out = self.var_dir / f"{name}.json"
        self.manage("shell", "-c", f"exec(open({str(SCRIPTS)!r}).read())", KHAMRAP_SCRIPT=name,
                    KHAMRAP_SCRIPT_OUT=str(out), KHAMRAP_SCRIPT_PARAMS=json.dumps(params))
        return json.loads(out.read_text())

    def query(self, sql, *params):
        """Read the instance's database directly (another process may be writing it)."""
        with sqlite3.connect(self.database, timeout=30) as db:
            return db.execute(sql, params).fetchall()


class PostgresInstance(Instance):
    """An instance whose database is a PostgreSQL database (its files still under var_dir)."""

    def __init__(self, var_dir: Path, database_url: str):
        super().__init__(var_dir)
        self.var_dir.mkdir(parents=True, exist_ok=True)
        self.database_url = database_url

    def env(self, **extra):
        return {**super().env(**extra), "DATABASE_URL": self.database_url}

    def query(self, sql, *params):
        raise NotImplementedError("PostgreSQL instance: use script()")


def _maintenance_url(server_url: str) -> str:
    """The server's own "postgres" database: the one in ``server_url`` may not exist (the
    test command's URL names the database pytest-django creates as test_<name>)."""
    return server_url.rsplit("/", 1)[0] + "/postgres"


def postgres_database(server_url: str, name: str, template: str | None = None) -> str:
    """Create the database ``name`` on the server of ``server_url``, empty or a copy of the
    database ``template`` (``CREATE DATABASE … TEMPLATE``: nobody may be connected to it);
    its URL. ``drop_postgres_database`` removes it."""
    import psycopg

    with psycopg.connect(_maintenance_url(server_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return server_url.rsplit("/", 1)[0] + "/" + name


def drop_postgres_database(server_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(_maintenance_url(server_url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


_TEMPLATES: Path | None = None  # the run's shared folder holding both templates once built
_COPY_IGNORE = shutil.ignore_patterns("*-wal", "*-shm", "*.json", "*.log", "READY")


def _checkpoint(database: Path) -> None:
    """Fold the WAL into the database file, then close: ``with sqlite3.connect()`` alone
    leaves the connection open (it only commits) until the garbage collector finds it, and
    an open connection in this process loses its POSIX locks as soon as anything here (the
    copy) closes another handle on the file, while the instance's processes go on writing."""
    db = sqlite3.connect(database)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


def _build_templates(shared: Path) -> None:
    """``shared/migrated``: an instance just migrated; ``shared/demo``: the same with the demo
    year loaded (one migrate serves both)."""
    template = Instance(shared / "demo")
    template.var_dir.mkdir(parents=True, exist_ok=True)
    template.manage("migrate", "-v0")
    _checkpoint(template.database)
    shutil.copytree(template.var_dir, shared / "migrated", ignore=_COPY_IGNORE)
    template.manage("load_demo", "-v0")
    # the jobs load_demo queued (Wagtail's search and reference index, about a thousand) run
    # here once, as a task worker would have run them, not in every copy's first worker
    template.manage("db_worker", "--batch", "--no-reload", "--no-startup-delay", "-v0")
    _checkpoint(template.database)
    (shared / "READY").touch()


def _templates() -> Path:
    """Built once per test run (migrate + load_demo cost about a minute of CPU), in the run's
    shared directory (KHAMRAP_TEST_RUN_DIR, made and removed by tests/conftest.py): by the
    first pytest-xdist worker that needs them, while the others wait on a file lock."""
    global _TEMPLATES
    if _TEMPLATES is None:
        import fcntl

        run_dir = Path(os.environ.get("KHAMRAP_TEST_RUN_DIR") or tempfile.mkdtemp(prefix="khamrap-test-run-"))
        shared = run_dir / "instance-templates"
        with open(run_dir / "instance-templates.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (shared / "READY").exists():
                shutil.rmtree(shared, ignore_errors=True)  # a build that failed half-way
                _build_templates(shared)
        _TEMPLATES = shared
    return _TEMPLATES


def demo_instance(var_dir: Path) -> Instance:
    """A fresh copy of a migrated instance holding the demo year (built once per run)."""
    shutil.copytree(_templates() / "demo", var_dir, ignore=_COPY_IGNORE)
    return Instance(var_dir)


def migrated_instance(var_dir: Path) -> Instance:
    """A fresh copy of an instance just migrated, no data loaded: what ``manage.py migrate``
    makes of an empty KHAMRAP_VAR_DIR (a copy of the migrate that built the demo instance)."""
    shutil.copytree(_templates() / "migrated", var_dir, ignore=_COPY_IGNORE)
    return Instance(var_dir)
