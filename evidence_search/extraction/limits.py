"""What extracting one file may cost, and the Thai reason when a file goes over.

A file that passed the upload checks can still be hostile or just unreasonable: a DOCX whose
XML inflates to hundreds of MB, a 1 KB PDF declaring a page 5 m wide (rendered for OCR at
300 DPI that asks for a 14 GB buffer), hundreds of blank scanned pages. ``Limits`` bounds
each of these; ``isolate.run_isolated`` applies ``seconds`` and ``memory_mb`` to a child
process, the extractors apply the rest. Every refusal is an ``ExtractionFailed`` carrying a
Thai sentence for the uploader: never a path, never an exception's English text.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Limits:
    seconds: float = 900  # wall-clock time for one file, child process killed after it
    memory_mb: int = 1024  # address space of the child process (RLIMIT_AS)
    max_pages: int = 2000  # a PDF (or multi-frame image) with more pages is refused
    max_ocr_pages: int = 300  # pages read by OCR per file; later ones are left unread, said so
    max_render_pixels: int = 40_000_000  # a page is rendered at a lower DPI rather than larger
    max_text_chars: int = 20_000_000  # text kept from one file

    def as_dict(self) -> dict:
        return asdict(self)


class ExtractionFailed(Exception):
    """Extraction refused or failed; ``message`` is Thai and safe to show the uploader."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def minutes(seconds: float) -> str:
    return f"{seconds:,.0f} วินาที" if seconds < 120 else f"{seconds / 60:,.0f} นาที"


# code → Thai reason (formatted with the limits); used for failures seen from outside the
# extractor (the child was killed, ran out of memory, or a library raised).
REASONS = {
    "timeout": "ใช้เวลาดึงข้อความเกินกำหนด {time} ระบบจึงหยุดอ่านไฟล์นี้ (ไฟล์อาจซับซ้อนหรือใหญ่เกินไป)",
    "memory": "ใช้หน่วยความจำเกินกำหนด {memory_mb:,} MB ระบบจึงหยุดอ่านไฟล์นี้ "
              "(เนื้อหาเมื่อแตกไฟล์อาจใหญ่ผิดปกติ ลองบันทึกเป็นไฟล์ใหม่หรือแยกเป็นหลายไฟล์)",
    "crashed": "ตัวอ่านไฟล์หยุดทำงานกลางคัน (ไฟล์อาจเสียหายหรือใช้ทรัพยากรเกินกำหนด)",
    "too_many_pages": "มี {pages:,} หน้า เกินกำหนด {max_pages:,} หน้า กรุณาแยกเป็นหลายไฟล์",
    "too_much_text": "มีข้อความมากเกินกำหนด ({max_text_chars:,} ตัวอักษร) กรุณาแยกเป็นหลายไฟล์",
    "image_too_large": "ภาพมีขนาดใหญ่เกินกว่าที่ระบบจะอ่านได้ กรุณาลดขนาดภาพแล้วอัปโหลดใหม่",
    "corrupt": "ไฟล์เสียหายหรืออยู่ในรูปแบบที่ระบบอ่านไม่ได้",
    "corrupt_pdf": "ไฟล์ PDF เสียหาย เปิดอ่านไม่ได้",
    "ocr_unavailable": "ระบบอ่านภาพ (OCR) ไม่พร้อมใช้งาน กรุณาแจ้งผู้ดูแลระบบ",
    "missing": "ไม่พบไฟล์ที่จัดเก็บไว้ในระบบ กรุณาอัปโหลดใหม่",
    "conversion_failed": "แปลงไฟล์ {label} เป็น {target} ด้วย LibreOffice ไม่สำเร็จ ({detail}) "
                         "โปรดเปิดไฟล์ด้วย Word หรือ Excel แล้วบันทึกเป็น {target} หรือ PDF แล้วอัปโหลดใหม่",
    "internal": "เกิดข้อผิดพลาดภายในระบบ ผู้ดูแลระบบดูรายละเอียดได้ในบันทึกของระบบ",
}


def failure(code: str, limits: Limits | None = None, **values) -> ExtractionFailed:
    limits = limits or Limits()
    template = REASONS.get(code, REASONS["internal"])
    return ExtractionFailed(code if code in REASONS else "internal",
                            template.format(time=minutes(limits.seconds), **limits.as_dict(), **values))


def classify(exc: BaseException) -> str:
    """The reason code of an exception raised by a parsing library."""
    if isinstance(exc, ExtractionFailed):
        return exc.code
    if isinstance(exc, MemoryError) or "memory" in str(exc).lower():
        return "memory"
    name = f"{type(exc).__module__}.{type(exc).__name__}"
    if "DecompressionBomb" in name:
        return "image_too_large"
    if "pdfium" in name.lower():
        return "corrupt_pdf"
    if "Tesseract" in name:
        return "ocr_unavailable"
    if isinstance(exc, FileNotFoundError):
        return "missing"
    return "corrupt"
