"""Templates are reproducible from source and the committed files are in sync."""

import pytest

from doc_templates import samples
from doc_templates.build_templates import KINDS, TEMPLATE_DIR, build
from doc_templates.engine import DocumentSettings, render_docx

from tests.helpers.docx_read import full_text, open_docx


@pytest.mark.parametrize("kind", KINDS)
def test_committed_template_matches_source(tmp_path, kind):
    built = build(kind, tmp_path)
    assert built.read_bytes() == (TEMPLATE_DIR / f"{kind}.docx").read_bytes(), (
        "template out of date: run `python -m doc_templates.build_templates`"
    )


def test_freshly_built_template_renders(tmp_path):
    template = build("memo", tmp_path / "tpl")
    out = render_docx("memo", samples.memo(), DocumentSettings(), tmp_path / "m.docx", template=template)
    assert "เรื่อง  ขอความเห็นชอบ" in full_text(open_docx(out))
