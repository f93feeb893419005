"""Issue 9, item 11: Wagtail's admin views that name pages (chooser browse/search/chosen,
workflow preview and actions, bulk actions, the page-types report) never show another unit's
draft titles; the own unit and the read-all roles still see them. And a GET of the admin
logout URL logs nobody out."""
import json

import pytest
from wagtail.models import Page, Task

from evidence.models import EvidenceFolderPage, EvidencePage
from tests.helpers.second_department import two_departments  # noqa: F401  (fixture)

DRAFT = "ร่างลับเฉพาะกองคลัง"  # a draft page of กค. never published
RENAMED = "ชื่อใหม่ที่ยังไม่เผยแพร่ของกองคลัง"  # a live กค. page's unpublished new title
OTHERS = ["staff_service", "head_service"]
SEE_ALL = ["staff_finance", "head_finance", "reviewer", "editor", "admin"]


@pytest.fixture
def pages(demo):
    folder = EvidenceFolderPage.for_organisation_year(demo.folder("finance"))
    draft = EvidencePage(title=DRAFT, slug="secret-draft", kpi=demo.kpi("finance", "3"), round=6, live=False)
    folder.add_child(instance=draft)
    draft.save_revision(user=demo.user("staff_finance"))
    live = demo.kpi("finance", "3")
    assert live.live
    live.title = RENAMED
    live.save_revision(user=demo.user("staff_finance"))
    return folder, Page.objects.get(pk=draft.pk), Page.objects.get(pk=live.pk)


def text(response):
    body = response.content.decode(errors="replace")
    try:  # modal answers are JSON: Thai inside is \u-escaped
        return json.dumps(json.loads(body), ensure_ascii=False)
    except ValueError:
        return body


def urls(folder, draft, live):
    task = Task.objects.first()
    return [
        f"/admin/choose-page/{folder.pk}/", f"/admin/choose-page/{live.get_parent().pk}/",
        f"/admin/choose-page/{draft.pk}/", f"/admin/choose-page/{live.pk}/",
        "/admin/choose-page/search/?q=ร่างลับ", "/admin/choose-page/search/?q=ชื่อใหม่",
        f"/admin/choose-page/chosen-multiple/?id={draft.pk}&id={live.pk}",
        f"/admin/pages/workflow/preview/{draft.pk}/{task.pk}/",
        f"/admin/pages/workflow/action/{draft.pk}/approve/1/",
        f"/admin/pages/workflow/collect_action_data/{draft.pk}/approve/1/",
        f"/admin/pages/workflow/confirm_cancellation/{draft.pk}/",
        f"/admin/bulk/wagtailcore/page/delete/?id={draft.pk}&id={live.pk}",
        f"/admin/bulk/wagtailcore/page/publish/?id=all&childOf={folder.pk}",
        f"/admin/bulk/wagtailcore/page/move/?id=all&childOf={live.get_parent().pk}",
        "/admin/reports/page-types-usage/",
        f"/admin/pages/{folder.pk}/", f"/admin/pages/search/?q=ร่างลับ", "/admin/api/main/pages/?search=ร่างลับ",
    ]


@pytest.mark.parametrize("role", OTHERS)
def test_other_units_never_see_draft_titles(demo, client, pages, role):
    client.force_login(demo.user(role))
    leaks = []
    for url in urls(*pages):
        body = text(client.get(url, follow=True))
        leaks += [(url, title) for title in (DRAFT, RENAMED) if title in body]
    assert leaks == []


@pytest.mark.parametrize("role", SEE_ALL)
def test_own_unit_and_read_all_roles_still_choose_them(demo, client, pages, role):
    folder, draft, live = pages
    client.force_login(demo.user(role))
    assert DRAFT in text(client.get("/admin/choose-page/search/", {"q": "ร่างลับ"}))
    assert DRAFT in text(client.get(f"/admin/choose-page/{folder.pk}/"))
    assert RENAMED in text(client.get(f"/admin/choose-page/chosen-multiple/?id={live.pk}"))


def test_other_units_still_choose_public_pages(demo, client, pages):
    """A unit may link to another unit's published pages: their (published) titles stay."""
    folder, draft, live = pages
    client.force_login(demo.user("staff_service"))
    public = Page.objects.live().public().filter(has_unpublished_changes=False, depth__gt=2).exclude(pk=live.pk)
    some = public.filter(path__startswith=live.get_parent().path).first()
    body = text(client.get(f"/admin/choose-page/{live.get_parent().pk}/"))
    assert some is not None and some.title in body
    assert f"/admin/choose-page/chosen-multiple/?id={some.pk}" and some.title in text(
        client.get(f"/admin/choose-page/chosen-multiple/?id={some.pk}"))


def test_get_logout_logs_nobody_out(demo, client):
    client.force_login(demo.user("staff_finance"))
    response = client.get("/admin/logout/")
    assert response.status_code == 405
    assert "sessionid" not in response.cookies  # Wagtail deleted the cookie even when refusing
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout/")
    assert client.get("/admin/").status_code == 302


def test_snippet_bulk_actions_name_no_other_units_memo(demo, client):
    """Wagtail's bulk-action confirmation lists the objects the user may not act on, by name."""
    from doc_templates.models import Memo

    finance = demo.unit("กค.")
    memo = Memo.objects.create(organisation=finance, kind=Memo.MEMO, subject=DRAFT, body="-", live=False,
                               signer_position=finance.head_position)
    client.force_login(demo.user("staff_service"))
    for action in ("delete", "publish", "unpublish"):
        body = text(client.get(f"/admin/bulk/doc_templates/memo/{action}/?id={memo.pk}"))
        assert DRAFT not in body, action
    client.force_login(demo.user("staff_finance"))
    assert DRAFT in text(client.get(f"/admin/bulk/doc_templates/memo/delete/?id={memo.pk}"))


@pytest.mark.parametrize("role", ["editor", "reviewer", "executive", "preparer"])
def test_scoped_roles_choose_only_their_department(two_departments, client, role):
    """A department's own editors, reviewers, executives and preparers (roles scoped to its
    subtree) see its drafts in the chooser, never the other department's."""
    mine, other = two_departments["second"], two_departments["first"]
    client.force_login(mine["users"][role])
    body = text(client.get("/admin/choose-page/search/", {"q": "หลักฐาน"}))
    assert "หลักฐาน second" in body and "หลักฐาน first" not in body
    # a KPI's unpublished new title: shown in its own department's folder, not in the other's
    assert mine["kpi"].title in text(client.get(f"/admin/choose-page/{mine['folder'].pk}/"))
    assert other["kpi"].title not in text(client.get(f"/admin/choose-page/{other['folder'].pk}/"))


def test_preparers_read_draft_evidence_but_not_other_units_draft_kpi_titles(demo, client, pages):
    """Installation-wide preparers (a read-all role) see draft evidence titles (preparing the
    site visit is their job) but not the titles of unpublished KPI templates, agreements and
    manuals in the chooser, chosen answers, workflow views and bulk actions."""
    from cms.models import KPITemplatePage

    folder, draft, live = pages  # draft: evidence; live: a KPI with an unpublished new title
    kpi_folder = live.get_parent()
    unpublished = KPITemplatePage.objects.child_of(kpi_folder).live().exclude(pk=live.pk).first()
    unpublished.unpublish()  # an unpublished KPI template of กค.
    unpublished.refresh_from_db()
    assert not unpublished.live
    client.force_login(demo.user("preparer"))
    assert DRAFT in text(client.get("/admin/choose-page/search/", {"q": "ร่างลับ"}))
    assert DRAFT in text(client.get(f"/admin/choose-page/{folder.pk}/"))
    task = Task.objects.first()
    hidden = [RENAMED, unpublished.title]
    for url in (f"/admin/choose-page/{kpi_folder.pk}/", "/admin/choose-page/search/?q=ชื่อใหม่",
                "/admin/choose-page/search/?" + __import__("urllib.parse").parse.urlencode({"q": unpublished.title}),
                f"/admin/choose-page/chosen-multiple/?id={live.pk}&id={unpublished.pk}",
                f"/admin/pages/workflow/preview/{unpublished.pk}/{task.pk}/",
                f"/admin/pages/workflow/confirm_cancellation/{live.pk}/",
                f"/admin/bulk/wagtailcore/page/delete/?id={live.pk}&id={unpublished.pk}"):
        body = text(client.get(url, follow=True))
        assert not [title for title in hidden if title in body], url
