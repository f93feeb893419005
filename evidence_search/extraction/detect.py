"""Upload checks: what a file really is (by content, never by name) and whether to accept it."""
from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

# Limits for OOXML (DOCX/XLSX/PPTX) archives, checked from the zip directory before any
# member is inflated. Real evidence files stay far below them.
MAX_ZIP_ENTRIES = 5000
MAX_ZIP_UNCOMPRESSED = 300 * 1024 * 1024
MAX_ZIP_RATIO = 100  # uncompressed / compressed, per member and overall

EXTENSIONS = {
    "pdf": {".pdf"},
    "docx": {".docx"},
    "xlsx": {".xlsx"},
    "pptx": {".pptx"},
    "doc": {".doc"},  # converted to .docx by LibreOffice before extraction (extract._converted)
    "xls": {".xls"},
    "jpeg": {".jpg", ".jpeg"},
    "png": {".png"},
    "tiff": {".tif", ".tiff"},
    "text": {".txt", ".csv", ".md"},
}
MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "doc": "application/msword", "xls": "application/vnd.ms-excel",
    "jpeg": "image/jpeg", "png": "image/png", "tiff": "image/tiff", "text": "text/plain",
}
LABEL = {"pdf": "PDF", "docx": "Word (DOCX)", "xlsx": "Excel (XLSX)", "pptx": "PowerPoint (PPTX)",
         "doc": "Word รุ่นเก่า (DOC)", "xls": "Excel รุ่นเก่า (XLS)",
         "jpeg": "รูปภาพ JPEG", "png": "รูปภาพ PNG", "tiff": "รูปภาพ TIFF", "text": "ข้อความธรรมดา"}


@dataclass(frozen=True)
class DetectedType:
    kind: str  # pdf, docx, xlsx, pptx, doc, xls, jpeg, png, tiff, text
    encoding: str = ""  # for text: utf-8 or tis-620

    @property
    def mime(self) -> str:
        return MIME[self.kind]

    @property
    def is_image(self) -> bool:
        return self.kind in {"jpeg", "png", "tiff"}


class UploadRejected(ValueError):
    """An upload refused; ``message`` is Thai, names the file and says why."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n:,} ไบต์"
    if n < 1024 * 1024:
        return f"{n / 1024:,.1f} KB"
    return f"{n / 1048576:,.1f} MB"


def _reject(code: str, filename: str, reason: str) -> UploadRejected:
    return UploadRejected(code, f"ไม่รับไฟล์ “{filename}”: {reason}")


def _size(f: BinaryIO) -> int:
    f.seek(0, os.SEEK_END)
    n = f.tell()
    f.seek(0)
    return n


def _ooxml_kind(f: BinaryIO, filename: str) -> str:
    try:
        z = zipfile.ZipFile(f)
        infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise _reject("corrupt", filename, "ไฟล์เสียหาย เปิดอ่านไม่ได้") from e
    if len(infos) > MAX_ZIP_ENTRIES:
        raise _reject("zip_bomb", filename, f"มีส่วนประกอบมากผิดปกติ ({len(infos):,} รายการ)")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_ZIP_UNCOMPRESSED or total / packed > MAX_ZIP_RATIO or any(
            i.file_size > MAX_ZIP_RATIO * max(i.compress_size, 1) and i.file_size > 1024 * 1024 for i in infos):
        raise _reject("zip_bomb", filename,
                      "ขนาดเมื่อแตกไฟล์ใหญ่ผิดปกติ (อาจเป็นไฟล์อันตรายประเภท zip bomb)")
    names = {i.filename for i in infos}
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "ppt/presentation.xml" in names:
        return "pptx"
    raise _reject("unknown_type", filename, "เป็นไฟล์ zip ที่ไม่ใช่เอกสาร Word, Excel หรือ PowerPoint")


def _check_pdf(data: bytes, filename: str) -> None:
    import pypdfium2 as pdfium
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise _reject("encrypted_pdf", filename, "PDF ถูกเข้ารหัสด้วยรหัสผ่าน กรุณาส่งไฟล์ที่ไม่มีรหัสผ่าน")
        if reader.is_encrypted:
            pass  # only an owner password (print/copy limits): readable, accepted
        n_pages = len(reader.pages)
    except UploadRejected:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as e:
        raise _reject("corrupt_pdf", filename, "ไฟล์ PDF เสียหาย เปิดอ่านไม่ได้") from e
    try:
        doc = pdfium.PdfDocument(data, password="")
        ok = len(doc) == n_pages and n_pages > 0
        doc.close()
    except pdfium.PdfiumError as e:
        raise _reject("corrupt_pdf", filename, "ไฟล์ PDF เสียหาย เปิดอ่านไม่ได้") from e
    if not ok:
        raise _reject("corrupt_pdf", filename, "ไฟล์ PDF เสียหาย (จำนวนหน้าไม่ถูกต้อง)")


def _check_image(data: bytes, filename: str) -> None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as im:
            im.verify()
    except Exception as e:  # Pillow raises many types for broken images
        raise _reject("corrupt", filename, "ไฟล์รูปภาพเสียหาย เปิดอ่านไม่ได้") from e


def _text_encoding(data: bytes) -> str | None:
    if b"\0" in data[:8192]:
        return None
    try:
        data.decode("utf-8-sig")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("tis-620")
    except UnicodeDecodeError:
        return None
    thai = sum("\u0e01" <= c <= "\u0e5b" for c in text)
    return "tis-620" if thai >= 0.2 * max(1, sum(not c.isspace() for c in text)) else None


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .doc/.xls/.ppt (Office 97-2003)


def _ole2_kind(data: bytes) -> str | None:
    """Word 97-2003 or Excel 97-2003 by the stream an OLE2 container holds (names are UTF-16)."""
    if "WordDocument".encode("utf-16-le") in data:
        return "doc"
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") + b"\0\0" in data:
        return "xls"
    return None


def sniff(head: bytes) -> str | None:
    if head.startswith(b"%PDF-") or b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    return None


def validate_upload(filename: str, fileobj: BinaryIO, max_bytes: int) -> DetectedType:
    """Check an upload; returns its real type or raises ``UploadRejected`` (Thai message)."""
    size = _size(fileobj)
    if size == 0:
        raise _reject("empty", filename, "เป็นไฟล์ว่าง (0 ไบต์)")
    if size > max_bytes:
        raise _reject("too_large", filename,
                      f"ขนาด {human_size(size)} เกินกำหนด {human_size(max_bytes)}")
    head = fileobj.read(2048)
    fileobj.seek(0)
    kind = sniff(head)
    encoding = ""
    if kind == "zip":
        kind = _ooxml_kind(fileobj, filename)
        fileobj.seek(0)
    elif kind == "pdf":
        _check_pdf(fileobj.read(), filename)
    elif kind in {"jpeg", "png", "tiff"}:
        _check_image(fileobj.read(), filename)
    else:
        encoding = _text_encoding(fileobj.read()) or ""
        kind = "text" if encoding else None
    fileobj.seek(0)
    if kind is None and head.startswith(OLE2_MAGIC):
        kind = _ole2_kind(fileobj.read())
        fileobj.seek(0)
    if kind is None and head.startswith(OLE2_MAGIC):
        raise _reject("old_office", filename,
                      "เป็นไฟล์ PowerPoint รุ่นเก่า (.ppt) หรือไฟล์ Office รุ่นเก่าชนิดอื่นซึ่งระบบไม่รับ "
                      "(รับ Word .doc/.docx, Excel .xls/.xlsx, PowerPoint .pptx, PDF, รูปภาพ และ .txt) "
                      "โปรดเปิดไฟล์แล้วบันทึกเป็น .pptx หรือ PDF ก่อนอัปโหลด")
    if kind is None:
        raise _reject("unknown_type", filename,
                      "ไม่ทราบชนิดไฟล์ (รับเฉพาะ PDF, Word .doc/.docx, Excel .xls/.xlsx, PowerPoint .pptx, "
                      "รูปภาพ JPEG/PNG/TIFF และข้อความ .txt)")
    ext = os.path.splitext(filename)[1].lower()
    if ext not in EXTENSIONS[kind]:
        raise _reject("wrong_extension", filename,
                      f"นามสกุล “{ext or '(ไม่มี)'}” ไม่ตรงกับเนื้อไฟล์ซึ่งเป็น {LABEL[kind]}")
    return DetectedType(kind, encoding)


def detect_type(path) -> DetectedType:
    """Type of a stored file by content (extension not checked)."""
    with open(path, "rb") as f:
        return validate_upload(_any_name(f), f, 1 << 62)


def _any_name(f: BinaryIO) -> str:
    head = f.read(2048)
    f.seek(0)
    kind = sniff(head)
    if kind == "zip":
        kind = _ooxml_kind(f, "file")
        f.seek(0)
    return "file" + (sorted(EXTENSIONS[kind])[0] if kind else ".txt")
