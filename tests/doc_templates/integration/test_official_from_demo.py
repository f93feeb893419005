"""Issue 13 from the demo year: standard memos' parties and number (item 1), the
department manual by unit (item 3), letters in the signing organisation's name
(item 6), provenance and file names (item 16). Files are read back."""
from __future__ import annotations

import re

import docx
import pytest

from tests.helpers.docx_read import all_paragraphs, full_text

# what is checked is the bytes of the files made (text, DOCX/PDF): the PostgreSQL run leaves it out
pytestmark = [pytest.mark.django_db, pytest.mark.backend_neutral, pytest.mark.slow]  # run early (a long file): tests/conftest.py puts slow files first


@pytest.fixture
def demo(demo):
    demo.six_month_round_not_yet_announced()  # the score memo is made from reviewed 6-month reports
    return demo


def _opened(generated):
    with generated.document.file.open("rb") as fh:
        return docx.Document(fh)


def test_standard_memo_from_opdc_to_unit_has_parties_and_number(finance):
    from cms.models import Organisation
    from doc_templates.from_pages import standard_memo_fields
    from doc_templates.generate import generate
    from doc_templates.models import Memo

    fields = standard_memo_fields("report_reminder", finance.organisation, 2569)
    opdc = Organisation.find("สสบ./กพร.")
    assert fields["organisation"] == opdc and fields["to"] == "ผู้อำนวยการกองคลัง"
    assert fields["ref_no"] == "กพร 1/2569"
    memo = Memo(kind=Memo.MEMO, standard="report_reminder", live=False, **fields)
    memo.save()
    memo.save_revision()
    text = full_text(_opened(generate(memo, "memo")))
    assert "ส่วนราชการ  กลุ่มพัฒนาระบบบริหาร" in text
    assert "เรียน  ผู้อำนวยการกองคลัง" in text
    assert "ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร" in all_paragraphs(_opened(generate(memo, "memo")))
    assert standard_memo_fields("send_draft_kpis", finance.organisation, 2569)["organisation"] == finance.organisation


def _tree_walk(organisation):
    """The organisation, then each child's subtree, in the tree's order (the admin's)."""
    from cms.models import Organisation

    out = [organisation]
    for child in Organisation.objects.filter(parent=organisation):
        out += _tree_walk(child)
    return out


def test_department_manual_generated_from_the_demo_has_a_heading_per_unit_in_tree_order(demo):
    """Item 3, read back from the generated .docx of the demo department's manual: a Heading 1
    per unit (its name through the document's own digit conversion: "เขต 1" is printed "เขต ๑"),
    in the order of the organisation tree, each followed by its own KPIs numbered from 1, and the
    contents list the same units and KPIs in the same order."""
    from cms.models import KPIManualPage, KPITemplatePage, OrganisationYearPage
    from doc_templates.engine import _digits
    from doc_templates.generate import generate, site_document_settings

    folder = demo.folder("department")
    page = KPIManualPage.objects.child_of(folder).get(include_sub_units=True)
    thai = site_document_settings().thai_digits
    shown = lambda text: _digits(str(text), thai)  # noqa: E731
    folders = {f.organisation_id: f for f in OrganisationYearPage.objects.child_of(folder.get_parent())}
    expected = []  # (unit heading, [KPI headings]) in tree order, units with live KPIs only
    for organisation in _tree_walk(folder.organisation):
        kpis = (sorted(KPITemplatePage.objects.child_of(folders[organisation.pk]).live(),
                       key=lambda k: [int(part) for part in k.code.split(".")])
                if organisation.pk in folders else [])
        if kpis:
            expected.append((shown(organisation.name_th), [shown(f"ตัวชี้วัดที่ {k.code} {k.title}") for k in kpis]))
    assert len(expected) >= 4 and any("เขต" in name for name, _ in expected)

    document = _opened(generate(page, "manual_booklet"))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    units = [name for name, _ in expected]
    got, current = [], None
    for text in headings:
        if text in units:
            current = (text, [])
            got.append(current)
        else:
            assert current is not None, f"KPI heading before any unit heading: {text!r}"
            current[1].append(text)
    assert [name for name, _ in got] == units  # one heading per unit, in the tree's order
    for (name, kpis), (_, printed) in zip(expected, got):
        assert printed == kpis, name
        assert printed[0].startswith(shown("ตัวชี้วัดที่ 1 ")), name  # each unit numbers its own
    # contents: the same units, in the same order, each before its own KPI lines
    paras = all_paragraphs(document)
    start, end = paras.index("สารบัญ"), paras.index("รายละเอียดตัวชี้วัด (KPI Template)")
    contents = [p.split("\t")[0] for p in paras[start + 2:end] if p.strip()]
    assert contents == [line for name, kpis in expected for line in [name, *kpis]]


def test_unit_letter_goes_out_in_the_departments_name(finance):
    from doc_templates.from_pages import letter_context
    from doc_templates.models import Memo

    memo = Memo(kind=Memo.LETTER, organisation=finance.organisation, ref_no="กค 1/2569", subject="ทดสอบ",
                to="เลขาธิการ ก.พ.ร.", body="ข้อความ", email="finance2569@example.go.th")
    ctx = letter_context(memo)
    department = finance.organisation.parent
    assert ctx.address_lines[0] == department.name_th
    assert all(len(line) <= 40 for line in ctx.address_lines)
    assert ctx.signer.position == department.head_position
    assert ctx.owner_section == finance.organisation.name_th
    assert ctx.fax == department.fax and ctx.email == "finance2569@example.go.th"


def test_unit_letter_generated_from_the_demo_carries_the_signing_department(finance):
    """Item 6, read back from the generated .docx of a กองคลัง letter: the letterhead is the
    department (name, then its address broken before road/district/province, no line over 40
    characters), the department's head signs, the owning unit and its phone are at the foot,
    and the fax line is the department's (กองคลัง has none of its own)."""
    import datetime as dt

    from doc_templates.engine import _digits
    from doc_templates.generate import generate, site_document_settings
    from doc_templates.models import Memo

    department = finance.organisation.parent
    assert not finance.organisation.fax and department.fax
    letter = Memo(kind=Memo.LETTER, organisation=finance.organisation, ref_no="กค 3/2569", subject="ทดสอบ",
                  to="เลขาธิการ ก.พ.ร.", body="ข้อความของหนังสือ", date=dt.date(2026, 12, 2))
    letter.save()
    letter.save_revision()
    document = _opened(generate(letter, "letter"))
    shown = lambda text: _digits(str(text), site_document_settings().thai_digits)  # noqa: E731
    head = document.tables[0]
    address = [p.text for p in head.rows[0].cells[-1].paragraphs if p.text.strip()]
    assert address[0] == department.name_th and finance.organisation.name_th not in address
    assert len(address) >= 3 and all(len(line) <= 40 for line in address), address
    assert " ".join(address[1:]) == shown(" ".join(department.address.split()))
    paras = all_paragraphs(document)
    assert department.head_position in paras and finance.organisation.head_position not in paras
    assert shown(f"โทรสาร {department.fax}") in paras
    assert finance.organisation.name_th in paras and shown(f"โทร. {finance.organisation.phone}") in paras


def test_agreement_from_the_demo_prints_its_action_plans_projects(finance):
    """Item 8 read back from the demo's กองคลัง agreement: the plan's projects table follows its
    text ("…อยู่ในตารางด้านล่าง"), one row per project with budget, owner and period, and the total."""
    from cms.models import ActionPlanPage
    from doc_templates.engine import _digits
    from doc_templates.generate import generate, site_document_settings
    from tests.helpers.docx_read import table_rows

    shown = lambda text: _digits(str(text), site_document_settings().thai_digits)  # noqa: E731
    plan = ActionPlanPage.objects.get(pk=finance.agreement.action_plan_id)
    projects = list(plan.projects.all())
    assert len(projects) >= 2
    document = _opened(generate(finance.agreement, "agreement_booklet"))
    table = next(t for t in document.tables if table_rows(t)[0][:2] == ["ที่", "โครงการ/กิจกรรม"])
    rows = table_rows(table)
    assert [r[1] for r in rows[1:-1]] == [p.name for p in projects]
    assert [r[2] for r in rows[1:-1]] == [shown(f"{int(p.budget_baht):,}") for p in projects]
    assert [r[3] for r in rows[1:-1]] == [p.owner for p in projects]
    assert rows[-1][1:3] == ["รวม", shown(f"{int(sum(p.budget_baht for p in projects)):,}")]
    paras = all_paragraphs(document)
    assert paras.index(next(p for p in paras if "ตารางด้านล่าง" in p)) < paras.index(projects[0].name)


def test_provenance_is_the_content_built_and_names_are_readable(finance):
    from doc_templates.generate import generate, safe_filename

    agreement = finance.agreement
    first = generate(agreement, "agreement_booklet")
    agreement.save_revision()  # an unpublished draft now waits
    second = generate(agreement, "agreement_booklet")
    assert first.source_revision == second.source_revision == agreement.live_revision
    assert first.document.file.name != second.document.file.name
    # each stored in its own unguessable folder under the same readable name, no random suffix
    assert [f.document.file.name.rsplit("/", 1)[1] for f in (first, second)] == [
        "คำรับรองการปฏิบัติราชการ กค " + first.document.file.name.rsplit(" ", 1)[1]] * 2
    assert not re.search(r"_[A-Za-z0-9]{7}\.", second.document.file.name)
    name = safe_filename("คำรับรองการปฏิบัติราชการ กค. คู่มือตัวชี้วัดตามคำรับรองการปฏิบัติราชการของหน่วยงานในสังกัด "
                         "ปีงบประมาณ 2569 2569-12-02", "docx")
    assert name.endswith(" 2569-12-02.docx") and len(name) <= 66


def test_score_announcement_prose_has_no_commas_or_colons_and_a_number(demo):
    import io

    from django.core.management import call_command

    from doc_templates.generate import generate
    from reporting.scores import score_report

    call_command("load_demo_rounds", verbosity=0, stdout=io.StringIO())  # rolled back with the test
    for abbr in ("กค.", "สบป."):
        score_report(demo.report(abbr))
    from cms.models import Organisation

    document = _opened(generate(demo.round(6), "score_announcement", build_kwargs={"parent": Organisation.find("พสบ./สสบ.")}))
    paras = [p for p in all_paragraphs(document) if p.strip()]
    ref = next(p for p in paras if p.startswith("ที่"))
    assert "กพร ๑/๒๕๖๙" in ref and " /" not in ref  # a running number, in Thai digits
    cells = {c.text for row in document.tables[0].rows for c in row.cells}
    prose = [p for p in paras if p not in cells and not p.startswith(("ที่", "วันที่", "เรื่อง", "ส่วนราชการ"))]
    assert any("ได้แก่" in p for p in prose)
    for p in prose:
        assert ":" not in p and "," not in p, p


def test_font_and_letter_email_come_from_the_site_settings(finance):
    from wagtail.models import Site

    from doc_templates.generate import generate, site_document_settings
    from doc_templates.models import Memo, OrganisationDocumentSettings

    settings = OrganisationDocumentSettings.for_site(Site.objects.get(is_default_site=True))
    settings.font_name, settings.email = "TH SarabunPSK", "saraban2569@example.go.th"
    settings.save()
    assert site_document_settings().font_name == "TH SarabunPSK"
    letter = Memo(kind=Memo.LETTER, organisation=finance.organisation, ref_no="กค 2/2569", subject="ทดสอบ",
                  to="เลขาธิการ ก.พ.ร.", body="ข้อความ", date=__import__("datetime").date(2026, 12, 2))
    letter.save()
    letter.save_revision()
    generated = generate(letter, "letter")
    with generated.document.file.open("rb") as fh:
        data = fh.read()
    import io
    import zipfile

    document = docx.Document(io.BytesIO(data))
    assert "ไปรษณีย์อิเล็กทรอนิกส์ saraban2569@example.go.th" in full_text(document)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert 'w:cs="TH SarabunPSK"' in xml and 'w:cs="TH Sarabun New"' not in xml


def test_unit_manual_foreword_is_a_foreword_not_the_pages_one_line_intro(finance):
    """Item 11, seen in the demo's กองคลัง manual: the page intro "รายละเอียดตัวชี้วัดตาม…ของกองคลัง"
    (one line) was printed as the whole คำนำ. A one-line intro gives the standard foreword."""
    from doc_templates.generate import generate

    paras = all_paragraphs(_opened(generate(finance.manual, "manual_booklet")))
    i = paras.index("คำนำ")
    end = next(j for j in range(i + 1, len(paras)) if paras[j] == "กลุ่มพัฒนาระบบบริหาร")
    foreword = paras[i + 1:end]
    assert len(foreword) >= 2 and sum(len(p) for p in foreword) >= 200, foreword
    assert "กองคลัง" in foreword[0]


def test_every_kind_generated_from_the_demo_is_schema_valid(demo, finance):
    """Item 15 for what users get: each kind generated from the demo year (agreement, the
    department's manual by unit, a standard memo, a letter, the SAR and the score memo) has no
    OOXML schema error (openxml-audit), not only the engine's samples."""
    import io
    import tempfile

    from django.core.management import call_command
    from openxml_audit import OpenXmlValidator

    from cms.models import KPIManualPage, Organisation
    from doc_templates.from_pages import standard_memo_fields
    from doc_templates.generate import generate
    from doc_templates.models import Memo
    from reporting.scores import score_report

    memo = Memo(kind=Memo.MEMO, standard="report_reminder", live=False,
                **standard_memo_fields("report_reminder", finance.organisation, 2569))
    memo.save()
    letter = Memo(kind=Memo.LETTER, organisation=finance.organisation, ref_no="กค 4/2569", subject="ทดสอบ",
                  to="เลขาธิการ ก.พ.ร.", body="ย่อหน้าแรก\n- รายการ\nจึงเรียนมาเพื่อโปรดทราบ", date=__import__("datetime").date(2026, 12, 2))
    letter.save()
    call_command("load_demo_rounds", verbosity=0, stdout=io.StringIO())  # rolled back with the test
    score_report(demo.report("กค."))
    jobs = [(finance.agreement, "agreement_booklet", {}),
            (KPIManualPage.objects.child_of(demo.folder("department")).get(), "manual_booklet", {}),
            (memo, "memo", {}), (letter, "letter", {}), (demo.report("กค."), "sar_report", {}),
            (demo.round(6), "score_announcement", {"build_kwargs": {"parent": Organisation.find("พสบ./สสบ.")}})]
    validator = OpenXmlValidator()
    problems = {}
    with tempfile.TemporaryDirectory() as tmp:
        for source, kind, kwargs in jobs:
            path = f"{tmp}/{kind}.docx"
            with generate(source, kind, **kwargs).document.file.open("rb") as fh, open(path, "wb") as out:
                out.write(fh.read())
            result = validator.validate(path)
            if result.error_count:
                problems[kind] = [e.description for e in result.errors][:5]
    assert problems == {}
