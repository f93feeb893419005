"""Dashboards: numbers in the admin views and the Excel exports equal the hand-computed
examples of test_scoring.py; who may see what."""
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reporting.scores import score_report, set_reviewer_score
from tests.helpers.http import refused

pytestmark = pytest.mark.slow  # run early (a long file): tests/conftest.py puts slow files first


@pytest.fixture
def scored(demo):
    """Both demo reports scored; กค.'s self scores confirmed by the reviewer."""
    for abbr in ("กค.", "สบป."):
        score_report(demo.report(abbr))
    report = demo.report("กค.")
    for line in report.lines.all():
        set_reviewer_score(line, line.self_score, "ตรวจสอบหลักฐานแล้ว", demo.user("reviewer"))
    return demo


def test_round_dashboard_numbers(scored, client):
    client.force_login(scored.user("reviewer"))
    response = client.get(reverse("reporting_round", args=[scored.round(6).pk]))
    assert response.status_code == 200
    tables = response.context["tables"]
    # one ranking per department, never one table of both departments' units
    assert [t["parent"].abbreviation for t in tables] == ["สสบ.", "สกช."]
    rows = tables[0]["rows"]
    # สบป. 3.9150 (self, not reviewed) ranks 1st overall and in the service group;
    # กค. 3.2750 (reviewed) ranks 2nd overall, 1st in the central group
    assert [(r.organisation.abbreviation, r.score, r.rank, r.group_rank) for r in rows[:2]] == [
        ("สบป.", D("3.9150"), 1, 1), ("กค.", D("3.2750"), 2, 1)]
    html = response.content.decode()
    assert '<td class="num score">3.9150</td>' in html and '<td class="num score">3.2750</td>' in html
    assert "<svg" in html and "<rect" in html and "http://cdn" not in html and "@media print" in html
    # bar width = score / 5 × 420 px
    assert f'width="{int(D("3.9150") / 5 * 420)}"' in html


def test_round_excel_matches(scored, client):
    client.force_login(scored.user("executive"))
    response = client.get(reverse("reporting_round_excel", args=[scored.round(6).pk]))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    everything = list(ws.iter_rows(min_row=2, values_only=True))
    assert everything[0][0] == "หน่วยงานในสังกัดกรมส่งเสริมการบริการประชาชน"
    second = everything.index(("หน่วยงานในสังกัดกรมส่งเสริมเกษตรกรรมชุมชน",) + (None,) * 9)
    rows = everything[2:second]
    assert rows[0][2:8] == ("สบป.", "กลุ่มหน่วยงานให้บริการประชาชน", 3.915, 3.915, 1, 1)
    assert rows[1][2:8] == ("กค.", "กลุ่มหน่วยงานส่วนกลาง (สนับสนุน)", 3.275, 3.275, 2, 1)
    assert rows[0][8] == "เหลือง"
    assert len(rows) == 9


def test_unit_card_and_excel(scored, client):
    report = scored.report("กค.")
    client.force_login(scored.user("staff_finance"))
    response = client.get(reverse("reporting_card", args=[report.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<td class="num" id="total-weighted">3.2750</td>' in html
    assert '<td class="num" id="unit-score">3.2750</td>' in html
    assert "มิติที่ 3 ประสิทธิภาพของการปฏิบัติราชการ" in html
    assert "97.05 (2568)" in html  # latest baseline of KPI 3

    ws = load_workbook(io.BytesIO(client.get(reverse("reporting_card_excel", args=[report.pk])).content)).active
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    by_code = {r[1]: r for r in rows if r[1]}
    assert by_code["1"][3] == 60 and by_code["1"][7] == 3.5 and by_code["1"][8] == 2.1
    assert by_code["3"][7] == 2.5 and by_code["3"][8] == 0.375
    assert rows[-1][2] == "รวม" and rows[-1][3] == 100 and rows[-1][7] == 3.275 and rows[-1][8] == 3.275


@pytest.mark.parametrize("username", ["reviewer", "executive", "editor", "preparer"])
def test_read_all_roles_see_round_and_every_card(scored, client, username):
    client.force_login(scored.user(username))
    assert client.get(reverse("reporting_round", args=[scored.round(6).pk])).status_code == 200
    for abbr in ("กค.", "สบป."):
        assert client.get(reverse("reporting_card", args=[scored.report(abbr).pk])).status_code == 200


@pytest.mark.parametrize("username", ["staff_finance", "head_finance"])
def test_unit_users_see_only_their_own_card(scored, client, username):
    client.force_login(scored.user(username))
    assert client.get(reverse("reporting_card", args=[scored.report("กค.").pk])).status_code == 200
    for url in (
        reverse("reporting_card", args=[scored.report("สบป.").pk]),
        reverse("reporting_card_excel", args=[scored.report("สบป.").pk]),
        reverse("reporting_round", args=[scored.round(6).pk]),
        reverse("reporting_round_excel", args=[scored.round(6).pk]),
    ):
        response = client.get(url)
        assert refused(response)
        assert b"3.9150" not in response.content
    index = client.get(reverse("reporting_index")).content.decode()
    assert "กองคลัง" in index and "สำนักบริการประชาชน" not in index


def test_menu_item_shown_to_roles(scored, client):
    client.force_login(scored.user("executive"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("reporting_index") in html  # the sidebar's menu data
    client.force_login(scored.user("staff_service"))
    assert client.get(reverse("reporting_index")).status_code == 200


def test_unit_report_snippet_listing_limited_to_own_unit(scored, client):
    client.force_login(scored.user("staff_service"))
    html = client.get(reverse("wagtailsnippets_reporting_unitreport:list")).content.decode()
    assert "สำนักบริการประชาชน" in html and "กองคลัง" not in html
    other = scored.report("กค.")
    response = client.get(reverse("wagtailsnippets_reporting_unitreport:edit", args=[other.pk]))
    assert response.status_code in (302, 403, 404) and "กองคลัง" not in response.content.decode()
