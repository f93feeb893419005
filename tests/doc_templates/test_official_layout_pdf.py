"""Issue 13, layout (items 10-13): the PDF LibreOffice makes of each kind.

All kinds are converted in ONE soffice run per session (the machine has two
shared cores); each test reads pages with pdftotext and positions with pypdfium2."""
from __future__ import annotations

import re
import subprocess

import pytest

from doc_templates import contexts as c
from doc_templates import samples
from doc_templates.engine import DocumentSettings, finish, render_docx
from doc_templates.pdf import convert_many_to_pdf

pytestmark = [pytest.mark.filterwarnings("ignore"), pytest.mark.slow]

LONG_BODY = [f"ย่อหน้าที่ {n} ของบันทึกที่ยาวหลายหน้า เพื่อทดสอบการขึ้นหน้าใหม่ของหนังสือราชการ "
             "ซึ่งต้องมีเลขหน้าตั้งแต่หน้าที่สองเป็นต้นไป และลายมือชื่อต้องไม่อยู่โดดเดี่ยว" * 2 for n in range(1, 31)]


LETTER_PARAGRAPH = ("ด้วยสำนักงานได้จัดทำคำรับรองการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. 2569 ติดต่อ kpi2570@opdc.go.th "
                    "หรือ https://www.opdc.go.th/kpi ตามมาตรฐาน ISO 9001:2015 จำนวน 10000 ราย ร้อยละ 91 ของหน่วยงาน"
                    "ทั้งหมด โดยให้ส่งเอกสารภายในวันที่ 15 ธันวาคม 2569")


def _score_rows(n):
    from decimal import Decimal

    return [c.ScoreRow(unit=f"ศูนย์บริการประชาชนเขต {i} (จังหวัดตัวอย่างที่ {i})", score=Decimal("4.5") - Decimal(i) / 100,
                       rank=i) for i in range(1, n + 1)]


def _contexts():
    return {
        # four paragraphs: the old template put the owner's contact lines alone on page 2
        "letter_contact": ("letter", samples.letter(body=[LETTER_PARAGRAPH] * 4 + ["จึงเรียนมาเพื่อโปรดพิจารณา"])),
        # a score table over two pages (the page breaks inside the table; its header repeats)
        "score_long": ("score_announcement", samples.score_announcement(rows=_score_rows(40))),
        # a score table over three pages or more: pages filled by rows of a table begun earlier
        "score_longer": ("score_announcement", samples.score_announcement(rows=_score_rows(100))),
        "memo": ("memo", samples.memo()),
        "memo_long": ("memo", samples.memo(body=LONG_BODY)),
        "letter": ("letter", samples.letter()),
        "letter_long": ("letter", samples.letter(body=LONG_BODY)),
        "agreement_booklet": ("agreement_booklet", samples.agreement(n_kpis=12)),
        # the agreement's text ends near a page's foot: the signatures must not be cut from it
        "agreement_signing": ("agreement_booklet", samples.agreement(n_kpis=2, body=[LETTER_PARAGRAPH] * 3)),
        "manual_booklet": ("manual_booklet", samples.manual(units=[
            c.ManualUnit(name="กองคลัง", kpis=samples.kpis(3)), c.ManualUnit(name="กองแผนงาน", kpis=samples.kpis(3))],
            kpis=[], foreword=[])),
        "sar_report": ("sar_report", samples.sar()),
    }


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory):
    import shutil

    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    from doc_templates.continuation import cues_from_layout
    from doc_templates.engine import CORRESPONDENCE
    from doc_templates.pdf_finish import strip_page_numbers

    out = tmp_path_factory.mktemp("layout")
    kinds = {name: kind for name, (kind, _) in _contexts().items()}
    data = {name: render_docx(kind, ctx, DocumentSettings(), out / f"{name}.docx").read_bytes()
            for name, (kind, ctx) in _contexts().items()}
    # one soffice run for every kind; correspondence gets its cues from that layout (as
    # generate() does through with_continuation_cues) and is laid out once more
    first = dict(zip(data, convert_many_to_pdf([strip_page_numbers(b) for b in data.values()])))
    letters = [name for name in data if kinds[name] in CORRESPONDENCE]
    for name in letters:
        data[name] = cues_from_layout(data[name], first[name])
        (out / f"{name}.docx").write_bytes(data[name])  # the .docx generate() stores
    first.update(zip(letters, convert_many_to_pdf([strip_page_numbers(data[n]) for n in letters])))
    result = {}
    for name, pdf in first.items():
        target = out / f"{name}.pdf"
        target.write_bytes(finish(kinds[name], pdf))  # as generate() stores it
        result[name] = target
    return result


def pages_text(pdf) -> list[str]:
    import pypdfium2 as pdfium

    n = len(pdfium.PdfDocument(str(pdf)))
    return [subprocess.run(["pdftotext", "-layout", "-f", str(i), "-l", str(i), str(pdf), "-"],
                           capture_output=True, text=True).stdout for i in range(1, n + 1)]


# --- item 10 -----------------------------------------------------------------------------
def test_sar_signature_block_has_line_and_date_and_is_not_alone(pdfs):
    pages = pages_text(pdfs["sar_report"])
    last = pages[-1]
    assert "(ลงชื่อ)" in last and "ผู้รายงาน" in last and "วันที่" in last
    assert "คะแนนประเมินตนเอง" in last  # the last KPI's scores share the signature's page


def test_long_memo_is_numbered_from_page_two(pdfs):
    pages = pages_text(pdfs["memo_long"])
    assert len(pages) >= 2
    assert not re.search(r"-\s*[1๑]\s*-", pages[0])
    assert re.search(r"-\s*๒\s*-", pages[1])  # Thai digits in the PDF too (item 9)
    assert not re.search(r"-\s*2\s*-", pages[1])


def _norm(text: str) -> str:
    from pythainlp.util import normalize

    return normalize(re.sub(r"\s+", "", re.sub(r"\s+(?=[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])", "", text)))


@pytest.mark.parametrize("name", ["memo_long", "letter_long", "score_long", "score_longer"])
def test_the_docx_carries_a_continuation_cue_for_every_page_but_the_last(pdfs, name):
    """Item 10 in Word: the cue is in the .docx (a frame at the page's bottom right, below
    the text area), one per page break, not drawn onto the PDF only."""
    import docx

    pages = pages_text(pdfs[name])
    assert len(pages) >= (2 if name == "score_long" else 3)
    document = docx.Document(str(pdfs[name].with_suffix(".docx")))
    section = document.sections[0]
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    frames = [p for p in document.element.body.iter(W + "p") if p.find(f"{W}pPr/{W}framePr") is not None]
    assert len(frames) == len(pages) - 1
    for p in frames:
        frame = p.find(f"{W}pPr/{W}framePr")
        assert frame.get(W + "vAnchor") == "page" and frame.get(W + "xAlign") == "right"
        assert int(frame.get(W + "y")) >= section.page_height.twips - section.bottom_margin.twips
        assert p.find(f"{W}pPr/{W}jc").get(W + "val") == "right"
        assert "".join(t.text for t in p.iter(W + "t")).endswith("...")


@pytest.mark.parametrize("name", ["memo_long", "letter_long", "score_long", "score_longer"])
def test_pages_end_with_the_next_pages_first_word(pdfs, name):
    """Item 10, read back: LibreOffice's PDF of the stored .docx (pdftotext per page):
    every page but the last ends, bottom right under the text, with the next page's
    first word and "..."; the last page has none."""
    import pypdfium2 as pdfium

    from doc_templates.continuation import header_texts

    pages = pages_text(pdfs[name])
    headers = header_texts(pdfs[name].with_suffix(".docx").read_bytes())
    document = pdfium.PdfDocument(str(pdfs[name]))
    for index in range(len(pages) - 1):
        lines = [ln for ln in pages[index].splitlines() if ln.strip()]
        cue = lines[-1].strip()
        assert cue.endswith("...") and len(lines[-1]) - len(lines[-1].lstrip()) > 60, lines[-1]  # right side
        word = _norm(cue[:-3])
        following = [ln for ln in pages[index + 1].splitlines() if ln.strip() and not re.match(r"^\s*-\s*\S+\s*-\s*$", ln)
                     and _norm(ln) not in headers]  # a table's repeated header is not the next page's first word
        assert len(word) >= 2 and _norm(following[0]).startswith(word), (cue, following[0])
        foot = document[index].get_textpage().get_text_bounded(top=2 / 2.54 * 72, bottom=0)
        assert _norm(foot).endswith(word + "...")  # in the bottom margin
    assert "..." not in "".join(ln for ln in pages[-1].splitlines()[-3:])


@pytest.mark.parametrize("name", ["memo_long", "letter_long", "score_longer"])
def test_every_page_from_the_second_has_its_number(pdfs, name):
    """Items 9-10 over three pages or more: "- n -" in Thai digits at the top of every page
    from page 2 (pdftotext per page), none on page 1."""
    pages = pages_text(pdfs[name])
    assert len(pages) >= 3
    assert not re.search(r"-\s*[1๑]\s*-", pages[0])
    for n, text in enumerate(pages[1:], 2):
        head = [ln.strip() for ln in text.splitlines() if ln.strip()][0]
        assert re.fullmatch(rf"-\s*{str(n).translate(str.maketrans('0123456789', '๐๑๒๓๔๕๖๗๘๙'))}\s*-", head), (n, head)


def test_a_table_cut_for_its_cues_keeps_every_row_once_and_its_header_on_each_part(pdfs):
    """The score table of score_longer is cut at each page break for its cue: every unit's row
    is still there once and in order, each part starts with the header row (marked to repeat)."""
    import docx

    from tests.helpers.docx_read import table_rows

    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    document = docx.Document(str(pdfs["score_longer"].with_suffix(".docx")))
    tables = document.tables
    assert len(tables) >= 2  # the table runs over three pages: cut once at least
    header = table_rows(tables[0])[0]
    units = []
    for t in tables:
        rows = table_rows(t)
        assert rows[0] == header and t._tbl.find(f"{W}tr/{W}trPr/{W}tblHeader") is not None
        units += [r[1] for r in rows[1:]]
    assert units == [row.unit.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")) for row in _score_rows(100)]


def test_signature_never_alone_with_one_body_line(pdfs):
    pages = pages_text(pdfs["memo_long"])
    last = [line for line in pages[-1].splitlines() if line.strip()]
    signer = next(i for i, line in enumerate(last) if "ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร" in line)
    assert signer >= 2  # body text above the signature on its page


@pytest.mark.parametrize("name", ["letter_contact", "letter_long"])
def test_letter_contact_lines_stay_with_the_signature_and_body(pdfs, name):
    """Item 10: the owner's contact lines (ส่วนราชการเจ้าของเรื่อง, โทร., โทรสาร, e-mail) are
    never alone on a letter's last page: the closing, the signer and body text are there too."""
    pages = pages_text(pdfs[name])
    assert len(pages) >= 2
    last = pages[-1]
    # the body's last two blocks come along ("ธันวาคม" ends the paragraph before the closing)
    body = ("ธันวาคม", "จึงเรียนมาเพื่อโปรดพิจารณา") if name == "letter_contact" else ("ย่อหน้าที่ ๓๐",)
    for text in (*body, "ขอแสดงความนับถือ",
                 "อธิบดีกรมตัวอย่าง", "กลุ่มพัฒนาระบบบริหาร", "โทรสาร", "ไปรษณีย์อิเล็กทรอนิกส์"):
        assert text in last, (text, last)


def test_sar_signature_page_holds_the_last_kpis_closing_sections(pdfs):
    """Item 10: the SAR's signature page carries the last KPI's last sections with its
    score line (not the score line alone, cut off from its KPI)."""
    last = pages_text(pdfs["sar_report"])[-1]
    for text in ("แนวทางแก้ไข/พัฒนา", "เอกสาร/หลักฐานอ้างอิง", "คะแนนประเมินตนเอง", "(ลงชื่อ)", "ผู้รายงาน"):
        assert text in last, text


def test_the_one_page_estimate_never_skips_a_longer_document(pdfs):
    """The cue pass is skipped when continuation.clearly_one_page: it must never say so of a
    document LibreOffice lays out on two pages or more, and says it of the short memo."""
    from doc_templates.continuation import clearly_one_page

    verdicts = {}
    for name in ("memo", "letter", "memo_long", "letter_long", "letter_contact", "score_long"):
        verdicts[name] = clearly_one_page(pdfs[name].with_suffix(".docx").read_bytes())
        if verdicts[name]:
            assert len(pages_text(pdfs[name])) == 1, name
    assert verdicts["memo"] is True
    assert not any(verdicts[n] for n in ("memo_long", "letter_long", "letter_contact", "score_long"))


def test_cue_bearing_correspondence_is_schema_valid(pdfs):
    """Item 15 for the stored files: the .docx generate() keeps (cue frames written in)
    has no OOXML schema error (openxml-audit)."""
    from openxml_audit import OpenXmlValidator

    validator = OpenXmlValidator()
    problems = {}
    for name in ("memo_long", "letter_long", "score_long", "score_longer", "letter_contact"):
        result = validator.validate(str(pdfs[name].with_suffix(".docx")))
        if result.error_count:
            problems[name] = [e.description for e in result.errors]
    assert problems == {}


# --- item 11 ----------------------------------------------------------------------------
def test_booklet_cover_unnumbered_and_contents_have_page_numbers(pdfs):
    pages = pages_text(pdfs["manual_booklet"])
    assert not re.search(r"-\s*[1๑]\s*-", pages[0])
    contents = next(p for p in pages if "สารบัญ" in p)
    lines = [line for line in contents.splitlines() if "ัดที่" in line]
    assert lines and all(line.rstrip()[-1].isdigit() for line in lines)
    assert "กองคลัง" in contents and "กองแผนงาน" in contents


def test_contents_page_numbers_are_thai_and_point_at_the_headings(pdfs, tmp_path):
    from doc_templates.engine import thai_contents
    from doc_templates.pdf_finish import strip_page_numbers

    docx_bytes = strip_page_numbers(pdfs["manual_booklet"].with_suffix(".docx").read_bytes())
    pdf = thai_contents(docx_bytes, pdfs["manual_booklet"].read_bytes())
    path = tmp_path / "thai.pdf"
    path.write_bytes(pdf)
    pages = pages_text(path)
    contents = next(p for p in pages if "สารบัญ" in p)
    lines = [line.rstrip() for line in contents.splitlines() if "ัดที่" in line]
    assert lines and all(line[-1] in "๐๑๒๓๔๕๖๗๘๙" for line in lines)
    # the first KPI of กองแผนงาน is on the page its contents line names
    unit_line = next(line for line in contents.splitlines() if "กองแผนงาน" in line)
    page = int(unit_line.split()[-1].translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")))
    assert "กองแผนงาน" in pages[page - 1]


def test_manual_kpi_part_title_is_not_alone_on_its_page(pdfs):
    """Item 11, seen in the demo department's manual: "รายละเอียดตัวชี้วัด (KPI Template)" stood
    alone on a page (the first unit's heading broke the page). The first unit follows it."""
    page = next(p for p in pages_text(pdfs["manual_booklet"]) if "(KPI Template)" in p)
    assert "กองคลัง" in page and "ัดที่ ๑" in page and "มิติ" in page  # (pdftotext splits "ตัวชี้วัด")


def test_agreement_signatures_stay_together_with_text_above(pdfs):
    """Item 10 for the agreement (seen in the demo's กองคลัง agreement: the witness alone on a
    page): every signature block is on one page, with the agreement's text above them."""
    pages = pages_text(pdfs["agreement_signing"])
    page = next(p for p in pages if "พยาน" in p)
    assert page.count("(ลงชื่อ)") == 3 and "ผู้รับคำรับรอง" in page and "ผู้ทำคำรับรอง" in page
    above = page[: page.index("(ลงชื่อ)")]
    assert len([ln for ln in above.splitlines() if ln.strip() and not re.match(r"^\s*-\s*\S+\s*-\s*$", ln)]) >= 2


# --- item 12 ----------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["memo", "letter"])
def test_garuda_top_is_1_5_cm_from_the_edge(pdfs, name):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    page = pdfium.PdfDocument(str(pdfs[name]))[0]
    height = page.get_height()
    images = [obj for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE])]
    assert images
    top = max(obj.get_bounds()[3] for obj in images)
    top_cm = (height - top) / 72 * 2.54
    assert abs(top_cm - 1.5) < 0.2


# --- item 13 ----------------------------------------------------------------------------
def test_email_not_broken_inside_the_address(pdfs):
    pages = pages_text(pdfs["agreement_booklet"])
    text = "\n".join(pages)
    assert "wichai.k@example.go.th" in text and "somjai.r@example.go.th" in text


@pytest.mark.parametrize("name, top_cm", [("memo", 1.5), ("memo_long", 1.5), ("letter", 2.5)])
def test_memo_top_margin_is_1_5_cm_in_the_docx_and_the_pdf(pdfs, name, top_cm):
    """Item 12: a memo's page starts 1.5 cm below the paper's edge (the Garuda's top and
    "บันทึกข้อความ" sit there), a letter keeps 2.5 cm under its large Garuda. Read in the
    section properties and in the PDF (top of page 1's first text line)."""
    import docx
    import pypdfium2 as pdfium

    section = docx.Document(str(pdfs[name].with_suffix(".docx"))).sections[0]
    assert abs(section.top_margin.cm - top_cm) < 0.01
    if name == "letter":
        return
    page = pdfium.PdfDocument(str(pdfs[name]))[0]
    text = page.get_textpage()
    boxes = [text.get_charbox(i) for i in range(text.count_chars()) if text.get_text_range(i, 1).strip()]
    first_top_cm = (page.get_height() - max(box[3] for box in boxes)) / 72 * 2.54
    assert 1.4 < first_top_cm < 2.0, first_top_cm  # at the 2.5 cm margin it was below 2.5
    # from page 2 the text starts below the page number, not over it
    second = pdfium.PdfDocument(str(pdfs["memo_long"]))[1].get_textpage()
    chars = [(second.get_text_range(i, 1), second.get_charbox(i)) for i in range(second.count_chars())]
    height = pdfium.PdfDocument(str(pdfs["memo_long"]))[1].get_height()
    number_bottom = min(box[1] for ch, box in chars if ch == "๒" and box[1] > height - 72)  # top inch
    body_top = max(box[3] for ch, box in chars if "\u0e01" <= ch <= "\u0e2e")  # Thai consonants
    assert body_top < number_bottom


@pytest.mark.parametrize("name", ["agreement_booklet", "manual_booklet"])
def test_kpi_pages_are_filled_and_headings_stay_with_their_table(pdfs, name):
    """Item 13: KPI templates follow one another, so no KPI leaves its last page nearly
    empty (each page of the KPI part but the last holds at least 60 % of a full page's
    lines); a KPI heading is never the last thing on a page and shares its page with the
    first row of its table (มิติ)."""
    pages = pages_text(pdfs[name])
    start = next(i for i, p in enumerate(pages) if "(KPI Template)" in p)
    part = [[ln for ln in p.splitlines() if ln.strip() and not re.match(r"^\s*-\s*\S+\s*-\s*$", ln)]
            for p in pages[start + 1:]]
    full = max(len(lines) for lines in part)
    # (in the manual a unit starts a page: here each unit's last page is still > 60 % full)
    short = [(i + start + 2, len(lines)) for i, lines in enumerate(part[:-1]) if len(lines) < 0.6 * full]
    assert not short, (short, full)
    for lines in part:
        assert not re.match(r"^\s*ตัวชี้วัดที่ \S+", lines[-1]), lines[-1]
        for at, line in enumerate(lines):
            if re.match(r"^\s*ตัวชี้วัดที่ [\d๐-๙.]+ ", line) and "ประกอบด้วย" not in "".join(lines[at + 1:at + 3]):
                assert any("มิติ" in ln for ln in lines[at + 1:at + 4]), line
