"""Extraction of each evidence format, and the file then found by words of its body."""
import pytest

from evidence_search.backends import IndexedPassage, SearchQuery
from evidence_search.extraction import UploadRejected, extract_text, quality, validate_upload

from tests.helpers import search_files as fx

# what is checked is the text taken out of files: the PostgreSQL run leaves it out (backend_neutral)
pytestmark = [pytest.mark.backend_neutral, pytest.mark.slow]  # run early (a long file): tests/conftest.py puts slow files first

MB = 1 << 20


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("evidence")
    return {
        "text.pdf": fx.text_pdf(tmp / "text.pdf", fx.PDF_TEXT),
        "scan.pdf": fx.scanned_pdf(tmp / "scan.pdf"),
        "photo.png": fx.photo_png(tmp / "photo.png"),
        "table.docx": fx.docx_with_table(tmp / "table.docx"),
        "sheet.xlsx": fx.xlsx_file(tmp / "sheet.xlsx"),
        "slides.pptx": fx.pptx_file(tmp / "slides.pptx"),
        "decomposed.pdf": fx.text_pdf(tmp / "decomposed.pdf", fx.DECOMPOSED_TEXT),
        "junk-layer.pdf": fx.junk_layer_pdf(tmp / "junk-layer.pdf"),
        "tis620.txt": fx.tis620_text(tmp / "tis620.txt", "บันทึกการประชุมคณะทำงาน ครั้งที่ ๒"),
        "utf8.txt": fx.bytes_file(tmp / "utf8.txt", "แผนปฏิบัติราชการ ปี 2569".encode()),
    }


def extract(files, name):
    with open(files[name], "rb") as f:
        detected = validate_upload(name, f, 50 * MB)
    return detected, extract_text(files[name], detected)


def index_file(backend, name, pages):
    backend.index([IndexedPassage(passage_id=f"{name}#{p.number}", document_id=name, title=name,
                                  body=p.text, filename=name) for p in pages])


def found(backend, text):
    return [h.document_id for h in backend.search(SearchQuery(text)).hits]


@pytest.mark.parametrize("name,kind,method", [
    ("text.pdf", "pdf", "text"), ("scan.pdf", "pdf", "ocr"), ("photo.png", "png", "ocr"),
    ("table.docx", "docx", "text"), ("sheet.xlsx", "xlsx", "text"), ("slides.pptx", "pptx", "text"),
    ("decomposed.pdf", "pdf", "repaired"), ("junk-layer.pdf", "pdf", "ocr"),
    ("tis620.txt", "text", "text"), ("utf8.txt", "text", "text"),
])
def test_type_detected_and_method_reported(files, name, kind, method):
    detected, pages = extract(files, name)
    assert detected.kind == kind
    assert pages and pages[0].method == method and pages[0].number == 1


# (file, queries that must find it): words of the body, part of a compound, a Thai-digit
# query for Arabic digits and the reverse, two terms.
CASES = {
    "text.pdf": ["คำรับรองการปฏิบัติราชการ", "ปลัดกระทรวง", "2569", "pmqa", "ผู้รับบริการ ร้อยละ", "ราชการ"],
    "scan.pdf": ["บันทึกข้อความ", "บริหารกลาง", "๒๕๖๘", "ส่วนราชการ อนุมัติ"],
    "photo.png": ["หนังสือรับรอง", "กรรมการ", "การประชุม คณะกรรมการ"],
    "table.docx": ["ค่าเป้าหมาย", "ยุทธศาสตร์", "95", "e-SAR", "เบิกจ่าย ร้อยละ"],
    "sheet.xlsx": ["ไตรมาส", "พัฒนาบุคลากร", "๑๒๕๐๐๐๐", "kpi template"],
    "slides.pptx": ["ตรวจประเมิน", "แผนปฏิบัติราชการ", "ผลสัมฤทธิ์ ราชการ"],
    "decomposed.pdf": ["น้ำหนัก", "คำรับรอง", "20", "จัดทำ ตัวชี้วัด"],
    "junk-layer.pdf": ["บันทึกข้อความ", "โครงการ 2568"],
    "tis620.txt": ["คณะทำงาน", "ประชุม", "2"],
    "utf8.txt": ["ปฏิบัติราชการ", "๒๕๖๙"],
}


@pytest.mark.parametrize("name", list(CASES))
def test_extracted_file_is_found_by_its_words(files, embedded, name):
    _, pages = extract(files, name)
    index_file(embedded, name, pages)
    index_file(embedded, "other", [type(pages[0])(1, "เอกสารอื่นที่ไม่เกี่ยวข้อง", "text")])
    for query in CASES[name]:
        assert found(embedded, query) == [name], (query, pages)


def test_docx_table_cells_extracted_in_order(files):
    _, pages = extract(files, "table.docx")
    assert "ตัวชี้วัด\tค่าเป้าหมาย\tผลการดำเนินงาน" in pages[0].text
    assert pages[0].text.index("แบบรายงาน") < pages[0].text.index("ร้อยละการเบิกจ่าย")


def test_decomposed_sara_am_repaired_in_extracted_text(files):
    _, pages = extract(files, "decomposed.pdf")
    assert "น้ำหนัก" in pages[0].text and "\u0e4d" not in pages[0].text


def test_multi_page_pdf_gives_one_page_each(tmp_path):
    path = fx.multi_page_pdf(tmp_path / "m.pdf", [["หน้าแรกของรายงาน"], ["หน้าที่สองของรายงาน"]])
    with open(path, "rb") as f:
        pages = extract_text(path, validate_upload("m.pdf", f, MB))
    assert [(p.number, p.text) for p in pages] == [(1, "หน้าแรกของรายงาน"), (2, "หน้าที่สองของรายงาน")]


def test_libreoffice_pdf_artefacts_repaired(tmp_path):
    path = fx.libreoffice_pdf(tmp_path, ["ผู้กำกับดูแลตัวชี้วัด", "ค่าเป้าหมายร้อยละ ๘๐", "การดำเนินงาน"])
    if path is None:
        pytest.skip("soffice ไม่ได้ติดตั้ง")
    with open(path, "rb") as f:
        pages = extract_text(path, validate_upload("lo.pdf", f, MB))
    text = pages[0].text
    assert "ผู้กำกับดูแลตัวชี้วัด" in text and "ค่าเป้าหมาย" in text and "ดำเนิน" in text


# --- hostile uploads ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def hostile(tmp_path_factory, files):
    tmp = tmp_path_factory.mktemp("hostile")
    return {
        "empty": ("ว่าง.pdf", fx.bytes_file(tmp / "empty", b""), 50 * MB),
        "too_large": ("ใหญ่.pdf", files["text.pdf"], 1000),
        "wrong_extension": ("รายงาน.pdf", files["table.docx"], 50 * MB),
        "wrong_extension_image": ("ภาพ.jpg", files["photo.png"], 50 * MB),
        "corrupt_pdf": ("เสีย.pdf", fx.corrupt_pdf(tmp / "bad.pdf", files["text.pdf"]), 50 * MB),
        "encrypted_pdf": ("ลับ.pdf", fx.encrypted_pdf(tmp / "enc.pdf", files["text.pdf"]), 50 * MB),
        "zip_bomb": ("ระเบิด.docx", fx.zip_bomb_docx(tmp / "bomb.docx"), 50 * MB),
        "zip_bomb_entries": ("ตาราง.xlsx", fx.many_entries_xlsx(tmp / "many.xlsx"), 50 * MB),
        "unknown_type": ("ไฟล์.bin", fx.bytes_file(tmp / "x.bin", bytes(range(256)) * 8), 50 * MB),
        "unknown_zip": ("อื่น.docx", fx.bytes_file(tmp / "z.docx", _plain_zip()), 50 * MB),
    }


def _plain_zip():
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "hello")
    return buf.getvalue()


@pytest.mark.parametrize("case,code,reason", [
    ("empty", "empty", "ไฟล์ว่าง"),
    ("too_large", "too_large", "เกินกำหนด"),
    ("wrong_extension", "wrong_extension", "ไม่ตรงกับเนื้อไฟล์"),
    ("wrong_extension_image", "wrong_extension", "PNG"),
    ("corrupt_pdf", "corrupt_pdf", "เสียหาย"),
    ("encrypted_pdf", "encrypted_pdf", "เข้ารหัส"),
    ("zip_bomb", "zip_bomb", "zip bomb"),
    ("zip_bomb_entries", "zip_bomb", "มากผิดปกติ"),
    ("unknown_type", "unknown_type", "ไม่ทราบชนิดไฟล์"),
    ("unknown_zip", "unknown_type", "ไม่ใช่เอกสาร"),
])
def test_hostile_upload_rejected_with_thai_message(hostile, case, code, reason):
    filename, path, limit = hostile[case]
    with open(path, "rb") as f, pytest.raises(UploadRejected) as exc:
        validate_upload(filename, f, limit)
    assert exc.value.code == code
    assert filename in exc.value.message and reason in exc.value.message


def test_zip_bomb_is_refused_from_the_directory_without_inflating(hostile, monkeypatch):
    import zipfile

    def no_inflate(*args, **kwargs):
        raise AssertionError("a member was opened")

    monkeypatch.setattr(zipfile.ZipFile, "open", no_inflate)
    _, path, limit = hostile["zip_bomb"]
    with open(path, "rb") as f, pytest.raises(UploadRejected):
        validate_upload("ระเบิด.docx", f, limit)


def test_pdf_with_owner_password_only_is_accepted(tmp_path, files):
    from pypdf import PdfReader, PdfWriter

    w = PdfWriter()
    for page in PdfReader(files["text.pdf"]).pages:
        w.add_page(page)
    w.encrypt(user_password="", owner_password="owner")
    path = tmp_path / "limited.pdf"
    with open(path, "wb") as f:
        w.write(f)
    with open(path, "rb") as f:
        assert validate_upload("limited.pdf", f, MB).kind == "pdf"


def test_uppercase_extension_accepted(files):
    with open(files["photo.png"], "rb") as f:
        assert validate_upload("ภาพถ่าย.PNG", f, 50 * MB).kind == "png"


# --- text-layer quality ------------------------------------------------------------------
def test_assess_good_text():
    assert quality.assess("รายงานผลการดำเนินงานตามตัวชี้วัด") == ("text", "รายงานผลการดำเนินงานตามตัวชี้วัด")


def test_assess_repairs_private_use_glyphs_and_split_sara_am():
    method, text = quality.assess("ผ\uf70bูกำกับดูแลตัวชี้วัด ค\u0e4d\u0e32รับรอง")
    assert (method, text) == ("repaired", "ผู้กำกับดูแลตัวชี้วัด คำรับรอง")


def test_assess_repairs_tis620_shown_as_latin1():
    garbled = "รายงานผลการดำเนินงานตามตัวชี้วัด".encode("tis-620").decode("latin-1")
    assert quality.assess(garbled) == ("repaired", "รายงานผลการดำเนินงานตามตัวชี้วัด")


def test_assess_sends_junk_and_empty_pages_to_ocr():
    assert quality.assess("")[0] == "ocr"
    assert quality.assess("   \n  ")[0] == "ocr"
    assert quality.assess("\ufffd\ufffd\ufffd (cid:12)(cid:13)(cid:14)(cid:15) \ufffd\ufffd")[0] == "ocr"
    assert quality.assess("กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ")[0] == "ocr"


def test_assess_keeps_english_pages():
    assert quality.assess("Annual report on the KPI Template, fiscal year 2026")[0] == "text"


# Literal HTML tags in a file's text (a web page pasted into Word, an HTML export saved as
# .txt): known tag names are stripped, any other "<" stays.
TAGGED = ("<p>รายงานผล<b>ตัวชี้วัด</b>ประจำปี</p><p class=\"MsoNormal\">ค่าเป้าหมาย<br>ร้อยละ ๘๐</p>"
          "<table><tr><td>ไตรมาส</td><td>ผล</td></tr></table>"
          "เงื่อนไข: คะแนน < 5 ให้ปรับปรุง และ <ร่าง> ฉบับที่ 2 <ไม่ใช่แท็ก>")


def test_known_html_tags_stripped_from_a_text_file(tmp_path, embedded):
    path = fx.bytes_file(tmp_path / "tagged.txt", TAGGED.encode())
    with open(path, "rb") as f:
        detected = validate_upload("tagged.txt", f, 50 * MB)
    pages = extract_text(path, detected)
    text = "\n".join(p.text for p in pages)
    for tag in ("<p", "</p>", "<b>", "</b>", "<br>", "<table>", "<td>", "<tr>", "MsoNormal"):
        assert tag not in text, (tag, text)
    assert "รายงานผลตัวชี้วัดประจำปี" in text  # an inline tag leaves no gap inside a phrase
    assert "ค่าเป้าหมาย\nร้อยละ ๘๐" in text  # a block tag is a line break
    assert "ไตรมาส\t" in text and "\tผล" in text  # cells apart
    # Thai text with "<" survives: not a known tag name
    assert "คะแนน < 5" in text and "<ร่าง>" in text and "<ไม่ใช่แท็ก>" in text
    index_file(embedded, "tagged.txt", pages)
    assert found(embedded, "ตัวชี้วัดประจำปี") == ["tagged.txt"]
    assert found(embedded, "msonormal") == []


def test_known_html_tags_stripped_from_a_docx(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("<p>ผลการดำเนินงาน<strong>ตามคำรับรอง</strong></p>")
    d.add_paragraph("ค่า <5 ไม่ผ่าน <br/>สรุป")
    path = tmp_path / "tagged.docx"
    d.save(path)
    with open(path, "rb") as f:
        detected = validate_upload("tagged.docx", f, 50 * MB)
    text = "\n".join(p.text for p in extract_text(path, detected))
    assert "ผลการดำเนินงานตามคำรับรอง" in text and "<" in text and "ค่า <5 ไม่ผ่าน" in text
    assert "<p>" not in text and "<strong>" not in text and "<br/>" not in text


@pytest.mark.parametrize("text", ["a < b", "ค่า<5", "<ร่าง>", "x <bx> y", "<brand>", "<p", "</ หน้า>"])
def test_text_without_known_tags_kept_as_is(text):
    from evidence_search.extraction.extract import strip_tags

    assert strip_tags(text) == text
