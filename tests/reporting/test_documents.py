"""The documents that close a round: the SAR of a unit report and the score announcement
memo of a round, generated through doc_templates.generate and stored as Wagtail documents."""
import io
import shutil
import subprocess
from decimal import Decimal as D

import docx
import pytest
from django.core.management import call_command
from django.urls import reverse

from doc_templates.errors import DocumentError
from doc_templates.generate import generate
from doc_templates.models import GeneratedDocument
from doc_templates.thai_format import to_arabic_digits
from cms.models import Organisation
from reporting.agency import sibling_table
from reporting.scores import compute, score_report, set_reviewer_score

from tests.helpers.docx_read import full_text, table_rows

pytestmark = pytest.mark.slow  # run early (a long file): tests/conftest.py puts slow files first

# the documents' bytes (backend_neutral): not run again on PostgreSQL
BYTES = pytest.mark.backend_neutral


def _docx(generated):
    with generated.document.file.open("rb") as fh:
        return docx.Document(io.BytesIO(fh.read()))


def _table_starting(document, first_cells):
    for table in document.tables:
        rows = table_rows(table)
        if rows and rows[0][: len(first_cells)] == first_cells:
            return [[to_arabic_digits(cell) for cell in r] for r in rows]
    raise AssertionError(f"no table starting with {first_cells}")


def _url(obj):
    return reverse("doc_templates_generate", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


def _summary(document):
    return _table_starting(document, ["ที่", "ตัวชี้วัด", "น้ำหนัก"])


@BYTES
def test_sar_has_a_section_per_kpi_and_the_unit_score(demo):
    report = demo.report("สบป.")
    score_report(report)
    report.refresh_from_db()
    generated = generate(report, "sar_report")
    assert generated.kind == "sar_report"
    assert generated.source == report
    assert generated.source_revision == report.latest_revision
    document = _docx(generated)
    text = to_arabic_digits(full_text(document))
    assert "รอบ 6 เดือน ประจำปีงบประมาณ พ.ศ. 2569" in text and "สำนักบริการประชาชน" in text
    # Thai digits by default (codes stay Arabic)
    assert "๓.๙๑๕๐" in full_text(document)
    summary = _summary(document)
    lines = report.lines_in_order()
    assert [row[0] for row in summary[1:-1]] == [line.kpi.code for line in lines] == ["1", "1.1", "1.2", "2", "3", "4"]
    by_code = {row[0]: row for row in summary[1:-1]}
    # columns: code, name, weight, target, result, self, reviewer, weighted (a parent: target+result merged)
    assert by_code["1.1"][4] == "10 วัน" and by_code["1.2"][4] == "ร้อยละ 92" and by_code["4"][4] == "ระดับ 5"
    assert by_code["1"][3] == "พิจารณาจากตัวชี้วัดย่อย"
    assert by_code["1.1"][-3] == "3.5000" and by_code["1"][-3] == "3.4500"  # parent = average of its sub-KPIs
    assert all(row[-2] == "-" for row in summary[1:-1])  # not reviewed yet
    # the weighted total is reporting.scores' unit score, not the sum of every row
    assert summary[-1][1] == "คะแนนถ่วงน้ำหนักรวม"
    assert summary[-1][-3] == f"{report.self_score:.4f}" == "3.9150"
    for line in lines:
        heading = f"ตัวชี้วัดที่ {line.kpi.code} {line.kpi.title}"
        assert heading in text
        section = text.split(heading, 1)[1]
        assert f"คะแนนประเมินตนเอง {by_code[line.kpi.code][-3]}" in section.split("ตัวชี้วัดที่ ", 1)[0]
        assert "คะแนนผู้ตรวจประเมิน -" in section.split("ตัวชี้วัดที่ ", 1)[0]
    assert "ผลการดำเนินงาน (ค่าที่วัดได้) ร้อยละ 92" in text
    assert "ปัจจัยสนับสนุนต่อการดำเนินงาน\nผู้บริหารให้ความสำคัญ" in text


@BYTES
def test_sar_reviewer_scores_and_total(demo):
    report = demo.report("กค.")
    reviewer = demo.user("reviewer")
    given = {"1": D("4"), "2": D("3.5"), "3": D("2"), "4": D("3")}
    for line in report.lines.select_related("kpi"):
        set_reviewer_score(line, given[line.kpi.code], "ตรวจสอบหลักฐานแล้ว", reviewer)
    report.refresh_from_db()
    assert report.reviewed_score == D("3.5000")  # (4×60 + 3.5×10 + 2×15 + 3×15) / 100
    document = _docx(generate(report, "sar_report"))
    summary = _summary(document)
    assert [(row[0], row[-3], row[-2]) for row in summary[1:-1]] == [
        ("1", "3.5000", "4.0000"), ("2", "3.5000", "3.5000"), ("3", "2.5000", "2.0000"), ("4", "3.0000", "3.0000")]
    assert (summary[-1][-3], summary[-1][-2]) == (f"{report.self_score:.4f}", f"{report.reviewed_score:.4f}")
    assert "คะแนนผู้ตรวจประเมิน 4.0000" in to_arabic_digits(full_text(document))


@BYTES
def test_sar_twelve_month_total_follows_the_missing_rule(demo):
    """Round 12 counts a KPI without a result as 0: the total is the scoring engine's, not
    an average of the scored rows."""
    from reporting.scores import start_report

    report = start_report(demo.round(12), demo.unit("กค."))
    line = report.lines.get(kpi__code="1")
    line.result_value = D("92.5")
    line.save()
    score_report(report)
    report.refresh_from_db()
    expected = compute(report).self_unit.score
    assert expected == report.self_score == D("2.1000")  # 3.5 × 60 / 100, the others 0
    summary = _summary(_docx(generate(report, "sar_report")))
    assert summary[-1][-3] == "2.1000"


@BYTES
def test_score_announcement_table_is_the_dashboard(demo, client):
    for abbr in ("กค.", "สบป."):
        score_report(demo.report(abbr))
    round_ = demo.round(6)
    department = Organisation.find("พสบ./สสบ.")
    generated = generate(round_, "score_announcement", user=demo.user("reviewer"), build_kwargs={"parent": department})
    assert generated.source_revision is None
    document = _docx(generated)
    table = _table_starting(document, ["ที่", "หน่วยงาน", "คะแนน", "อันดับ"])
    client.force_login(demo.user("reviewer"))
    dashboard = client.get(reverse("reporting_round", args=[round_.pk])).context["tables"][0]["rows"]
    ranked = [r for r in dashboard if r.score is not None]
    assert table[1:] == [
        [str(i), r.organisation.name_th, f"{r.score:.4f}", str(r.rank)] for i, r in enumerate(ranked, 1)
    ]
    assert [row[1] for row in table[1:]] == ["สำนักบริการประชาชน", "กองคลัง"]
    text = " ".join(to_arabic_digits(full_text(document)).split())
    assert "เรียน ผู้อำนวยการสำนัก/กอง/ศูนย์ ทุกหน่วยงาน" in text
    assert "แจ้งผลการประเมินผลการปฏิบัติราชการของหน่วยงานภายใน ประจำปีงบประมาณ พ.ศ. 2569 รอบ 6 เดือน" in text
    assert "ตามที่คณะกรรมการได้ประเมินผลการปฏิบัติราชการ" in text
    from doc_templates.thai_format import thai_date

    assert "ยื่นอุทธรณ์" in text and thai_date(round_.appeal_deadline, thai_digits=False) in text
    assert "กลุ่มพัฒนาระบบบริหาร" in text
    assert "หน่วยงานที่ยังไม่มีผลคะแนนในรอบนี้" in text
    assert len(table) - 1 == len([r for r in sibling_table(round_, department) if r.score is not None])


def test_score_announcement_without_scores_is_refused_in_thai(demo):
    with pytest.raises(DocumentError, match="ตารางคะแนน"):
        generate(demo.round(9), "score_announcement")
    assert not GeneratedDocument.for_source(demo.round(9)).exists()


def test_regeneration_keeps_the_old_version(demo):
    report = demo.report("กค.")
    first = generate(report, "sar_report")
    first_revision = report.latest_revision
    line = report.lines.get(kpi__code="2")
    set_reviewer_score(line, D("4"), "ทบทวนแล้ว", demo.user("reviewer"))
    report.save_revision(clean=False)
    report.refresh_from_db()
    second = generate(report, "sar_report")
    assert second.document_id != first.document_id
    assert (first.source_revision, second.source_revision) == (first_revision, report.latest_revision)
    assert first.source_revision != second.source_revision
    assert list(GeneratedDocument.for_source(report)) == [second, first]
    assert "4.0000" in to_arabic_digits(full_text(_docx(second)))
    assert "4.0000" not in to_arabic_digits(full_text(_docx(first)))
    first.document.refresh_from_db()
    assert first.document.file.storage.exists(first.document.file.name)


def test_admin_buttons_and_permissions(demo, client):
    finance_report, service_report = demo.report("กค."), demo.report("สบป.")
    round_ = demo.round(6)
    client.force_login(demo.user("staff_finance"))
    # own unit: the edit view and the listing offer the button, and the POST stores the SAR
    edit = client.get(reverse("wagtailsnippets_reporting_unitreport:edit", args=[finance_report.pk]))
    assert edit.status_code == 200 and _url(finance_report) in edit.content.decode()
    listing = client.get(reverse("wagtailsnippets_reporting_unitreport:list"))
    assert _url(finance_report) in listing.content.decode()
    assert client.get(_url(finance_report)).status_code == 200
    response = client.post(_url(finance_report), {"kind": "sar_report"})
    assert response.status_code == 302
    assert GeneratedDocument.for_source(finance_report).get().kind == "sar_report"
    listed = client.get(response["Location"])
    assert listed.status_code == 200 and "รายงานการประเมินผลตนเอง" in listed.content.decode()
    # another unit's report and the round: 403, nothing stored
    assert client.get(_url(service_report)).status_code == 403
    assert client.post(_url(service_report), {"kind": "sar_report"}).status_code == 403
    assert client.post(_url(round_), {"kind": "score_announcement"}).status_code == 403
    assert not GeneratedDocument.for_source(service_report).exists()
    assert not GeneratedDocument.for_source(round_).exists()
    # a kind the source cannot give is refused
    client.post(_url(finance_report), {"kind": "score_announcement"})
    assert GeneratedDocument.for_source(finance_report).count() == 1
    # the round: reviewers, executives and editors; the dashboard links to it
    for username in ("reviewer", "executive", "editor"):
        client.force_login(demo.user(username))
        assert client.get(_url(round_)).status_code == 200
    client.force_login(demo.user("reviewer"))
    dashboard = client.get(reverse("reporting_round", args=[round_.pk]))
    assert _url(round_) in dashboard.content.decode()
    card = client.get(reverse("reporting_card", args=[service_report.pk]))
    assert _url(service_report) in card.content.decode()
    announce = reverse("reporting_round_announcement", args=[round_.pk, Organisation.find("พสบ./สสบ.").pk])
    assert announce in dashboard.content.decode()
    assert client.post(announce).status_code == 302
    assert GeneratedDocument.for_source(round_).get().source_revision is None


def test_command_kinds(demo, tmp_path):
    report = demo.report("กค.")
    out = tmp_path / "sar.docx"
    stdout = io.StringIO()
    call_command("generate_document", "sar_report", "--page", str(report.pk), "--out", str(out), stdout=stdout)
    assert out.exists() and "รายงานการประเมินผลตนเอง กค. รอบ 6 เดือน" in stdout.getvalue()
    out = tmp_path / "score.docx"
    call_command("generate_document", "score_announcement", "--page", str(demo.round(6).pk), "--out", str(out),
                 "--organisation", "พสบ./สสบ.", stdout=io.StringIO())
    assert "กองคลัง" in full_text(docx.Document(str(out)))
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="ไม่พบรอบการรายงานเลขที่ 999999"):
        call_command("generate_document", "score_announcement", "--page", "999999", "--out", str(out))


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")), reason="LibreOffice ไม่ได้ติดตั้ง")
@BYTES
def test_pdfs_have_thai_text(demo, tmp_path):
    report = demo.report("สบป.")
    for source, kind, words in (
        (report, "sar_report", "รายงานการประเมินผลการปฏิบัติราชการตนเอง"),
        (demo.round(6), "score_announcement", "บันทึกข้อความ"),
    ):
        extra = {"build_kwargs": {"parent": report.organisation.parent}} if kind == "score_announcement" else {}
        generated = generate(source, kind, pdf=True, **extra)
        assert generated.pdf is not None
        path = tmp_path / f"{kind}.pdf"
        with generated.pdf.file.open("rb") as fh:
            path.write_bytes(fh.read())
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
        squeezed = "".join(text.split())
        assert words in squeezed and "สำนักบริการประชาชน" in squeezed


@pytest.mark.parametrize("steps_done, level", [
    ([1, 1, 1, 2, 0], 4),  # every step of levels 1-4 (two at level 4): five steps in a row, level 4
    (["1.1", "2.1", "3.1", "4.1", "5.1"], 3),  # level 4's second step missing: level 3, whatever follows
])
def test_sar_prints_the_level_reached_when_a_level_has_several_steps(demo, steps_done, level):
    """Issue 13: "ระดับ n" is the highest level whose steps (and those below) are all done,
    not the count of consecutive steps."""
    from reporting.scores import start_report

    from tests.helpers.reporting import milestone_kpi, publish_steps

    report = start_report(demo.open_round(9), demo.unit("กค."))
    line, kpi = milestone_kpi(report)
    publish_steps(kpi, {4: ["จัดทำแผนพัฒนาองค์การ", "เสนอแผนต่อผู้บริหาร"]})
    line.steps_done = steps_done
    line.save()
    score_report(report)
    document = _docx(generate(report, "sar_report"))
    summary = {row[0]: row for row in _summary(document)[1:-1]}
    assert summary[kpi.code][4] == f"ระดับ {level}"
    assert summary[kpi.code][5].startswith(f"{level}.")  # the engine's score (partial credit on)
    text = to_arabic_digits(full_text(document))
    assert f"ระดับความสำเร็จที่บรรลุ ระดับ {level} (ดำเนินการครบทุกขั้นตอนของระดับ 1-{level})" in text
    assert "ระดับ 4 ขั้นตอนที่ 2: เสนอแผนต่อผู้บริหาร" in text
