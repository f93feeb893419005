"""Two editors open the same KPI template in the real Wagtail page editor; the one who saves
second, from a form loaded before the first save, must be told, not silently win."""

import pytest

from cms.models import KPITemplatePage
from tests.helpers.forms import form_fields

pytestmark = pytest.mark.database_backend  # run on PostgreSQL too: a save racing another: the row lock is real only on PostgreSQL


def open_editor(client, page):
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code == 200
    form = form_fields(response.content.decode(), form_id="page-edit-form")
    assert form["loaded_revision_id"] == str(latest_revision(page).pk)
    return form


def save(client, page, form, **changes):
    return client.post(f"/admin/pages/{page.pk}/edit/", {**form, **{k: [v] for k, v in changes.items()}})


def latest_revision(page):
    return KPITemplatePage.objects.get(pk=page.pk).get_latest_revision()


def latest_formula(page):
    return latest_revision(page).content["formula"]


def test_stale_save_is_refused_with_a_thai_message_and_saving_again_is_a_deliberate_overwrite(demo, client):
    from django.test import Client

    page = demo.kpi("finance", "3")
    editor_a, editor_b = client, Client()
    editor_a.force_login(demo.user("staff_finance"))
    editor_b.force_login(demo.user("head_finance"))
    form_a, form_b = open_editor(editor_a, page), open_editor(editor_b, page)

    response = save(editor_a, page, form_a, formula="(ผลเบิกจ่ายจริง / วงเงินที่ได้รับ) x 100 — ฉบับ ก")
    assert response.status_code == 302, response.content.decode()[:2000]
    assert latest_formula(page).endswith("ฉบับ ก")
    revision_a = latest_revision(page)
    assert revision_a.user.username == "staff_finance"

    response = save(editor_b, page, form_b, formula="(ผลเบิกจ่ายจริง / วงเงินที่ได้รับ) x 100 — ฉบับ ข")
    assert response.status_code == 409
    html = response.content.decode()
    assert "มีผู้แก้ไขหน้านี้หลังจากที่คุณเปิดแบบฟอร์ม" in html
    assert latest_formula(page).endswith("ฉบับ ก")  # A's work is still the newest revision
    assert latest_revision(page).pk == revision_a.pk

    # B's own text is kept in the form shown back, which now knows A's revision:
    reshown = form_fields(html, form_id="page-edit-form")
    assert reshown["formula"].endswith("ฉบับ ข")
    assert reshown["loaded_revision_id"] == str(revision_a.pk)
    response = save(editor_b, page, reshown)
    assert response.status_code == 302
    assert latest_formula(page).endswith("ฉบับ ข")
    assert latest_revision(page).user.username == "head_finance"


def test_an_up_to_date_form_saves_as_usual(demo, client):
    page = demo.kpi("finance", "3")
    client.force_login(demo.user("staff_finance"))
    for text in ("ฉบับที่ ๑", "ฉบับที่ ๒"):  # each save from a freshly loaded form
        response = save(client, page, open_editor(client, page), formula=text)
        assert response.status_code == 302
        assert latest_formula(page) == text


@pytest.mark.slow
def test_two_saves_posted_at_the_same_instant_one_wins_one_is_refused_nothing_lost(tmp_path):
    """Real concurrency: a file SQLite database (WAL) in a real instance, two threads, each with
    its own connection, posting from the same loaded revision after a barrier."""
    from tests.instances import demo_instance

    rounds = demo_instance(tmp_path / "instance").script("concurrent_saves", rounds=6)
    for n, round_ in enumerate(rounds):
        statuses = sorted(r["status"] for r in round_["results"].values())
        assert statuses == [302, 409], (n, round_)
        [winner] = [r for r in round_["results"].values() if r["status"] == 302]
        [loser] = [r for r in round_["results"].values() if r["status"] == 409]
        assert round_["new_revisions"] == [winner["text"]]  # one new revision: the winner's
        assert round_["latest"] == winner["text"]
        assert loser["reshown"]  # the refused editor still has their text in the form
