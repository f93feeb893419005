"""Unit-owned snippets (memos, unit reports): every admin view × every role, on an object of
กค. (own unit for staff_finance/head_finance, another unit for staff_service/head_service),
and anonymous. Reads: who is served (200). Writes: each POST, then the database is checked.
No role outside the expected set is ever served or changes anything."""
import pytest
from django.urls import reverse

from doc_templates.models import Memo
from reporting.models import UnitReport
from tests.helpers.forms import form_fields
from tests.helpers.rollback import isolated

pytestmark = pytest.mark.slow  # run early: tests/conftest.py puts slow files first

ROLES = ["anonymous", "staff_finance", "head_finance", "staff_service", "head_service", "reviewer", "executive",
         "editor", "preparer", "admin"]
OWN = {"staff_finance", "head_finance"}
READ_ALL = {"reviewer", "executive", "editor", "preparer", "admin"}
SECRET = "เรื่องลับเฉพาะกองคลัง ทดสอบสิทธิ์"

# who is served each read view (200); everybody else: login page, 404 or Wagtail's refusal.
# Wagtail's own views serve only users who may change the object (it has no read-only edit,
# history or usage view): roles holding only "view" (preparers; executives on reports) are
# refused by Wagtail there — and never see another unit's object anywhere.
MEMO_EDITORS = OWN | {"reviewer", "executive", "editor", "admin"}
REPORT_EDITORS = OWN | {"reviewer", "editor", "admin"}


def reads(editors, deleters, publishers):
    return {
        "edit": editors, "history": editors, "history_results": editors, "usage": editors,
        "workflow_history": editors, "workflow_history_detail": editors, "revisions_compare": editors,
        "revisions_revert": editors, "confirm_workflow_cancellation": editors,
        "copy": OWN | {"editor", "admin"},  # the add form, filled with the source's content
        "delete": deleters, "unpublish": publishers,
    }


MEMO_READS = reads(MEMO_EDITORS, {"editor", "admin"}, {"editor", "executive", "admin"})
REPORT_READS = reads(REPORT_EDITORS, {"admin"}, {"editor", "reviewer", "admin"})
# who may change the object by each POST
MEMO_WRITES = {
    "edit": OWN | {"reviewer", "executive", "editor", "admin"},
    "lock": OWN | {"editor", "admin"},
    "unlock": {"editor", "admin"},  # a lock taken by someone else
    "delete": {"editor", "admin"},
    "create": OWN | {"editor", "admin"},
}
REPORT_WRITES = {
    "edit": OWN | {"editor", "reviewer", "admin"},
    "lock": OWN | {"editor", "admin"},
    "unlock": {"editor", "admin"},
    "delete": {"admin"},
    "create": OWN | {"editor", "admin"},
}


def login(client, demo, role):
    client.logout()
    if role != "anonymous":
        client.force_login(demo.user(role))


@pytest.fixture
def memo(demo):
    finance = demo.unit("กค.")
    memo = Memo(organisation=finance, kind=Memo.MEMO, subject=SECRET, body="เนื้อความลับ", live=False,
                signer_position=finance.head_position)
    memo.save()
    first = memo.save_revision(user=demo.user("staff_finance"))
    memo.body = "เนื้อความลับ ฉบับสอง"
    memo.save_revision(user=demo.user("staff_finance"))
    memo.get_workflow().start(memo, demo.user("staff_finance"))
    memo.refresh_from_db()
    return memo, first


@pytest.fixture
def report(demo):
    from reporting.models import ReportingRound

    import datetime as dt

    from reporting.models import today

    report = UnitReport.objects.filter(organisation=demo.unit("กค.")).order_by("round__month").first()
    round_ = report.round
    round_.opens_on, round_.closes_on = today() - dt.timedelta(days=10), today() + dt.timedelta(days=5)
    round_.save()
    first = report.save_revision(user=demo.user("staff_finance"), clean=False)
    report.save_revision(user=demo.user("staff_finance"), clean=False)
    if report.get_workflow() is not None and report.workflow_in_progress is False:
        report.get_workflow().start(report, demo.user("staff_finance"))
    report.refresh_from_db()
    assert ReportingRound.objects.exists()
    return report, first


def read_urls(obj, first_revision):
    ns = obj.snippet_viewset.get_url_namespace() if hasattr(obj.snippet_viewset, "get_url_namespace") else \
        obj.snippet_viewset.url_namespace
    pk = obj.pk
    state = obj.workflow_states.order_by("-pk").first()
    latest = obj.latest_revision
    urls = {
        "edit": reverse(f"{ns}:edit", args=[pk]),
        "history": reverse(f"{ns}:history", args=[pk]),
        "usage": reverse(f"{ns}:usage", args=[pk]),
        "workflow_history": reverse(f"{ns}:workflow_history", args=[pk]),
        "workflow_history_detail": reverse(f"{ns}:workflow_history_detail", args=[pk, state.pk]),
        "revisions_compare": reverse(f"{ns}:revisions_compare", args=[pk, first_revision.pk, latest.pk]),
        "revisions_revert": reverse(f"{ns}:revisions_revert", args=[pk, first_revision.pk]),
        "delete": reverse(f"{ns}:delete", args=[pk]),
        "confirm_workflow_cancellation": reverse(f"{ns}:confirm_workflow_cancellation", args=[pk]),
        "copy": reverse(f"{ns}:copy", args=[pk]),
        "history_results": reverse(f"{ns}:history_results", args=[pk]),
        "unpublish": reverse(f"{ns}:unpublish", args=[pk]),
    }
    return ns, urls


def served_reads(client, demo, obj, first_revision, role):
    ns, urls = read_urls(obj, first_revision)
    login(client, demo, role)
    served = {}
    for name, url in urls.items():
        response = client.get(url)
        served[name] = response.status_code == 200
        if not served[name] and hasattr(response, "content"):
            assert SECRET.encode() not in response.content, (name, role)
    return served


def check_matrix(expected, outcomes):
    """outcomes: {role: {action: served/changed}} → the leaks and the refusals that should not be."""
    leaks = {(role, name) for role, row in outcomes.items() for name, ok in row.items() if ok and role not in expected[name]}
    missing = {(role, name) for role, row in outcomes.items() for name, ok in row.items() if not ok and role in expected[name]}
    cells = sum(len(row) for row in outcomes.values())
    print(f"{cells} cells, {len(leaks)} leaks, {len(missing)} wrongly refused")
    assert not leaks and not missing, {"leaks": sorted(leaks), "missing": sorted(missing)}


def test_memo_reads(demo, client, memo):
    obj, first = memo
    check_matrix(MEMO_READS, {role: served_reads(client, demo, obj, first, role) for role in ROLES})


def test_report_reads(demo, client, report):
    obj, first = report
    check_matrix(REPORT_READS, {role: served_reads(client, demo, obj, first, role) for role in ROLES})


def _writes(client, demo, obj, role, model, with_standard=False):
    """Each POST as ``role``; returns {action: changed in the database}."""
    ns = obj.snippet_viewset.url_namespace
    admin = demo.user("admin")
    changed = {}
    # the full edit form, as its rightful editor sees it
    login(client, demo, "admin")
    data = form_fields(client.get(reverse(f"{ns}:edit", args=[obj.pk])).content.decode(), largest=True)
    add_data = form_fields(client.get(reverse(f"{ns}:add")).content.decode(), largest=True)
    login(client, demo, role)

    before = obj.revisions.count()
    if model is Memo:
        data["subject"] = "แก้ไขโดยผู้อื่น"
    client.post(reverse(f"{ns}:edit", args=[obj.pk]), data)
    changed["edit"] = obj.revisions.count() != before or model.objects.get(pk=obj.pk).latest_revision.content.get(
        "subject") == "แก้ไขโดยผู้อื่น"

    model.objects.filter(pk=obj.pk).update(locked=False, locked_by=None, locked_at=None)
    client.post(reverse(f"{ns}:lock", args=[obj.pk]))
    changed["lock"] = model.objects.get(pk=obj.pk).locked

    obj.refresh_from_db()
    obj.locked, obj.locked_by = True, admin
    obj.save(update_fields=["locked", "locked_by"])
    client.post(reverse(f"{ns}:unlock", args=[obj.pk]))
    changed["unlock"] = not model.objects.get(pk=obj.pk).locked
    model.objects.filter(pk=obj.pk).update(locked=False, locked_by=None, locked_at=None)

    finance = demo.unit("กค.")
    count = model.objects.filter(organisation=finance).count()
    if model is Memo:
        add_data.update(organisation=str(finance.pk), subject="บันทึกที่ผู้อื่นสร้าง", kind=Memo.MEMO)
        client.post(reverse(f"{ns}:add"), add_data)
        changed["create"] = model.objects.filter(organisation=finance).count() != count
    else:
        from reporting.models import ReportingRound

        taken = model.objects.filter(organisation=finance).values("round")
        free_round = ReportingRound.objects.filter(organisation=None).exclude(pk__in=taken).first()  # a calendar กค. reports in
        if free_round is None:
            free_round = ReportingRound.objects.create(fiscal_year=obj.round.fiscal_year, month=3,
                                                       opens_on=obj.round.opens_on, closes_on=obj.round.closes_on)
        free_round.opens_on, free_round.closes_on = obj.round.opens_on, obj.round.closes_on
        free_round.save()
        add_data.update(organisation=str(finance.pk), round=str(free_round.pk))
        client.post(reverse(f"{ns}:add"), add_data)
        changed["create"] = model.objects.filter(organisation=finance).count() != count

    if with_standard:
        count = Memo.objects.filter(organisation=finance).count()
        client.post(reverse("doc_templates_start_standard"),
                    {"standard": "report_reminder", "organisation": str(finance.pk)})
        changed["start_from_standard"] = Memo.objects.filter(organisation=finance).count() != count

    client.post(reverse(f"{ns}:delete", args=[obj.pk]))
    changed["delete"] = not model.objects.filter(pk=obj.pk).exists()
    return changed


def test_memo_writes(demo, client, memo):
    obj, _first = memo
    obj.workflow_states.update(status="cancelled")  # so a delete is not blocked by the workflow
    outcomes = {role: isolated(lambda: _writes(client, demo, obj, role, Memo)) for role in ROLES}
    check_matrix(MEMO_WRITES, outcomes)


def test_report_writes(demo, client, report):
    obj, _first = report
    obj.workflow_states.update(status="cancelled")
    outcomes = {role: isolated(lambda: _writes(client, demo, obj, role, UnitReport)) for role in ROLES}
    check_matrix(REPORT_WRITES, outcomes)


@pytest.mark.parametrize("role", ["staff_service", "head_service", "preparer", "staff_finance"])
def test_memo_chooser_lists_only_visible_memos(demo, client, memo, role):
    obj, _first = memo
    chooser_ns = obj.snippet_viewset.chooser_viewset.url_namespace
    login(client, demo, role)
    response = client.get(reverse(f"{chooser_ns}:choose"))
    body = response.json()["html"] if response.status_code == 200 else response.content.decode()
    sees = SECRET in body
    assert sees == (role in OWN | READ_ALL), role
    chosen = client.get(reverse(f"{chooser_ns}:chosen", args=[obj.pk]))
    assert (chosen.status_code == 200) == (role in OWN | READ_ALL)


def test_memo_list_search_answers_and_filters(demo, client, memo):
    obj, _first = memo
    ns = obj.snippet_viewset.url_namespace
    client.force_login(demo.user("staff_finance"))
    response = client.get(reverse(f"{ns}:list"), {"q": "ลับเฉพาะ"})
    assert response.status_code == 200 and SECRET in response.content.decode()
    client.force_login(demo.user("staff_service"))
    response = client.get(reverse(f"{ns}:list"), {"q": "ลับเฉพาะ"})
    assert response.status_code == 200 and SECRET not in response.content.decode()


@pytest.mark.parametrize("which", ["memo", "report"])
def test_workflow_actions_unschedule_and_chooser_create_refuse_other_units(demo, client, request, which):
    """The views outside the read/write matrices above: a workflow action (approve) on another
    unit's object, its data form, unscheduling its revision, and creating one for that unit
    through the chooser's own create form."""
    obj, _first = request.getfixturevalue(which)
    model = type(obj)
    ns = obj.snippet_viewset.url_namespace
    chooser_ns = obj.snippet_viewset.chooser_viewset.url_namespace
    state = obj.workflow_states.filter(status="in_progress").order_by("-pk").first()
    task_state = state.current_task_state
    finance = demo.unit("กค.")
    login(client, demo, "admin")
    add_data = form_fields(client.get(reverse(f"{ns}:add")).content.decode(), largest=True)
    add_data["organisation"] = str(finance.pk)
    if model is Memo:
        add_data.update(subject="สร้างผ่านตัวเลือกโดยผู้อื่น", kind=Memo.MEMO)
    else:
        from reporting.models import ReportingRound

        free = ReportingRound.objects.filter(organisation=None).exclude(pk__in=model.objects.filter(organisation=finance).values("round")).first()
        free = free or ReportingRound.objects.create(fiscal_year=obj.round.fiscal_year, month=3,
                                                     opens_on=obj.round.opens_on, closes_on=obj.round.closes_on)
        add_data["round"] = str(free.pk)
    count = model.objects.filter(organisation=finance).count()
    for role in ["staff_service", "head_service"]:
        login(client, demo, role)
        for url in (reverse(f"{ns}:workflow_action", args=[obj.pk, "approve", task_state.pk]),
                    reverse(f"{ns}:collect_workflow_action_data", args=[obj.pk, "approve", task_state.pk]),
                    reverse(f"{ns}:revisions_unschedule", args=[obj.pk, obj.latest_revision.pk])):
            response = client.get(url)
            assert response.status_code != 200 and SECRET.encode() not in response.content, (role, url)
            client.post(url, {"comment": "อนุมัติโดยผู้อื่น"})
        task_state.refresh_from_db()
        state.refresh_from_db()
        assert (task_state.status, state.status) == ("in_progress", "in_progress"), role
        client.post(reverse(f"{chooser_ns}:create"), add_data)
        assert model.objects.filter(organisation=finance).count() == count, role
