"""The evidence models moved from ``cms`` to ``evidence`` (cms 0020, evidence 0003, the
reporting migration that points the evidence links at them): an installation with evidence from before the move keeps every row, its pages keep
their content type ids (now under app ``evidence``), and revisions, workflow states and group
permissions still resolve. Each run migrates a fresh instance from zero (SQLite; PostgreSQL
too when TEST_POSTGRES_URL names a server, like the backup tests)."""
import json
import os
import uuid

import pytest

from tests.instances import Instance, PostgresInstance, drop_postgres_database, postgres_database

SCRIPT = os.path.join(os.path.dirname(__file__), "migration_script.py")
SERVER = os.environ.get("TEST_POSTGRES_URL")
pytestmark = pytest.mark.slow


def run(instance, **params):
    out = instance.var_dir / "moved.json"
    instance.manage("shell", "-c", f"exec(open({SCRIPT!r}).read())", KHAMRAP_SCRIPT_OUT=str(out),
                    KHAMRAP_SCRIPT_PARAMS=json.dumps(params))
    return json.loads(out.read_text())


def check(after, ids):
    type_ids = ids["type_ids"]
    assert after["types"] == sorted([type_ids[m], "evidence", m] for m in type_ids)  # same ids, new app, no cms row left
    assert after["folder_class"] == "EvidenceFolderPage" and after["folder_children"] == [ids["page"]]
    assert after["page"] == ["evidence.models", "รายงานผลการเบิกจ่าย", 6, "ไตรมาสที่ ๒", "public", type_ids["evidencepage"]]
    assert after["file"] == [ids["page"], "evidence/ab/0123.txt", "บันทึกผลการเบิกจ่าย.txt", 42, "indexed", "รายงานผลการดำเนินงาน"]
    assert after["texts"] == [[1, "ร้อยละ ๘๗.๕"]] and after["page_files"] == [ids["file"]]
    assert after["revision"] == "EvidencePage" and after["workflow_state"] == ["EvidencePage", "EvidencePage"]
    assert after["permissions"] == [["evidence", "add_evidencepage"]]


def test_rows_from_before_the_move_are_intact_on_sqlite_and_the_move_reverses(tmp_path):
    instance = Instance(tmp_path / "sqlite")
    instance.var_dir.mkdir()
    result = run(instance, back=True)
    check(result["after"], result["ids"])
    type_ids = result["ids"]["type_ids"]
    assert result["back"] == sorted([type_ids[m], "cms", m] for m in type_ids)
    check(result["again"], result["ids"])
    assert "No changes detected" in instance.manage("makemigrations", "--check", "--dry-run").stdout


@pytest.mark.skipif(not SERVER, reason="TEST_POSTGRES_URL ไม่ได้ตั้งค่า: ข้ามการย้ายโมเดลบน PostgreSQL")
def test_rows_from_before_the_move_are_intact_on_postgresql(tmp_path):
    name = f"khamrap_moved_{uuid.uuid4().hex[:8]}"
    try:
        instance = PostgresInstance(tmp_path / "pg", postgres_database(SERVER, name))
        result = run(instance)
        check(result["after"], result["ids"])
    finally:
        drop_postgres_database(SERVER, name)
