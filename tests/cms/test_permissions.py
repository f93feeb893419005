"""Permission matrix: who can see and edit which drafts, evidence and public pages."""
import pytest
from django.core.files.base import ContentFile

from cms.models import KPITemplatePage
from evidence.models import EvidenceFile, EvidenceFolderPage, EvidencePage
from evidence.permissions import evidence_scope
from tests.helpers.http import refused


def make_evidence(demo, unit_slug, publish=False, visibility=EvidencePage.INTERNAL, slug=None):
    folder = EvidenceFolderPage.for_organisation_year(demo.folder(unit_slug))
    page = EvidencePage(title=f"หลักฐานของ {unit_slug}", slug=slug or f"evidence-{unit_slug}", kpi=demo.kpi(unit_slug, "2"), round=6,
                        live=False, visibility=visibility)
    folder.add_child(instance=page)
    evidence_file = EvidenceFile(page=page, original_name=f"ผลสำรวจ-{unit_slug}.txt")
    evidence_file.file.save("survey.txt", ContentFile("ผลสำรวจความพึงพอใจ ร้อยละ 86.5".encode()), save=False)
    evidence_file.save()
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page, evidence_file


def draft_of(demo, unit_slug):
    kpi = demo.kpi(unit_slug, "1")
    kpi.title = kpi.title + " (ร่างแก้ไข)"
    kpi.save_revision()
    return kpi


@pytest.mark.parametrize("username, own", [("staff_finance", "finance"), ("head_finance", "finance"), ("staff_service", "service")])
def test_unit_staff_edit_only_their_own_unit(demo, client, username, own):
    other = "service" if own == "finance" else "finance"
    client.force_login(demo.user(username))
    own_kpi, other_kpi = draft_of(demo, own), draft_of(demo, other)
    assert client.get(f"/admin/pages/{own_kpi.pk}/edit/").status_code == 200
    assert refused(client.get(f"/admin/pages/{other_kpi.pk}/edit/"))
    assert refused(client.get(f"/admin/pages/{other_kpi.pk}/view_draft/"))
    assert refused(client.get(f"/admin/pages/{demo.folder(other).pk}/add_subpage/"))
    listing = client.get(f"/admin/pages/{demo.folder(other).pk}/")
    assert "(ร่างแก้ไข)" not in listing.content.decode()


def test_unit_staff_cannot_see_another_units_evidence(demo, client):
    _, own_file = make_evidence(demo, "finance")
    other_page, other_file = make_evidence(demo, "service")
    client.force_login(demo.user("staff_finance"))
    assert client.get(f"/evidence/file/{own_file.pk}/").status_code == 200
    assert client.get(f"/evidence/file/{other_file.pk}/").status_code == 404
    assert refused(client.get(f"/admin/pages/{other_page.pk}/edit/"))
    assert evidence_scope(demo.user("staff_finance")).unit_ids == {demo.unit("กค.").pk}


def test_preparers_read_all_evidence_but_edit_nothing(demo, client):
    page, evidence_file = make_evidence(demo, "service")
    client.force_login(demo.user("preparer"))
    response = client.get(f"/evidence/file/{evidence_file.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).decode() == "ผลสำรวจความพึงพอใจ ร้อยละ 86.5"
    kpi = demo.kpi("service", "1")
    assert refused(client.get(f"/admin/pages/{kpi.pk}/edit/"))
    assert refused(client.get(f"/admin/pages/{page.pk}/edit/"))
    assert not kpi.permissions_for_user(demo.user("preparer")).can_edit()


def test_anonymous_sees_only_published_pages(demo, client):
    kpi = draft_of(demo, "finance")
    response = client.get(kpi.url)
    assert response.status_code == 200 and "(ร่างแก้ไข)" not in response.content.decode()
    unpublished = KPITemplatePage.objects.get(pk=kpi.pk)
    unpublished.unpublish()
    assert client.get(kpi.url).status_code == 404
    assert client.get(f"/admin/pages/{kpi.pk}/view_draft/").status_code == 302  # to login


def test_anonymous_sees_evidence_only_when_chosen_public_and_published_with_a_public_agreement(demo, client):
    draft_page, draft_file = make_evidence(demo, "finance", publish=False, visibility=EvidencePage.PUBLIC)
    assert client.get(f"/evidence/file/{draft_file.pk}/").status_code == 404
    EvidencePage.objects.get(pk=draft_page.pk).save_revision().publish()
    assert client.get(f"/evidence/file/{draft_file.pk}/").status_code == 200  # the agreement is live
    assert client.get(EvidencePage.objects.get(pk=draft_page.pk).url).status_code == 200
    demo.agreement("finance").unpublish()
    assert client.get(f"/evidence/file/{draft_file.pk}/").status_code == 404
    assert client.get(EvidencePage.objects.get(pk=draft_page.pk).url).status_code == 404


def test_internal_published_evidence_is_refused_to_anonymous_and_a_public_one_served(demo, client):
    """Internal is the default: published, with the unit's agreement live, its file still 404s
    for anonymous visitors while the unit's staff download it; a page chosen public is served."""
    internal_page, internal_file = make_evidence(demo, "finance", publish=True, slug="ev-internal")
    public_page, public_file = make_evidence(demo, "finance", publish=True, visibility=EvidencePage.PUBLIC, slug="ev-public")
    assert EvidencePage.objects.get(pk=internal_page.pk).live and demo.agreement("finance").live
    assert EvidencePage(title="x").visibility == EvidencePage.INTERNAL
    assert client.get(f"/evidence/file/{internal_file.pk}/").status_code == 404
    assert client.get(EvidencePage.objects.get(pk=internal_page.pk).url).status_code == 404
    response = client.get(f"/evidence/file/{public_file.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).decode() == "ผลสำรวจความพึงพอใจ ร้อยละ 86.5"
    client.force_login(demo.user("staff_finance"))
    assert client.get(f"/evidence/file/{internal_file.pk}/").status_code == 200


def test_choosing_internal_again_takes_a_public_file_off_the_site(demo, client):
    page, evidence_file = make_evidence(demo, "finance", publish=True, visibility=EvidencePage.PUBLIC)
    assert client.get(f"/evidence/file/{evidence_file.pk}/").status_code == 200
    page = EvidencePage.objects.get(pk=page.pk)
    page.visibility = EvidencePage.INTERNAL
    page.save_revision().publish()
    assert client.get(f"/evidence/file/{evidence_file.pk}/").status_code == 404


def test_the_migration_keeps_existing_evidence_public(demo):
    """Existing pages were public once live with a live agreement: the data migration sets them
    (and their stored revisions) to "public" so nothing changes for them. The migration ran
    before the evidence models moved to ``evidence`` (evidence 0003): it runs here against the
    models of its own time, with the content type back under ``cms`` as it was then."""
    import importlib

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    migration = importlib.import_module("cms.migrations.0015_evidence_visibility_choice")
    apps_then = MigrationLoader(connection).project_state(("cms", "0015_evidence_visibility_choice")).apps
    page, _ = make_evidence(demo, "finance", publish=True)
    revision = page.get_latest_revision()
    revision.content.pop("visibility")
    revision.save(update_fields=["content"])
    moved = ContentType.objects.filter(app_label="evidence", model="evidencepage")
    moved.update(app_label="cms")
    migration.existing_evidence_stays_public(apps_then, None)
    ContentType.objects.filter(app_label="cms", model="evidencepage").update(app_label="evidence")
    ContentType.objects.clear_cache()
    assert EvidencePage.objects.get(pk=page.pk).visibility == EvidencePage.PUBLIC
    revision.refresh_from_db()
    assert revision.content["visibility"] == "public"
    assert revision.as_object().visibility == EvidencePage.PUBLIC


def test_the_editor_warns_in_thai_when_a_page_chosen_public_is_published(demo, client):
    page, _ = make_evidence(demo, "finance", visibility=EvidencePage.PUBLIC)
    client.force_login(demo.user("head_finance"))
    body = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "คำเตือน: หลักฐานนี้ตั้งเป็น “สาธารณะ”" in body and "PDPA" in body
    internal, _ = make_evidence(demo, "finance", slug="ev-internal-warning")
    assert "คำเตือน: หลักฐานนี้ตั้งเป็น" not in client.get(f"/admin/pages/{internal.pk}/edit/").content.decode()


def test_evidence_files_are_not_under_media_url(demo, settings):
    _, evidence_file = make_evidence(demo, "finance")
    assert not evidence_file.file.path.startswith(str(settings.MEDIA_ROOT))


def test_editors_edit_everything_but_publish_through_the_workflow(demo):
    editor = demo.user("editor")
    tester = demo.kpi("service", "1").permissions_for_user(editor)
    assert tester.can_edit() and not tester.can_publish()
    assert demo.kpi("finance", "1").permissions_for_user(demo.user("executive")).can_publish()
