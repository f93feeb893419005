"""Issue 12, defect 6: two creates of the same page at the same instant (autosave and the
"บันทึกฉบับร่าง" click, or two people) — the second gets the page already made or a Thai
form error (slug / KPI code taken), never a 500. Real threads, real databases: PostgreSQL
through the test database, SQLite through a real instance (the in-memory test database
cannot take two writers)."""
import pytest
from django.db import connection

from tests.helpers.create_race import check_rounds, race_rounds
from tests.helpers.session_db import load_demo_into_current_database

pytestmark = pytest.mark.database_backend  # run on PostgreSQL too: creates racing each other under the parent row's lock


@pytest.mark.slow
@pytest.mark.postgresql_only
@pytest.mark.django_db(transaction=True)  # threads need committed rows: runs in the transactional process
def test_overlapping_creates_on_postgresql():
    assert connection.vendor == "postgresql"
    load_demo_into_current_database()  # the database of the transactional tests is flushed after each
    check_rounds(race_rounds(3))


@pytest.mark.slow
def test_overlapping_creates_on_sqlite(tmp_path):
    from tests.instances import demo_instance

    check_rounds(demo_instance(tmp_path / "instance").script("concurrent_creates", rounds=3))


def test_a_kpi_code_already_in_the_folder_is_a_thai_form_error(demo, client):
    """The rule the locked create relies on, one post after the other."""
    from tests.helpers.create_race import CODE_TAKEN, as_new_page
    from tests.helpers.forms import form_fields

    folder, kpi = demo.folder("finance"), demo.kpi("finance", "3")
    client.force_login(demo.user("staff_finance"))
    data = as_new_page(form_fields(client.get(f"/admin/pages/{kpi.pk}/edit/").content.decode(), "page-edit-form"))
    response = client.post(f"/admin/pages/add/cms/kpitemplatepage/{folder.pk}/", {**data, "slug": "kpi-3-again"})
    assert response.status_code == 200
    assert CODE_TAKEN in response.content.decode()
    response = client.post(f"/admin/pages/add/cms/kpitemplatepage/{folder.pk}/", {**data, "slug": "kpi-93", "code": "93"})
    assert response.status_code == 302, response.content.decode()[:3000]


def test_a_repeated_create_in_a_folder_that_was_empty_opens_the_page_already_made(demo, client):
    """The second tab's parent folder was read before the first tab's create committed, when
    the folder had no child: its stored child count (0) must not hide the page just made
    (the second tab got the Thai slug error instead of that page)."""
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.test import RequestFactory

    from cms.double_create import answer_repeated_create
    from evidence.models import EvidenceFolderPage, EvidencePage
    from tests.helpers.forms import form_fields

    folder = EvidenceFolderPage.for_organisation_year(demo.folder("opdc"))
    stale = EvidenceFolderPage.objects.get(pk=folder.pk)  # the second tab's read, before the first create
    assert stale.numchild == 0
    user = demo.user("staff_opdc")
    client.force_login(user)
    url = f"/admin/pages/add/evidence/evidencepage/{folder.pk}/"
    data = {**form_fields(client.get(url).content.decode(), "page-edit-form"),
            "title": "หลักฐานแรกของโฟลเดอร์", "slug": "first-of-the-folder"}
    assert client.post(url, data).status_code == 302
    [page] = EvidencePage.objects.filter(slug="first-of-the-folder")

    request = RequestFactory().post(url, data)
    request.user, request.session = user, {}
    request._messages = FallbackStorage(request)
    answer = answer_repeated_create(request, stale, EvidencePage)
    assert answer is not None and answer.status_code == 302
    assert answer["Location"] == f"/admin/pages/{page.pk}/edit/"
