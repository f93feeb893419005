"""Builders of evidence files for the search tests (nothing is read from ../shared)."""
from __future__ import annotations

import io
import random
import shutil
import subprocess
import zipfile
from pathlib import Path

FONT = "/usr/share/fonts/truetype/tlwg/Laksaman.ttf"

# Body texts: each carries a compound word, a number and a Latin term to search for.
PDF_TEXT = [
    "รายงานผลการดำเนินงานตามคำรับรองการปฏิบัติราชการ",
    "ปีงบประมาณ พ.ศ. ๒๕๖๙ ของสำนักงานปลัดกระทรวง",
    "ตัวชี้วัดที่ 2.1 ร้อยละความพึงพอใจของผู้รับบริการ",
    "ผลการประเมินตามเกณฑ์ PMQA อยู่ในระดับดี",
]
SCAN_TEXT = ["บันทึกข้อความ", "ส่วนราชการ สำนักบริหารกลาง", "เรื่อง ขออนุมัติโครงการ 2568"]
PHOTO_TEXT = ["หนังสือรับรอง", "การประชุมคณะกรรมการ", "ครั้งที่ 3/2569"]
# "น้ำหนัก" and "คำรับรอง" with sara am decomposed (nikhahit + sara aa) as old PDF producers emit
DECOMPOSED_TEXT = ["น\u0e49\u0e4d\u0e32หนักของตัวชี้วัดร้อยละ ๒๐", "การจัดท\u0e4d\u0e32ค\u0e4d\u0e32รับรอง"]


def text_pdf(path: Path, lines: list[str]) -> Path:
    """PDF with a real Thai text layer (reportlab, Laksaman embedded), one page."""
    return multi_page_pdf(path, [lines])


def multi_page_pdf(path: Path, pages: list[list[str]]) -> Path:
    """PDF with a real Thai text layer (reportlab, Laksaman embedded), a page per list."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "Laksaman" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Laksaman", FONT))
    c = canvas.Canvas(str(path))
    for lines in pages:
        c.setFont("Laksaman", 16)
        y = 780
        for line in lines:
            c.drawString(60, y, line)
            y -= 28
        c.showPage()
    c.save()
    return path


def render_text_image(lines: list[str], size: int = 44, rotate: float = 0.0, noise: float = 0.0):
    """White page with black Thai text (Pillow + raqm shaping), optionally rotated and noisy."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    font = ImageFont.truetype(FONT, size)
    img = Image.new("L", (1400, 120 + len(lines) * int(size * 1.9)), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((60, 60 + i * int(size * 1.9)), line, font=font, fill=0)
    if rotate:
        img = img.rotate(rotate, resample=Image.BICUBIC, expand=True, fillcolor=255)
    if noise:
        rnd = random.Random(7)
        px = img.load()
        w, h = img.size
        for _ in range(int(w * h * noise)):
            x, y = rnd.randrange(w), rnd.randrange(h)
            px[x, y] = rnd.choice((0, 90, 180, 255))
        img = img.filter(ImageFilter.GaussianBlur(0.6))
    return img


def scanned_pdf(path: Path, lines: list[str] = SCAN_TEXT) -> Path:
    """A PDF whose only page is an image (no text layer), like a scanner produces."""
    render_text_image(lines).convert("RGB").save(path, "PDF", resolution=200)
    return path


def photo_png(path: Path, lines: list[str] = PHOTO_TEXT) -> Path:
    """Photo-like PNG: slightly rotated, speckled and blurred."""
    render_text_image(lines, size=48, rotate=1.5, noise=0.01).save(path, "PNG")
    return path


def docx_with_table(path: Path) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph("แบบรายงานผลการดำเนินงานตัวชี้วัด")
    d.add_paragraph("หน่วยงานผู้รับผิดชอบ กองยุทธศาสตร์และแผนงาน")
    table = d.add_table(rows=2, cols=3)
    for i, cell in enumerate(["ตัวชี้วัด", "ค่าเป้าหมาย", "ผลการดำเนินงาน"]):
        table.rows[0].cells[i].text = cell
    for i, cell in enumerate(["ร้อยละการเบิกจ่ายงบประมาณ", "ร้อยละ ๙๕", "e-SAR บันทึกแล้ว"]):
        table.rows[1].cells[i].text = cell
    d.save(path)
    return path


def xlsx_file(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ผลการเบิกจ่าย"
    ws.append(["ไตรมาส", "งบประมาณ", "เบิกจ่าย"])
    ws.append(["ไตรมาสที่ ๑", 1250000, "ยุทธศาสตร์การพัฒนาบุคลากร"])
    ws.append(["ไตรมาสที่ 2", 2400000, "KPI Template ฉบับปรับปรุง"])
    wb.save(path)
    return path


def pptx_file(path: Path) -> Path:
    from pptx import Presentation

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = "สรุปผลการตรวจประเมิน"
    slide.placeholders[1].text = "ผลสัมฤทธิ์ของแผนปฏิบัติราชการ"
    prs.save(path)
    return path


def libreoffice_pdf(tmp: Path, lines: list[str]) -> Path | None:
    """PDF made by LibreOffice from a .txt (a real-world producer); None if soffice is absent."""
    soffice = shutil.which("soffice")
    if not soffice:
        return None
    src = tmp / "lo.txt"
    src.write_text("\n".join(lines), encoding="utf-8")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp}/lo-profile",
                    "--convert-to", "pdf", "--outdir", str(tmp), str(src)],
                   check=True, capture_output=True, timeout=180)
    return tmp / "lo.pdf"


# --- hostile uploads -------------------------------------------------------------------
def encrypted_pdf(path: Path, source: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    w = PdfWriter()
    for page in PdfReader(source).pages:
        w.add_page(page)
    w.encrypt(user_password="secret", owner_password="owner")
    with open(path, "wb") as f:
        w.write(f)
    return path


def corrupt_pdf(path: Path, source: Path) -> Path:
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 3])  # truncated: no xref, no trailer
    return path


def zip_bomb_docx(path: Path, uncompressed_mb: int = 200) -> Path:
    """A DOCX-looking zip whose document.xml inflates to ``uncompressed_mb`` MB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/_rels/document.xml.rels", "<Relationships/>")
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            chunk = b"\0" * (1 << 20)
            for _ in range(uncompressed_mb):
                f.write(chunk)
    return path


def many_entries_xlsx(path: Path, entries: int = 20000) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(entries):
            z.writestr(f"xl/x/{i}.xml", "")
    return path


def bytes_file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def tis620_text(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("tis-620"))
    return path


def as_fileobj(path: Path) -> io.BytesIO:
    return io.BytesIO(path.read_bytes())


def junk_layer_pdf(path: Path, lines: list[str] = SCAN_TEXT) -> Path:
    """A page image of Thai text under an invisible text layer of junk (Latin-1 symbols that
    do not decode to Thai words, as a broken font map produces): the layer must be ignored
    and the page read by OCR."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "Laksaman" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Laksaman", FONT))
    img = render_text_image(lines)
    c = canvas.Canvas(str(path))
    c.drawImage(ImageReader(img.convert("RGB")), 30, 500, width=540, height=540 * img.height / img.width)
    t = c.beginText(60, 780)
    t.setTextRenderMode(3)  # invisible, like an OCR layer
    t.setFont("Laksaman", 16)
    t.textLine("".join(chr(0xA4 + i % 40) for i in range(120)))  # Latin-1 look-alikes
    c.drawText(t)
    c.showPage()
    c.save()
    return path
