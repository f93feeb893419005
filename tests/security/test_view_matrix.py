"""Every custom view of the project × every role, on objects of กค. (own unit for
staff_finance/head_finance, another unit for staff_service), and anonymous.

The views are found by walking the project's URLconf: every URL pattern whose view (or a
wrapper around it) comes from one of our apps. A view that is neither in ``GETS``/``POSTS``
below nor in ``COVERED_ELSEWHERE`` (with the test file that holds its own matrix) makes
``test_every_custom_view_is_in_a_matrix`` fail, so a new view cannot skip the matrix.
GET cells: served = 200, and an answer to a role outside กค. and the read-all roles never
carries the secret title of กค.'s memo and draft evidence. POST cells:
the database is checked afterwards (changed = allowed), each in a rolled-back transaction.
"""
import datetime as dt
import io
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.slow  # run early: tests/conftest.py puts slow files first

ROLES = ["anonymous", "staff_service", "staff_finance", "head_finance", "preparer", "reviewer", "executive",
         "editor"]
OWN = {"staff_finance", "head_finance"}
READ_ALL = {"preparer", "reviewer", "executive", "editor"}
LOGGED_IN = set(ROLES) - {"anonymous"}
DECIDERS = {"reviewer", "editor"}  # reviewer scores and appeal decisions (KPIs without supervisors)
SECRET = "ความลับเฉพาะกองคลังในตารางสิทธิ์"
OUR_APPS = ("cms", "dashboard", "doc_templates", "evidence", "reporting", "scoring", "evidence_search", "khamrap")
TESTS = Path(__file__).resolve().parent

# views with their own role matrix elsewhere: (URL name prefix or route prefix, test file)
COVERED_ELSEWHERE = [
    ("evidence:file", "test_download_matrix.py"),
    ("wagtailsnippets_doc_templates_memo:", "test_snippet_matrix.py"),
    ("wagtailsnippetchoosers_doc_templates_memo:", "test_snippet_matrix.py"),
    ("wagtailsnippets_reporting_unitreport:", "test_snippet_matrix.py"),
    ("wagtailsnippetchoosers_reporting_unitreport:", "test_snippet_matrix.py"),
    ("wagtailsnippets_cms_organisation:edit", "../cms/test_scoped_roles.py"),
    ("wagtailsnippets_cms_evaluationframework:edit", "../cms/test_scoped_roles.py"),
    ("wagtailsnippets_reporting_reportinground:edit", "../reporting/test_rounds_per_organisation.py"),
    ("wagtailadmin_api:documents:", "test_documents_private.py"),
    ("wagtailadmin_api:images:", "test_wagtail_media_matrix.py"),
    ("route:admin/logout/", "test_page_titles.py"),
    ("route:admin/choose-page/", "test_page_titles.py"),
    ("route:admin/pages/workflow/", "test_page_titles.py"),
    ("route:admin/bulk/", "test_page_titles.py"),  # documents and images: test_wagtail_media_matrix.py
    ("route:admin/images/chooser/", "test_wagtail_media_matrix.py"),
    ("route:admin/reports/page-types-usage/", "test_page_titles.py"),
    ("route:^admin/(pages|snippets/", "../reporting/test_cycle_defects.py"),  # approvers' revision compare
]


def _ours(callback) -> bool:
    layer = callback
    while layer is not None:
        for obj in (layer, getattr(layer, "view_class", None), getattr(layer, "cls", None)):
            if obj is not None and getattr(obj, "__module__", "").split(".")[0] in OUR_APPS:
                return True
        layer = getattr(layer, "__wrapped__", None)
    return False


def custom_views():
    """{key: route} of every URL pattern served by our code: key = the namespaced URL name,
    or "route:<route>" for an unnamed pattern."""
    found = {}

    def walk(resolver, prefix="", namespaces=()):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern, route, namespaces + ((pattern.namespace,) if pattern.namespace else ()))
            elif isinstance(pattern, URLPattern) and _ours(pattern.callback):
                key = ":".join(namespaces + (pattern.name,)) if pattern.name else f"route:{route}"
                found.setdefault(key, route)

    walk(get_resolver())
    return found


# --- objects of กค. -----------------------------------------------------------------------
@pytest.fixture
def objects(demo, django_capture_on_commit_callbacks):
    from evidence.models import EvidenceFile, EvidenceFolderPage, EvidencePage
    from doc_templates.models import Memo
    from evidence.ingest import Upload, attach_files
    from evidence.processing import set_status
    from evidence.models import BinderExport
    from reporting.models import ReportingRound, UnitReport, today
    from reporting.scores import score_report

    finance = demo.unit("กค.")
    folder = demo.folder("finance")
    from doc_templates.from_pages import standard_memo_fields

    memo = Memo(**{**standard_memo_fields("send_draft_kpis", finance, 2569), "subject": SECRET,
                   "standard": "send_draft_kpis", "live": False, "kind": Memo.MEMO, "ref_no": "กค 0501/9",
                   "signer_name": "นายทดสอบ ระบบ", "signer_position": finance.head_position})
    memo.save()
    memo.save_revision(user=demo.user("staff_finance"))
    evidence_folder = EvidenceFolderPage.for_organisation_year(folder)
    kpi = demo.kpi("finance", "3")
    evidence = EvidencePage(title=SECRET, slug="matrix-secret", kpi=kpi, round=6, live=False)
    evidence_folder.add_child(instance=evidence)
    [record] = attach_files(evidence, [Upload("matrix.txt", io.BytesIO("หลักฐาน".encode()))], enqueue=False)
    set_status(record, EvidenceFile.FAILED, "ทดสอบ")
    evidence.save_revision()
    export = BinderExport.objects.create(organisation_year=folder)
    round_ = ReportingRound.objects.get(fiscal_year__year_be=2569, month=6)
    round_.announced_on, round_.appeal_deadline = None, None  # scores open to review (the appeal cells announce)
    round_.save()
    report = UnitReport.objects.get(round=round_, organisation=finance)
    score_report(report)
    line = report.lines.get(kpi__code="3")
    return {"memo": memo, "agreement": demo.agreement("finance"), "evidence": evidence, "file": record,
            "folder": folder, "export": export, "round": round_, "report": report, "line": line, "kpi": kpi,
            "finance": finance, "today": today}


def generate_url(obj, view="doc_templates_generate"):
    return reverse(view, args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


# key → (URL from the objects, roles served)
GETS = {
    "reporting_index": (lambda o: reverse("reporting_index"), LOGGED_IN),
    "reporting_round": (lambda o: reverse("reporting_round", args=[o["round"].pk]), READ_ALL),
    "reporting_round_excel": (lambda o: reverse("reporting_round_excel", args=[o["round"].pk]), READ_ALL),
    "reporting_card": (lambda o: reverse("reporting_card", args=[o["report"].pk]), OWN | READ_ALL),
    "reporting_card_excel": (lambda o: reverse("reporting_card_excel", args=[o["report"].pk]), OWN | READ_ALL),
    "reporting_esar_json": (lambda o: reverse("reporting_esar_json", args=[o["report"].pk]), OWN | READ_ALL),
    "reporting_esar_xlsx": (lambda o: reverse("reporting_esar_xlsx", args=[o["report"].pk]), OWN | READ_ALL),
    "khamrap_dashboard:quick_evidence": (
        lambda o: reverse("khamrap_dashboard:quick_evidence", args=[o["round"].pk, o["kpi"].pk]), OWN),
    "khamrap_dashboard:preparation": (lambda o: reverse("khamrap_dashboard:preparation"), READ_ALL),
    "khamrap_dashboard:line_compare": (lambda o: reverse("khamrap_dashboard:line_compare", args=[o["line"].pk]), DECIDERS),
    "doc_templates_start_standard": (lambda o: reverse("doc_templates_start_standard"),
                                     OWN | {"staff_service", "editor"}),  # each for their own unit
    "doc_templates_generate": (lambda o: generate_url(o["memo"]), OWN | READ_ALL - {"preparer"}),
    "doc_templates_generate/agreement": (lambda o: generate_url(o["agreement"]), OWN | READ_ALL),
    "doc_templates_list": (lambda o: generate_url(o["memo"], "doc_templates_list"), OWN | READ_ALL - {"preparer"}),
    "doc_templates_list/agreement": (lambda o: generate_url(o["agreement"], "doc_templates_list"), OWN | READ_ALL),
    # the live กค. agreement's booklet, for anyone (unpublished ones: test_download_matrix.py)
    "cms:agreement_booklet": (lambda o: reverse("cms:agreement_booklet", args=[o["agreement"].pk]), set(ROLES)),
    "evidence_admin:search": (lambda o: reverse("evidence_admin:search") + "?q=หลักฐาน", LOGGED_IN),
    "evidence_admin:upload": (lambda o: reverse("evidence_admin:upload", args=[o["evidence"].pk]), OWN | {"editor"}),
    "evidence_admin:files": (lambda o: reverse("evidence_admin:files", args=[o["evidence"].pk]), OWN | READ_ALL),
    "evidence_admin:checklist": (lambda o: reverse("evidence_admin:checklist", args=[o["folder"].pk]), OWN | READ_ALL),
    "evidence_admin:binder": (lambda o: reverse("evidence_admin:binder", args=[o["export"].pk]), OWN | READ_ALL),
    "evidence_api:search": (lambda o: reverse("evidence_api:search") + "?q=หลักฐาน", set(ROLES)),  # public API, filtered
}


def _announce(o):
    round_, today = o["round"], o["today"]
    round_.opens_on, round_.closes_on = today() - dt.timedelta(days=40), today() - dt.timedelta(days=10)
    round_.announced_on, round_.appeal_deadline = today() - dt.timedelta(days=2), today() + dt.timedelta(days=5)
    round_.save()


def _appeal(o, demo):
    from reporting.appeals import file_appeal

    _announce(o)
    return file_appeal(o["line"], demo.user("staff_finance"), "ขออุทธรณ์ตามหลักฐาน", evidence=[],
                       requested_score=D("4"))


def post_reopen(client, o, demo):
    client.post(reverse("reporting_reopen", args=[o["report"].pk]), {"reason": "แก้ไขตัวเลข"})
    return type(o["report"]).objects.get(pk=o["report"].pk).reopen_reason == "แก้ไขตัวเลข"


def post_review(client, o, demo):
    client.post(reverse("reporting_review", args=[o["line"].pk]), {"score": "1", "note": "ทดสอบ"})
    o["line"].refresh_from_db()
    return o["line"].reviewer_score == D(1)


def post_appeal(client, o, demo):
    from reporting.models import Appeal

    _announce(o)
    client.post(reverse("reporting_appeal", args=[o["line"].pk]), {"reason": "ขออุทธรณ์", "requested_score": "4"})
    return Appeal.objects.filter(line=o["line"]).exists()


def post_decide(client, o, demo):
    from reporting.models import Appeal

    appeal = _appeal(o, demo)
    client.post(reverse("reporting_decide", args=[appeal.pk]), {"score": "4", "reason": "เห็นชอบ"})
    return Appeal.objects.get(pk=appeal.pk).status != Appeal.PENDING


def post_quick_evidence(client, o, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evidence.models import EvidenceFile

    before = EvidenceFile.objects.count()
    client.post(reverse("khamrap_dashboard:quick_evidence", args=[o["round"].pk, o["kpi"].pk]),
                {"files": [SimpleUploadedFile("แนบ.txt", "หลักฐานแนบ".encode())]})
    return EvidenceFile.objects.count() != before


def post_start_standard(client, o, demo):
    from doc_templates.models import Memo

    before = Memo.objects.filter(organisation=o["finance"]).count()
    client.post(reverse("doc_templates_start_standard"),
                {"standard": "send_draft_kpis", "organisation": str(o["finance"].pk)})
    return Memo.objects.filter(organisation=o["finance"]).count() != before


def post_generate(client, o, demo):
    from doc_templates.models import GeneratedDocument

    before = GeneratedDocument.objects.count()
    client.post(generate_url(o["memo"]), {"kind": "memo"})
    return GeneratedDocument.objects.count() != before


def post_upload(client, o, demo):
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = o["evidence"].files.count()
    client.post(reverse("evidence_admin:upload", args=[o["evidence"].pk]),
                {"files": [SimpleUploadedFile("เพิ่ม.txt", "หลักฐานเพิ่ม".encode())]})
    return o["evidence"].files.count() != before


def post_retry(client, o, demo):
    from evidence.models import EvidenceFile

    client.post(reverse("evidence_admin:retry", args=[o["file"].pk]))
    return EvidenceFile.objects.get(pk=o["file"].pk).status != EvidenceFile.FAILED


def post_link_required_item(client, o, demo):
    from evidence.models import EvidenceFile

    item = o["kpi"].required_evidence_items()[0]
    client.post(reverse("evidence_admin:link_required_item", args=[o["file"].pk]), {"required_item": item})
    return EvidenceFile.objects.get(pk=o["file"].pk).required_item == item


def post_start_binder(client, o, demo):
    from evidence.models import BinderExport

    before = BinderExport.objects.count()
    client.post(reverse("evidence_admin:start_binder", args=[o["folder"].pk]))
    return BinderExport.objects.count() != before


def post_round_announcement(client, o, demo):
    """The score announcement of one parent's ranking (read-all roles, like documents from pages)."""
    from doc_templates.models import GeneratedDocument

    before = GeneratedDocument.objects.count()
    client.post(reverse("reporting_round_announcement", args=[o["round"].pk, o["finance"].parent_id]))
    return GeneratedDocument.objects.count() != before


# key → (POST then "did the database change?", roles allowed to change it)
POSTS = {
    "reporting_reopen": (post_reopen, {"editor"}),
    "reporting_review": (post_review, DECIDERS),
    "reporting_appeal": (post_appeal, OWN),
    "reporting_decide": (post_decide, DECIDERS),
    "khamrap_dashboard:quick_evidence/post": (post_quick_evidence, OWN),
    "doc_templates_start_standard/post": (post_start_standard, OWN | {"editor"}),
    "doc_templates_generate/post": (post_generate, OWN | READ_ALL - {"preparer"}),
    "evidence_admin:upload/post": (post_upload, OWN | {"editor"}),
    "evidence_admin:retry": (post_retry, OWN | {"editor"}),
    "evidence_admin:link_required_item": (post_link_required_item, OWN | {"editor"}),
    "evidence_admin:start_binder": (post_start_binder, OWN | READ_ALL),
    "reporting_round_announcement": (post_round_announcement, READ_ALL),
}


def login(client, demo, role):
    client.logout()
    if role != "anonymous":
        client.force_login(demo.user(role))


def report_cells(kind, expected, outcomes):
    leaks = sorted((role, key) for key, row in outcomes.items() for role, ok in row.items() if ok and role not in expected[key])
    missing = sorted((role, key) for key, row in outcomes.items() for role, ok in row.items() if not ok and role in expected[key])
    cells = sum(len(row) for row in outcomes.values())
    print(f"{kind}: {len(outcomes)} views × {len(ROLES)} roles = {cells} cells, {len(leaks)} leaks, "
          f"{len(missing)} wrongly refused")
    for key, row in outcomes.items():
        print(f"  {key:40} " + " ".join(role for role, ok in row.items() if ok))
    assert not leaks and not missing, {"leaks": leaks, "missing": missing}


def test_every_custom_view_is_in_a_matrix():
    views = custom_views()
    assert len(views) > 30, views  # the walk found the project's views
    in_matrix = {key.split("/")[0] for key in (*GETS, *POSTS)}
    elsewhere = {key for key in views for prefix, _file in COVERED_ELSEWHERE
                 if key.startswith(prefix) or (prefix.startswith("route:") and views[key].startswith(prefix[6:]))}
    assert sorted(set(views) - in_matrix - elsewhere) == []
    for _prefix, name in COVERED_ELSEWHERE:
        assert (TESTS / name).is_file(), name
    assert in_matrix <= set(views), in_matrix - set(views)  # no stale rows


def test_get_matrix(demo, client, objects):
    outcomes = {}
    for key, (url_for, _expected) in GETS.items():
        url = url_for(objects)
        outcomes[key] = {}
        for role in ROLES:
            login(client, demo, role)
            response = client.get(url)
            outcomes[key][role] = response.status_code == 200
            if not outcomes[key][role] or role not in OWN | READ_ALL:  # served to others: nothing of กค.
                assert SECRET.encode() not in getattr(response, "content", b""), (key, role)
    report_cells("GET", {key: expected for key, (_u, expected) in GETS.items()}, outcomes)


def test_post_matrix(demo, client, objects):
    outcomes = {}
    for key, (post, _expected) in POSTS.items():
        outcomes[key] = {}
        for role in ROLES:
            with transaction.atomic():
                login(client, demo, role)
                outcomes[key][role] = bool(post(client, objects, demo))
                transaction.set_rollback(True)
    report_cells("POST", {key: expected for key, (_p, expected) in POSTS.items()}, outcomes)
