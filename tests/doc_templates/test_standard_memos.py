import datetime as dt

import pytest

from doc_templates import contexts as c
from doc_templates import standard_memos as sm
from doc_templates.engine import DocumentSettings, render_docx

from tests.helpers.docx_read import full_text, open_docx

D = dt.date(2026, 11, 30)
CALLS = {
    "framework_approval": lambda: sm.framework_approval(2570, dimensions=4, kpi_count=12),
    "send_framework": lambda: sm.send_framework(2570, approved_on=D),
    "send_draft_kpis": lambda: sm.send_draft_kpis(2570, "กองคลัง"),
    "request_draft_kpis": lambda: sm.request_draft_kpis(2570, "กองคลัง", deadline=D),
    "negotiation_invitation": lambda: sm.negotiation_invitation(2570, "กองคลัง", D, "09.30-12.00 น.", "ห้องประชุม 1"),
    "send_signed_agreement": lambda: sm.send_signed_agreement(2570, "กองคลัง", signed_on=D),
    "report_reminder": lambda: sm.report_reminder(2570, "กองคลัง", 9, deadline=D),
    "site_visit_rehearsal": lambda: sm.site_visit_rehearsal(2570, "กองคลัง", D, "13.30 น.", "ห้องประชุม 2"),
    "score_announcement": lambda: sm.score_announcement(2569),
    "score_confirmation_or_appeal": lambda: sm.score_confirmation_or_appeal(2569, "กองคลัง", deadline=D),
}


def test_every_standard_memo_is_covered():
    assert set(CALLS) == set(sm.STANDARD_MEMOS)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_standard_memo_fields(name):
    fields = CALLS[name]()
    assert set(fields) == {"subject", "to", "body"}
    assert "พ.ศ. 257" in fields["subject"] or "พ.ศ. 2569" in fields["subject"]
    assert fields["body"] and all(p.strip() for p in fields["body"])
    text = " ".join(fields["body"])
    if name not in ("framework_approval", "score_announcement", "send_draft_kpis"):  # these carry no date
        assert "30 พฤศจิกายน 2569" in text


def test_unit_memos_address_the_unit_head():
    assert sm.request_draft_kpis(2570, "กองคลัง", D)["to"] == "ผู้อำนวยการกองคลัง"
    assert sm.report_reminder(2570, "เลขานุการกรม", 6, D)["to"] == "เลขานุการกรม"
    assert "รอบ 6 เดือน" in sm.report_reminder(2570, "กองคลัง", 6, D)["subject"]
    with pytest.raises(ValueError):
        sm.report_reminder(2570, "กองคลัง", 7, D)


def test_standard_memo_renders_with_thai_digits(tmp_path):
    memo = c.MemoContext(
        **sm.report_reminder(2570, "กองคลัง", 12, deadline=D),
        section="กลุ่มพัฒนาระบบบริหาร", ref_no="กพร 0501/9", date=dt.date(2026, 11, 1),
        signer=c.Person(name="นางสาวสมใจ รักงาน", position="ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร"),
    )
    text = full_text(open_docx(render_docx("memo", memo, DocumentSettings(), tmp_path / "m.docx")))
    assert "รอบ ๑๒ เดือน ประจำปีงบประมาณ พ.ศ. ๒๕๗๐" in text
    assert "ภายในวันที่ ๓๐ พฤศจิกายน ๒๕๖๙" in text
