"""PDF through LibreOffice: every kind converts, Thai text extractable, Thai font used."""

import re
import shutil
import subprocess

import pytest

from doc_templates.pdf import convert_many_to_pdf, convert_to_pdf

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not shutil.which("soffice"),
        reason="LibreOffice ไม่ได้ติดตั้ง (Debian: libreoffice-writer-nogui fonts-tlwg-laksaman)",
    ),
]
needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="poppler-utils (pdftotext/pdffonts) is not installed"
)

EXPECTED = {
    "memo": "จึงเรียนมาเพื่อโปรดพิจารณาให้ความเห็นชอบ",
    "letter": "ขอแสดงความนับถือ",
    "agreement_booklet": "ผู้ทำคำรับรอง",
    "manual_booklet": "สารบัญ",
    "sar_report": "ปัจจัยสนับสนุนต่อการดำเนินงาน",
    "score_announcement": "๔.๗๑๒๔",
}


@pytest.fixture(scope="module")
def pdfs(rendered, tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    kinds = list(EXPECTED)
    result = {}
    for kind, data in zip(kinds, convert_many_to_pdf([rendered[k] for k in kinds])):
        path = out / f"{kind}.pdf"
        path.write_bytes(data)
        result[kind] = path
    return result


def _pdftotext(path) -> str:
    """Text of a PDF; sara am comes out decomposed (nikhahit + sara aa): recompose."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.replace("\u0e4d\u0e32", "\u0e33")


def test_convert_to_pdf_from_bytes(rendered):
    data = convert_to_pdf(rendered["memo"].read_bytes())
    assert data.startswith(b"%PDF-")


@needs_poppler
@pytest.mark.parametrize("kind", list(EXPECTED))
def test_each_kind_converts_with_thai_text(pdfs, kind):
    # pdftotext may put a space after a glyph carrying an upper vowel ("ปั จจัย"):
    # compare without whitespace.
    text = re.sub(r"\s+", "", _pdftotext(pdfs[kind]))
    assert EXPECTED[kind].replace(" ", "") in text


@needs_poppler
@pytest.mark.parametrize("kind", ["memo", "agreement_booklet"])
def test_pdf_uses_a_sarabun_compatible_font(pdfs, kind):
    fonts = subprocess.run(["pdffonts", str(pdfs[kind])], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert names, fonts
    for name in names:
        base = name.split("+", 1)[-1].lower()
        assert "laksaman" in base or "sarabun" in base, fonts


@needs_poppler
def test_memo_is_one_page_and_letter_has_the_closing(pdfs):
    info = subprocess.run(["pdfinfo", str(pdfs["memo"])], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    assert "ขอแสดงความนับถือ" not in _pdftotext(pdfs["memo"])
