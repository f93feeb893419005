"""Evidence is filed for the rounds its organisation reports in (reporting's calendar,
``reporting.rounds.rounds_for``), not a fixed 6/9/12: สกช.'s units also report at 5 and 7
months (the demo's department rounds), the first department's units do not."""
import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from evidence.models import EvidenceFolderPage, EvidencePage

from tests.helpers.forms import form_fields

AGRI_FINANCE, FIRST_FINANCE = "agri-finance", "finance"  # สกช./กค. (5, 6, 7, 9, 12) and สสบ./กค. (6, 9, 12)


def evidence_folder(demo, slug):
    return EvidenceFolderPage.for_organisation_year(demo.folder(slug))


def new_page(demo, slug, month, title="หลักฐานรอบ"):
    page = EvidencePage(title=f"{title} {month}", slug=f"ev-round-{slug}-{month}", round=month, live=False)
    evidence_folder(demo, slug).add_child(instance=page)
    return page


def round_options(html):
    select = BeautifulSoup(html, "lxml").find("select", attrs={"name": "round"})
    return [(option["value"], option.text.strip()) for option in select.find_all("option") if option["value"]]


def test_a_department_units_evidence_is_filed_for_its_own_5_month_round(demo):
    page = new_page(demo, AGRI_FINANCE, 5)
    page.full_clean()  # what publishing checks (a draft's save checks only title and slug)
    page.live = True
    page.save()
    page.refresh_from_db()
    assert page.round == 5 and page.get_round_display() == "รอบ 5 เดือน"


def test_a_round_the_organisation_does_not_report_in_is_refused_naming_the_field(demo):
    page = new_page(demo, FIRST_FINANCE, 5)
    with pytest.raises(ValidationError) as refused:
        page.full_clean()
    [message] = refused.value.message_dict["round"]
    assert message.startswith("รอบการรายงาน:")
    assert "ไม่มีรอบ 5 เดือน" in message and "รอบ 6 เดือน, รอบ 9 เดือน, รอบ 12 เดือน" in message
    page.round = 9
    page.full_clean()


def test_a_year_without_rounds_says_so(demo):
    from cms.models import FiscalYear

    from evidence.rounds import round_error

    next_year = FiscalYear.objects.create(year_be=2570)  # no round defined yet
    assert round_error(demo.unit("กค."), next_year, 12) == (
        "รอบการรายงาน: กองคลัง ปีงบประมาณ 2570 ยังไม่มีรอบการรายงาน ให้ผู้ดูแลระบบเพิ่มรอบการรายงานของปีนี้ก่อน")
    assert round_error(demo.unit("กค."), demo.year, 12) is None


def test_the_page_form_offers_the_organisations_rounds_and_saves_a_5_month_one(demo, client):
    client.force_login(demo.user("admin"))
    agri_url = f"/admin/pages/add/evidence/evidencepage/{evidence_folder(demo, AGRI_FINANCE).pk}/"
    first_url = f"/admin/pages/add/evidence/evidencepage/{evidence_folder(demo, FIRST_FINANCE).pk}/"
    agri_form = client.get(agri_url).content.decode()
    assert [v for v, _ in round_options(agri_form)] == ["5", "6", "7", "9", "12"]
    assert ("5", "รอบ 5 เดือน") in round_options(agri_form)
    assert [v for v, _ in round_options(client.get(first_url).content.decode())] == ["6", "9", "12"]

    data = form_fields(agri_form)
    data.update(title="รายงานผลรอบ 5 เดือน", slug="ev-agri-5", round="5")
    assert client.post(agri_url, data).status_code == 302
    assert EvidencePage.objects.get(slug="ev-agri-5").round == 5

    data = form_fields(client.get(first_url).content.decode())
    data.update(title="รายงานผลรอบ 5 เดือน", slug="ev-first-5", round="5")
    answer = client.post(first_url, data)
    assert answer.status_code == 200 and not EvidencePage.objects.filter(slug="ev-first-5").exists()


def test_editing_a_page_keeps_its_saved_round_in_the_list(demo, client):
    page = new_page(demo, AGRI_FINANCE, 7)
    client.force_login(demo.user("admin"))
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    select = BeautifulSoup(html, "lxml").find("select", attrs={"name": "round"})
    assert select.find("option", selected=True)["value"] == "7"


def test_search_filter_offers_the_rounds_present(demo, client):
    client.force_login(demo.user("reviewer"))
    html = client.get("/admin/evidence/search/").content.decode()
    assert round_options(html) == [(str(m), f"รอบ {m} เดือน") for m in (5, 6, 7, 9, 12)]


def test_import_round_is_one_of_the_units_rounds(demo, tmp_path, capsys):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "รายงานรอบห้าเดือน.txt").write_text("รายงานผลการเบิกจ่ายรอบ 5 เดือน", encoding="utf-8")
    with pytest.raises(CommandError, match="รอบการรายงาน: กองคลัง ปีงบประมาณ 2569 ไม่มีรอบ 5 เดือน"):
        call_command("import_evidence", str(folder), "--year", "2569", "--unit", "สสบ./กค.", "--round", "5")
    assert not EvidencePage.objects.filter(title="รายงานรอบห้าเดือน").exists()
    call_command("import_evidence", str(folder), "--year", "2569", "--unit", "สกช./กค.", "--round", "5")
    assert EvidencePage.objects.get(title="รายงานรอบห้าเดือน").round == 5
    capsys.readouterr()
    call_command("search_evidence", "เบิกจ่าย", "--round", "5", "--json")
    assert "รายงานรอบห้าเดือน.txt" in capsys.readouterr().out
    with pytest.raises(CommandError, match="รอบการรายงาน: ไม่มีรอบ 4 เดือน"):
        call_command("search_evidence", "เบิกจ่าย", "--round", "4")
