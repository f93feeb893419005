"""Backup and restore of one Khamrap instance: the database and every stored file.

The archive (``.tar.gz``) holds::

    db/data.jsonl       every row, Django's own serialisation (JSON lines; content types and
                        permissions by natural key, see ``ops.serializer``), so the same
                        archive loads into SQLite or PostgreSQL
    media/...           MEDIA_ROOT (images, documents, generated documents)
    private/...         the private evidence storage (STORAGES["evidence"])
    manifest.json       written last: format, created_at, database engine, applied
                        migrations, rows per model, sha256 and size of every file above

Left out, as Django recommends for a dump loaded into a migrated database: content types,
permissions (migrations create them; rows point at them by natural key) and sessions.
Also left out because they are derived and rebuilt after a restore: the evidence search
index (``evidence_search``; rebuilt from ``evidence.ExtractedText``, no re-extraction),
Wagtail's own search index (``wagtailsearch``; ``update_index``) and live editing sessions.
Primary keys are kept as they are (the target is emptied first), so page ids, tree paths
(treebeard ``path``/``depth``/``numchild``), revisions with their content JSON, workflow
and task states, and anything that stores an id in JSON keep pointing at the same rows.

Restore is all-or-nothing: the archive is unpacked beside the media folders and every hash
checked before anything is touched; the database is emptied, loaded, counted against the
manifest and re-indexed inside one transaction, and the media folders are swapped in as the
last step of that transaction (and swapped back if it fails).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

serializers.register_serializer("khamrap_jsonl", "ops.serializer")

FORMAT = "khamrap-backup"
FORMAT_VERSION = 1
DUMP_NAME = "db/data.jsonl"
MANIFEST_NAME = "manifest.json"

# Apps/models never written to the archive (see the module docstring).
EXCLUDED = [
    "contenttypes",
    "auth.Permission",
    "sessions",
    "wagtailsearch",
    "evidence_search",
    "wagtailadmin.EditingSession",
]
# Tables a restore never empties: created by migrations, referenced by natural key.
KEPT_TABLES = {"django_content_type", "auth_permission", "django_migrations"}


class BackupError(Exception):
    """A Thai message for the operator; nothing was changed."""


def file_roots() -> dict[str, Path]:
    """Archive folder → local folder for every file store we back up."""
    roots = {}
    for prefix, alias in (("media", "default"), ("private", "evidence")):
        storage = storages[alias]
        if not isinstance(storage, FileSystemStorage):
            raise BackupError(
                f"ที่เก็บไฟล์ '{alias}' ไม่ใช่ระบบไฟล์ในเครื่อง (เช่น S3) ซึ่งคำสั่งนี้ยังไม่รองรับ: "
                "ให้สำรองบัคเก็ตด้วยเครื่องมือของผู้ให้บริการ (versioning/replication)"
            )
        roots[prefix] = Path(storage.location)
    return roots


def applied_migrations(using=DEFAULT_DB_ALIAS) -> list[str]:
    recorder = MigrationRecorder(connections[using])
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


class _HashingReader:
    """Reads a file for tarfile while hashing it, so each file is read once."""

    def __init__(self, handle):
        self.handle, self.digest, self.size = handle, hashlib.sha256(), 0

    def read(self, n=-1):
        data = self.handle.read(n)
        self.digest.update(data)
        self.size += len(data)
        return data


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    seconds: float
    size: int = field(default=0)


def excluded_labels(connection) -> list[str]:
    """EXCLUDED plus every model without a table of its own (unmanaged, e.g. dashboards)."""
    existing = set(connection.introspection.table_names())
    extra = [
        model._meta.label for model in apps.get_models()
        if not model._meta.proxy and (not model._meta.managed or model._meta.db_table not in existing)
    ]
    return EXCLUDED + sorted(label for label in extra if label.split(".")[0] not in EXCLUDED)


def _dump_database(path: Path, using: str) -> None:
    """Dump every row in one read transaction, so the rows agree with each other."""
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        call_command(
            "dumpdata", format="khamrap_jsonl", use_base_manager=True,
            exclude=excluded_labels(connection), output=str(path), database=using, verbosity=0,
        )


def _count_rows(path: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                model = json.loads(line)["model"]
                counts[model] = counts.get(model, 0) + 1
    return dict(sorted(counts.items()))


def make_backup(out: Path, using: str = DEFAULT_DB_ALIAS) -> BackupResult:
    started = time.monotonic()
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    roots = file_roots()
    files: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="khamrap-backup-") as work:
        dump = Path(work) / "data.jsonl"
        _dump_database(dump, using)  # rows first: a file added later is harmless, a missing one is not
        counts = _count_rows(dump)
        partial = out.with_name(out.name + ".part")
        with tarfile.open(partial, "w:gz") as tar:
            def add(local: Path, name: str):
                with open(local, "rb") as handle:
                    info = tar.gettarinfo(str(local), arcname=name)
                    info.uid = info.gid = 0
                    info.uname = info.gname = ""
                    reader = _HashingReader(handle)
                    tar.addfile(info, reader)
                    files[name] = {"sha256": reader.digest.hexdigest(), "size": reader.size}

            add(dump, DUMP_NAME)
            for prefix, root in roots.items():
                if not root.exists():
                    continue
                for dirpath, dirnames, filenames in os.walk(root):
                    dirnames.sort()
                    for filename in sorted(filenames):
                        local = Path(dirpath) / filename
                        if local.is_symlink() or not local.is_file():
                            continue
                        try:
                            add(local, f"{prefix}/{local.relative_to(root).as_posix()}")
                        except FileNotFoundError:  # deleted while we walked
                            continue
            manifest = {
                "format": FORMAT,
                "version": FORMAT_VERSION,
                "created_at": dt.datetime.now(dt.timezone.utc).isoformat(),
                "database_engine": connections[using].vendor,
                "migrations": applied_migrations(using),
                "excluded": excluded_labels(connections[using]),
                "counts": counts,
                "files": files,
            }
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST_NAME)
            info.size, info.mtime, info.mode = len(data), int(time.time()), 0o644
            tar.addfile(info, io.BytesIO(data))
        os.replace(partial, out)
    return BackupResult(out, manifest, time.monotonic() - started, out.stat().st_size)


# --- restore ---------------------------------------------------------------------------
def _unpack(archive: Path, into: Path) -> dict:
    try:
        with tarfile.open(archive, "r:*") as tar:
            for member in tar.getmembers():
                name = member.name
                if name.startswith("/") or ".." in Path(name).parts or not (member.isfile() or member.isdir()):
                    raise BackupError(f"ไฟล์สำรองมีรายการที่ไม่ปลอดภัย: {name}")
            tar.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupError(f"อ่านไฟล์สำรองไม่ได้: {error}") from error
    try:
        manifest = json.loads((into / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError("ไฟล์สำรองไม่มีบัญชีรายการ (manifest.json) ที่อ่านได้") from error
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise BackupError(f"ไม่รู้จักรูปแบบไฟล์สำรอง {manifest.get('format')} รุ่น {manifest.get('version')}")
    return manifest


def verify_files(manifest: dict, root: Path) -> None:
    listed = manifest["files"]
    present = {
        (Path(d) / f).relative_to(root).as_posix()
        for d, _, names in os.walk(root) for f in names
    } - {MANIFEST_NAME}
    if present - set(listed):
        raise BackupError(f"ไฟล์สำรองมีไฟล์ที่ไม่อยู่ในบัญชีรายการ: {sorted(present - set(listed))[:5]}")
    for name, expected in listed.items():
        path = root / name
        if not path.is_file():
            raise BackupError(f"ไฟล์ในบัญชีรายการหายไปจากไฟล์สำรอง: {name}")
        if path.stat().st_size != expected["size"] or sha256_of(path) != expected["sha256"]:
            raise BackupError(f"ค่าแฮชของไฟล์ไม่ตรงกับบัญชีรายการ (ไฟล์สำรองเสียหรือถูกแก้ไข): {name}")


def target_is_empty(using: str = DEFAULT_DB_ALIAS) -> tuple[bool, str]:
    """Empty = what ``migrate`` alone leaves: no users, only Wagtail's initial pages, no files."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Page

    if get_user_model()._base_manager.using(using).exists():
        return False, "มีบัญชีผู้ใช้อยู่แล้ว"
    if Page._base_manager.using(using).exclude(content_type__app_label="wagtailcore", content_type__model="page").exists():
        return False, "มีหน้าเนื้อหาอยู่แล้ว"
    for prefix, root in file_roots().items():
        if root.exists() and any(path.is_file() for path in root.rglob("*")):
            return False, f"มีไฟล์อยู่แล้วใน {root}"
    return True, ""


def _tables_to_empty(connection) -> list[str]:
    existing = set(connection.introspection.table_names())
    tables = set()
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in existing and table not in KEPT_TABLES:
            tables.add(table)
    return sorted(tables)


def _model_for(label: str):
    app_label, model_name = label.split(".")
    return apps.get_model(app_label, model_name)


def rebuild_search_indexes() -> None:
    from evidence.indexing import all_passages
    from evidence_search.backends import get_backend

    get_backend().rebuild(all_passages())
    call_command("update_index", verbosity=0)


def requeue_interrupted_extractions() -> None:
    """Files the backup caught mid-extraction: no worker of the restored database holds them,
    so they are queued again (after the restore commits)."""
    from evidence.recovery import requeue_interrupted

    requeue_interrupted(everything=True)


@dataclass
class RestoreResult:
    manifest: dict
    seconds: float


def restore_backup(archive: Path, force: bool = False, using: str = DEFAULT_DB_ALIAS, log=lambda message: None) -> RestoreResult:
    started = time.monotonic()
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"ไม่พบไฟล์สำรอง {archive}")
    roots = file_roots()
    staging_parent = Path(settings.MEDIA_ROOT).parent
    staging_parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".khamrap-restore-", dir=staging_parent))
    moved_away: list[tuple[Path, Path]] = []  # (original place, where it was put aside)
    moved_in: list[Path] = []
    try:
        log("กำลังแตกไฟล์และตรวจค่าแฮช …")
        manifest = _unpack(archive, staging)
        verify_files(manifest, staging)

        here = applied_migrations(using)
        if here != manifest["migrations"]:
            missing = sorted(set(manifest["migrations"]) - set(here))
            extra = sorted(set(here) - set(manifest["migrations"]))
            raise BackupError(
                "โครงสร้างฐานข้อมูลปลายทางไม่ตรงกับไฟล์สำรอง (ให้ใช้โค้ดรุ่นเดียวกันและรัน migrate ก่อน): "
                f"ขาด {missing[:5]} เกิน {extra[:5]}"
            )
        if not force:
            empty, reason = target_is_empty(using)
            if not empty:
                raise BackupError(f"ปลายทางไม่ว่าง ({reason}): ใช้ --force หากต้องการเขียนทับทั้งหมด")

        connection = connections[using]
        with transaction.atomic(using=using):
            log("กำลังล้างข้อมูลเดิมและโหลดข้อมูลจากไฟล์สำรอง …")
            tables = _tables_to_empty(connection)
            with connection.cursor() as cursor:
                for statement in connection.ops.sql_flush(no_style(), tables, reset_sequences=True):
                    cursor.execute(statement)
            call_command("loaddata", str(staging / DUMP_NAME), database=using, verbosity=0)
            for label, expected in manifest["counts"].items():
                actual = _model_for(label)._base_manager.using(using).count()
                if actual != expected:
                    raise BackupError(f"จำนวนแถวของ {label} หลังกู้คืนได้ {actual} แต่บัญชีรายการระบุ {expected}")
            log("กำลังสร้างดัชนีค้นหาใหม่ …")
            rebuild_search_indexes()
            requeue_interrupted_extractions()
            log("กำลังวางไฟล์ …")
            stamp = dt.datetime.now().strftime("%Y%m%d%H%M%S")
            for prefix, root in roots.items():
                source = staging / prefix
                if not source.exists():
                    source.mkdir(parents=True)
                if root.exists():
                    aside = root.with_name(f".{root.name}.before-restore-{stamp}")
                    os.replace(root, aside)
                    moved_away.append((root, aside))
                root.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(source), str(root))
                moved_in.append(root)
    except BaseException:
        for root in moved_in:
            shutil.rmtree(root, ignore_errors=True)
        for root, aside in moved_away:
            os.replace(aside, root)
        raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    for _, aside in moved_away:
        shutil.rmtree(aside, ignore_errors=True)
    return RestoreResult(manifest, time.monotonic() - started)
