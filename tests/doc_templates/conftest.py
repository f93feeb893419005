import pytest

from doc_templates import samples
from doc_templates.engine import DocumentSettings, render_docx

SAMPLES = {
    "memo": samples.memo,
    "letter": samples.letter,
    "agreement_booklet": samples.agreement,
    "manual_booklet": samples.manual,
    "sar_report": samples.sar,
    "score_announcement": samples.score_announcement,
}


@pytest.fixture(scope="session")
def rendered(tmp_path_factory):
    """Every kind rendered once with default settings (Thai digits on): kind → path."""
    out = tmp_path_factory.mktemp("rendered")
    settings = DocumentSettings()
    return {kind: render_docx(kind, make(), settings, out / f"{kind}.docx") for kind, make in SAMPLES.items()}


@pytest.fixture(scope="session")
def rendered_arabic(tmp_path_factory):
    """Every kind rendered with thai_digits=False."""
    out = tmp_path_factory.mktemp("rendered_arabic")
    settings = DocumentSettings(thai_digits=False)
    return {kind: render_docx(kind, make(), settings, out / f"{kind}.docx") for kind, make in SAMPLES.items()}
