"""Rankings per parent organisation on the dashboards, shown to the right agency roles, and
the announcement and reminder memos signed by the right department's กพร. (issue 11).

The demo has two departments in two ministries (สสบ. and สกช.), both with a กค. and a กพร.;
the 6-month round has reports of สสบ./กค., สสบ./สบป., สกช./กค. and สกช./กสว."""
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cms.models import Organisation
from doc_templates.errors import DocumentError
from doc_templates.generate import generate
from doc_templates.models import GeneratedDocument
from doc_templates.thai_format import to_arabic_digits
from reporting.scores import score_report

from tests.helpers.docx_read import full_text
from tests.helpers.http import refused

FIRST, SECOND = "พสบ./สสบ.", "ทนก./สกช."


@pytest.fixture
def scored(demo):
    for path in ("กค.", "สบป.", "สกช./กค.", "สกช./กสว."):
        score_report(demo.report(path))
    return demo


def dashboard(client, demo, username):
    client.force_login(demo.user(username))
    return client.get(reverse("reporting_round", args=[demo.round(6).pk]))


def test_each_department_ranks_its_own_units(scored, client):
    response = dashboard(client, scored, "reviewer")
    tables = {t["parent"].path_abbreviation: t["rows"] for t in response.context["tables"]}
    assert set(tables) == {FIRST, SECOND}
    second = [(r.organisation.abbreviation, r.rank) for r in tables[SECOND] if r.score is not None]
    assert second == [("กค.", 1), ("กสว.", 2)]  # 3.1850 above 2.4450, ranked 1 and 2 in their own department
    assert {r.organisation.parent.abbreviation for r in tables[SECOND]} == {"สกช."}
    assert [r.rank for r in tables[FIRST] if r.score is not None] == [1, 2]


@pytest.mark.parametrize("username", ["agri_editor", "agri_reviewer", "agri_executive"])
def test_a_departments_own_roles_see_only_its_ranking(scored, client, username):
    response = dashboard(client, scored, username)
    assert response.status_code == 200
    assert [t["parent"].path_abbreviation for t in response.context["tables"]] == [SECOND]
    html = response.content.decode()
    assert "กองส่งเสริมวิสาหกิจชุมชน" in html and "สำนักบริการประชาชน" not in html and "3.9150" not in html
    workbook = client.get(reverse("reporting_round_excel", args=[scored.round(6).pk]))
    cells = {c for row in load_workbook(io.BytesIO(workbook.content)).active.iter_rows(values_only=True) for c in row}
    assert "กองส่งเสริมวิสาหกิจชุมชน" in cells and "สำนักบริการประชาชน" not in cells
    # their units' cards open; the other department's do not
    assert client.get(reverse("reporting_card", args=[scored.report("สกช./กสว.").pk])).status_code == 200
    other = client.get(reverse("reporting_card", args=[scored.report("สบป.").pk]))
    assert refused(other) and "3.9150" not in other.content.decode()
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "อันดับหน่วยงานในสังกัดกรมส่งเสริมเกษตรกรรมชุมชน" in home and "สำนักบริการประชาชน" not in home


@pytest.mark.parametrize("username", ["head_agri-finance", "staff_agri-finance"])
def test_unit_people_see_no_ranking(scored, client, username):
    response = dashboard(client, scored, username)
    assert refused(response) and "3.1850".encode() not in response.content


def test_home_panel_of_the_installation_wide_executive_has_one_ranking_per_department(scored, client):
    client.force_login(scored.user("executive"))
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "อันดับหน่วยงานในสังกัดกรมส่งเสริมการบริการประชาชน" in home
    assert "อันดับหน่วยงานในสังกัดกรมส่งเสริมเกษตรกรรมชุมชน" in home


def test_announcement_is_signed_by_the_departments_own_kpr(scored, client):
    second = Organisation.find(SECOND)
    own_kpr = Organisation.find("สกช./กพร.")
    client.force_login(scored.user("agri_reviewer"))
    url = reverse("reporting_round_announcement", args=[scored.round(6).pk, second.pk])
    assert url in dashboard(client, scored, "agri_reviewer").content.decode()
    assert client.post(url).status_code == 302
    generated = GeneratedDocument.for_source(scored.round(6)).get()
    with generated.document.file.open("rb") as handle:
        import docx

        text = " ".join(to_arabic_digits(full_text(docx.Document(handle))).split())
    assert own_kpr.head_position in text  # ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร กรมส่งเสริมเกษตรกรรมชุมชน
    assert "กองส่งเสริมวิสาหกิจชุมชน" in text and "สำนักบริการประชาชน" not in text
    # the other department's announcement is not theirs to make
    first = reverse("reporting_round_announcement", args=[scored.round(6).pk, Organisation.find(FIRST).pk])
    assert refused(client.post(first))
    assert GeneratedDocument.for_source(scored.round(6)).count() == 1


def test_a_round_of_two_departments_needs_the_department_named(scored):
    with pytest.raises(DocumentError, match="หลายต้นสังกัด"):
        generate(scored.round(6), "score_announcement")


def test_reminder_memo_is_signed_by_the_units_own_departments_kpr(demo):
    from reporting.reminders import _memo_context
    from reporting.models import today

    for path, kpr in (("สกช./กค.", "สกช./กพร."), ("กค.", "สสบ./กพร.")):
        memo = _memo_context(demo.round(9), demo.unit(path), today())
        own = Organisation.find(kpr)
        assert memo.signer.position == own.head_position and memo.section_phone == own.phone


def test_agencies_join_the_rankings_once_they_have_reported(demo):
    """The demo's ministry, mission group and departments hold agreements; that alone puts them
    in no ranking (units are listed from their agreement, reported or not)."""
    from reporting.agency import sibling_tables
    from reporting.scores import start_report

    round_ = demo.round(6)
    ministry, department = Organisation.find("พสบ."), Organisation.find(FIRST)
    tables = sibling_tables(round_)
    assert set(tables) == {department, Organisation.find(SECOND)}
    assert len(tables[department]) == 9  # every unit with an agreement, reported or not
    report = start_report(round_, department)
    score_report(report)
    tables = sibling_tables(round_)
    assert [row.organisation for row in tables[ministry]] == [department]  # not the mission group, which has not reported
