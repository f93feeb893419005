"""Files that pass the upload checks but are built to exhaust extraction (built in the test,
never stored in the repository)."""
import os
import zipfile
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def inflating_docx(path: Path, xml_mb: int = 262) -> Path:
    """A real DOCX whose ``word/document.xml`` inflates to ``xml_mb`` MB of small paragraphs.

    The paragraphs carry random hex, so the archive compresses only ~10–20× and passes the
    zip-bomb check of the upload (ratio under 100, total under 300 MB); parsing it into a tree
    needs several GB."""
    import docx

    source = path.with_name(path.stem + "-source.docx")
    docx.Document().save(source)
    chunk = "".join(f"<w:p><w:r><w:t>{os.urandom(2).hex()} ข้อมูล</w:t></w:r></w:p>" for _ in range(16384)).encode()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for item in original.infolist():
            if item.filename != "word/document.xml":
                out.writestr(item, original.read(item.filename))
        with out.open("word/document.xml", "w", force_zip64=True) as xml:
            xml.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}"><w:body>'.encode())
            for _ in range(xml_mb * 1024 * 1024 // len(chunk)):
                xml.write(chunk)
            xml.write(b"<w:sectPr/></w:body></w:document>")
    source.unlink()
    return path


def huge_blank_page_pdf(path: Path, points: float = 14400) -> Path:
    """A PDF of about 400 bytes with one blank page ``points`` wide and high (14 400 pt = 5 m:
    60 000 × 60 000 pixels, a 14.4 GB RGBA buffer, at 300 DPI)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=points, height=points)
    writer.write(path)
    return path


def huge_inked_page_pdf(path: Path, points: float = 14400) -> Path:
    """The same huge page with one black bar drawn on it (not blank: it must be rendered)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=points, height=points)
    stream = DecodedStreamObject()
    stream.set_data(b"0 0 0 rg 100 100 3000 400 re f")
    page[NameObject("/Contents")] = writer._add_object(stream)
    writer.write(path)
    return path


def scanned_pages_pdf(path: Path, pages: int = 12, text_on: tuple = ()) -> Path:
    """An image-only PDF of ``pages`` A4 "scans" at 150 DPI, white with scanner specks; pages
    listed in ``text_on`` (1-based) carry a Thai memo heading."""
    import random

    from PIL import Image, ImageDraw

    from tests.helpers.search_files import SCAN_TEXT, render_text_image

    rng = random.Random(7)
    images = []
    for n in range(1, pages + 1):
        image = Image.new("L", (1240, 1754), 255)
        draw = ImageDraw.Draw(image)
        for _ in range(20):
            draw.point((rng.randrange(1240), rng.randrange(1754)), fill=rng.randrange(60, 200))
        if n in text_on:
            image.paste(render_text_image(SCAN_TEXT + [f"หน้า {n}"], size=30), (0, 200))
        images.append(image.convert("RGB"))
    images[0].save(path, "PDF", resolution=150, save_all=True, append_images=images[1:])
    return path
