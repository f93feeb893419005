"""Run inside a fresh instance by tests/evidence/test_models_moved.py (``manage.py shell -c``),
never imported by pytest itself. Migrates an empty database to the state before the evidence
models moved from ``cms`` to ``evidence``, writes rows there with the historical models, then
migrates forward (and, with KHAMRAP_SCRIPT_PARAMS {"back": true}, back again) and reports what
the current models read. The result goes to ``KHAMRAP_SCRIPT_OUT`` as JSON."""
import json
import os

from django.db import connection
from django.utils import timezone
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cms", "0019_fallback_switch_covers_report_step_two"), ("evidence", "0002_binderexport"),
          ("reporting", "0008_report_step_two_by_kpi_supervisors")]
MOVED = ("evidencefolderpage", "evidencepage", "evidencefile")


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())
    return executor


def old_rows():
    apps = migrate(BEFORE).loader.project_state(BEFORE).apps
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    root = Page.objects.get(depth=1)
    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    types = {m: ContentType.objects.get_or_create(app_label="cms", model=m)[0] for m in MOVED}

    def page(model, title, slug, path, depth, **fields):
        return apps.get_model("cms", model).objects.create(
            title=title, draft_title=title, slug=slug, path=path, depth=depth, numchild=0, live=True,
            url_path=f"/{slug}/", content_type=types[model.lower()], locale_id=root.locale_id, **fields)

    folder = page("EvidenceFolderPage", "หลักฐานประกอบตัวชี้วัด", "evidence", root.path + "0099", root.depth + 1)
    evidence = page("EvidencePage", "รายงานผลการเบิกจ่าย", "ev-moved", folder.path + "0001", folder.depth + 1,
                    round=6, description="ไตรมาสที่ ๒", visibility="public")
    Page.objects.filter(pk=folder.pk).update(numchild=1)
    record = apps.get_model("cms", "EvidenceFile").objects.create(
        page=evidence, file="evidence/ab/0123.txt", original_name="บันทึกผลการเบิกจ่าย.txt", file_type="text",
        size=42, sha256="a" * 64, required_item="รายงานผลการดำเนินงาน", status="indexed", sort_order=0)
    apps.get_model("evidence", "ExtractedText").objects.create(evidence_file=record, number=1, text="ร้อยละ ๘๗.๕", method="text")
    apps.get_model("wagtailcore", "Revision").objects.create(
        content_type=types["evidencepage"], base_content_type=page_type, object_id=str(evidence.pk),
        object_str=evidence.title, content={"pk": evidence.pk, "title": evidence.title}, created_at=timezone.now())
    workflow = apps.get_model("wagtailcore", "Workflow").objects.get(name="อนุมัติหลักฐานโดยหัวหน้าหน่วยงาน")
    apps.get_model("wagtailcore", "WorkflowState").objects.create(
        content_type=types["evidencepage"], base_content_type=page_type, object_id=str(evidence.pk),
        workflow=workflow, status="in_progress")
    permission = apps.get_model("auth", "Permission").objects.create(
        content_type=types["evidencepage"], codename="add_evidencepage", name="Can add evidence page")
    group = apps.get_model("auth", "Group").objects.create(name="ผู้แนบหลักฐาน")
    group.permissions.add(permission)
    return {"folder": folder.pk, "page": evidence.pk, "file": record.pk,
            "type_ids": {m: t.pk for m, t in types.items()}}


def read(ids):
    from django.contrib.auth.models import Group
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, Revision, WorkflowState

    from evidence.models import EvidenceFile, EvidenceFolderPage, EvidencePage

    ContentType.objects.clear_cache()
    page = Page.objects.get(pk=ids["page"]).specific
    record = EvidenceFile.objects.get(pk=ids["file"])
    state = WorkflowState.objects.get(object_id=str(ids["page"]))
    return {
        "types": sorted([t.pk, t.app_label, t.model] for t in ContentType.objects.filter(model__in=MOVED)),
        "folder_class": type(Page.objects.get(pk=ids["folder"]).specific).__name__,
        "folder_children": list(EvidenceFolderPage.objects.get(pk=ids["folder"]).get_children().values_list("pk", flat=True)),
        "page": [type(page).__module__, page.title, page.round, page.description, page.visibility, page.content_type_id],
        "file": [record.page_id, record.file.name, record.original_name, record.size, record.status, record.required_item],
        "texts": list(record.text_pages.values_list("number", "text")),
        "page_files": list(EvidencePage.objects.get(pk=ids["page"]).files.values_list("pk", flat=True)),
        "revision": type(Revision.objects.get(object_id=str(ids["page"])).content_object).__name__,
        "workflow_state": [state.content_type.model_class().__name__, type(state.content_object.specific).__name__],
        "permissions": list(Group.objects.get(name="ผู้แนบหลักฐาน").permissions.values_list("content_type__app_label", "codename")),
    }


def main():
    params = json.loads(os.environ.get("KHAMRAP_SCRIPT_PARAMS") or "{}")
    ids = old_rows()
    migrate()
    result = {"ids": ids, "after": read(ids)}
    if params.get("back"):
        migrate(BEFORE)
        from django.contrib.contenttypes.models import ContentType

        result["back"] = sorted([t.pk, t.app_label, t.model] for t in ContentType.objects.filter(model__in=MOVED))
        migrate()
        result["again"] = read(ids)
    with open(os.environ["KHAMRAP_SCRIPT_OUT"], "w") as out:
        json.dump(result, out)


main()
