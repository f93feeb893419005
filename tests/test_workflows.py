"""``ensure_workflows()`` gives a database emptied since ``migrate`` every app's workflows as
a fresh ``migrate`` leaves them: the same workflows, steps (task types, names, order, groups,
roles), page and snippet assignments, and role permissions on the workflow apps' models.
Compared in a real instance (its own SQLite database): migrated (a copy of the run's freshly
migrated instance, tests/instances.py), read, flush, ensure, read."""
import json

from tests.instances import migrated_instance

READ = "from tests.helpers.workflow_shape import print_snapshot; print_snapshot()"
ENSURE = ("from demo.loader import DemoLoader; from khamrap.workflows import ensure_workflows; "
          "DemoLoader.root_after_flush(); ensure_workflows(); ensure_workflows()")


def read(instance):
    return json.loads(instance.manage("shell", "-c", READ).stdout.strip().splitlines()[-1])


def test_flush_then_ensure_workflows_gives_what_a_fresh_migrate_gives(tmp_path):
    instance = migrated_instance(tmp_path / "var")
    migrated = read(instance)
    instance.manage("flush", "--no-input", "-v0")
    assert read(instance)["workflows"] == {}  # the flush took them all
    instance.manage("shell", "-c", ENSURE)  # twice: idempotent
    ensured = read(instance)

    # the migrations' leftovers ("… (เดิม)": old steps, inactive, in no workflow) are not made again
    assert migrated.pop("retired_tasks") and ensured.pop("retired_tasks") == []
    # Wagtail's own starting groups (renamed by dashboard 0001) belong to no workflow
    wagtail_groups = {"ผู้แก้ไขเนื้อหา (กลุ่มตั้งต้นของระบบ)", "ผู้ตรวจทานเนื้อหา (กลุ่มตั้งต้นของระบบ)"}
    assert set(migrated["group_permissions"]) - set(ensured["group_permissions"]) == wagtail_groups
    for name in wagtail_groups:
        assert migrated["group_permissions"].pop(name) == []
    assert ensured == migrated
    # the comparison reads real workflows: every app's, in their current shape
    assert set(migrated["workflows"]) == {
        "ทบทวนโดย กพร. และอนุมัติโดยผู้บริหาร", "อนุมัติหลักฐานโดยหัวหน้าหน่วยงาน",
        "รายงานผล: หัวหน้าหน่วยงาน → ผู้กำกับตัวชี้วัด → กพร.",
    }
    report_steps = migrated["workflows"]["รายงานผล: หัวหน้าหน่วยงาน → ผู้กำกับตัวชี้วัด → กพร."]["steps"]
    assert [s["type"] for s in report_steps] == ["cms.UnitHeadApprovalTask", "reporting.KpiSupervisorTask",
                                                 "reporting.ReportReviewerTask"]
    assert ["doc_templates.memo", "ทบทวนโดย กพร. และอนุมัติโดยผู้บริหาร"] in migrated["content_types"]
    assert ["/", "ทบทวนโดย กพร. และอนุมัติโดยผู้บริหาร"] in migrated["pages"]
