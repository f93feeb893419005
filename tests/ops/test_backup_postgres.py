"""Backup → restore between two PostgreSQL databases of the server scripts/test.sh starts
(TEST_POSTGRES_URL; skipped when it is unset, like the other PostgreSQL runs). The source
database gets the demo year, a draft and two extracted evidence files; its archive is
restored into a freshly migrated database and the two instances are compared, then the
restored one must accept new pages and files (its sequences continue past the loaded ids)."""
import os
import uuid

import pytest

from tests.instances import PostgresInstance, drop_postgres_database, postgres_database

SERVER = os.environ.get("TEST_POSTGRES_URL")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not SERVER, reason="TEST_POSTGRES_URL ไม่ได้ตั้งค่า: ข้ามการสำรอง/กู้คืนบน PostgreSQL")]


@pytest.fixture(scope="module")
def pg_round_trip(tmp_path_factory):
    base = tmp_path_factory.mktemp("backup-pg")
    names = [f"khamrap_backup_{uuid.uuid4().hex[:8]}_{side}" for side in ("source", "target")]
    try:
        source = PostgresInstance(base / "source", postgres_database(SERVER, names[0]))
        source.manage("migrate", "-v0")
        # the target: a copy of the source just migrated (what migrate makes of an empty database)
        target = PostgresInstance(base / "target", postgres_database(SERVER, names[1], template=names[0]))
        source.manage("load_demo", "-v0")
        added = source.script("add_evidence_and_draft")
        archive = base / "khamrap-pg.tar.gz"
        source.manage("backup", "--out", str(archive))
        restore = target.manage("restore", str(archive))
        yield dict(source=source, target=target, added=added, restore=restore.stdout, archive=archive,
                   before=source.script("snapshot"), after=target.script("snapshot"))
    finally:
        for name in names:
            drop_postgres_database(SERVER, name)


def test_postgres_backup_restores_into_a_fresh_database(pg_round_trip):
    before, after = pg_round_trip["before"], pg_round_trip["after"]
    assert pg_round_trip["added"]["statuses"] == ["indexed", "indexed"]
    assert len(before["pages"]) > 50 and len(before["revisions"]) > 50
    assert len(before["private"]) == 2 and before["search"] and before["evidence_files"]
    assert any("(ฉบับร่างแก้ไข)" in (p["latest_content"] or {}).get("title", "") for p in before["pages"])
    for key in before.keys() - {"admin_search"}:
        assert after[key] == before[key], key
    assert after["admin_search"] and set(after["admin_search"]) >= set(before["admin_search"])
    assert all(f["stored_sha256"] == f["sha256"] for f in after["evidence_files"])


def test_restored_postgres_database_accepts_new_pages_and_files(pg_round_trip):
    """Rows were loaded with their ids: without resetting the sequences the next insert
    would reuse id 1 and fail on the primary key."""
    target = pg_round_trip["target"]
    assert target.script("add_evidence_and_draft", slug="ev-after-restore")["statuses"] == ["indexed", "indexed"]
    now = target.script("snapshot")
    old_ids = {f["id"] for f in pg_round_trip["after"]["evidence_files"]}
    new = [f for f in now["evidence_files"] if f["id"] not in old_ids]
    assert len(new) == 2 and min(f["id"] for f in new) > max(old_ids)
    assert len(now["pages"]) == len(pg_round_trip["after"]["pages"]) + 1
