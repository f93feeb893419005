"""ข้อผิดพลาดของระบบสร้างเอกสาร (document-engine errors).

Every failure a user can cause (missing field, weights not summing to 100,
a template that names an unknown variable, LibreOffice missing) surfaces as
one exception class so callers (admin button, management command) need one
``except`` and can show ``str(exc)`` — always Thai — to the user.
"""

PREFIX = "ไม่สามารถสร้างเอกสารได้"


class DocumentError(Exception):
    """เอกสารสร้างไม่ได้ — the message is Thai and names the problem/field."""

    def __init__(self, detail: str, *, prefix: str = PREFIX):
        self.detail = detail
        super().__init__(f"{prefix}: {detail}")


class PdfUnavailable(DocumentError):
    """แปลงเป็น PDF ไม่ได้เพราะเครื่องขาดโปรแกรมหรือฟอนต์ (LibreOffice / Laksaman)."""

    def __init__(self, detail: str):
        super().__init__(detail, prefix="ไม่สามารถแปลงเอกสารเป็น PDF ได้")
