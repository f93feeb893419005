"""Agreement parties as rows: a department agreement received by two people prints a
signature block for each party, in the agreement's order, and the period as entered."""
import datetime as dt
import io

import docx
import pytest

from cms.models import AgreementParty, AgreementPage
from doc_templates.generate import generate

from tests.helpers.docx_read import all_paragraphs, full_text, signing_table, table_rows


@pytest.mark.backend_neutral  # the booklet's bytes: not run again on PostgreSQL
def test_booklet_prints_two_receivers_and_the_entered_period(finance):
    page = AgreementPage.objects.get(pk=finance.agreement.pk)
    page.parties = [
        AgreementParty(role=AgreementParty.MAKER, position="ผู้อำนวยการกองคลัง", name="นางสาวมาลี ตั้งใจ", sort_order=0),
        AgreementParty(role=AgreementParty.RECEIVER, position="ปลัดกระทรวงการพัฒนาสังคมและบริการประชาชน",
                       name="นายปลัด ทดสอบ", sort_order=1),
        AgreementParty(role=AgreementParty.RECEIVER, position="รองปลัดกระทรวง หัวหน้ากลุ่มภารกิจด้านบริการประชาชน",
                       name="นายรอง ทดสอบ", sort_order=2),
        AgreementParty(role=AgreementParty.WITNESS, position="อธิบดีกรมส่งเสริมการบริการประชาชน", name="นายพยาน ทดสอบ",
                       organisation_name="กรมส่งเสริมการบริการประชาชน", sort_order=3),
    ]
    page.period_start, page.period_end = dt.date(2026, 1, 1), dt.date(2026, 9, 30)
    page.save_revision(clean=True).publish()
    generated = generate(AgreementPage.objects.get(pk=page.pk), "agreement_booklet")
    with generated.document.file.open("rb") as fh:
        document = docx.Document(io.BytesIO(fh.read()))
    text = full_text(document)
    assert "เริ่มตั้งแต่วันที่ ๑ มกราคม ๒๕๖๙ ถึงวันที่ ๓๐ กันยายน ๒๕๖๙" in text
    assert ("คำรับรองระหว่าง ปลัดกระทรวงการพัฒนาสังคมและบริการประชาชน และ รองปลัดกระทรวง "
            "หัวหน้ากลุ่มภารกิจด้านบริการประชาชน ผู้รับคำรับรอง กับ ผู้อำนวยการกองคลัง ผู้ทำคำรับรอง") in text
    signing = signing_table(document)
    blocks = [[line for line in cell.text.splitlines() if line] for r in signing.rows for cell in r.cells]
    blocks = [b for b in blocks if b]
    assert [b[1:4] for b in blocks] == [
        ["(นางสาวมาลี ตั้งใจ)", "ผู้อำนวยการกองคลัง", "ผู้ทำคำรับรอง"],
        ["(นายปลัด ทดสอบ)", "ปลัดกระทรวงการพัฒนาสังคมและบริการประชาชน", "ผู้รับคำรับรอง"],
        ["(นายรอง ทดสอบ)", "รองปลัดกระทรวง หัวหน้ากลุ่มภารกิจด้านบริการประชาชน", "ผู้รับคำรับรอง"],
    ]
    paras = all_paragraphs(document)
    i = paras.index("(นายพยาน ทดสอบ)")
    assert paras[i + 1: i + 3] == ["อธิบดีกรมส่งเสริมการบริการประชาชน กรมส่งเสริมการบริการประชาชน", "พยาน"]


def test_an_agreement_needs_one_maker_and_a_receiver(finance):
    from django.core.exceptions import ValidationError

    page = AgreementPage.objects.get(pk=finance.agreement.pk)
    page.parties = [AgreementParty(role=AgreementParty.MAKER, position="ผู้อำนวยการกองคลัง", sort_order=0)]
    with pytest.raises(ValidationError) as exc:
        page.save_revision(clean=True)
    assert "คำรับรองต้องมีผู้รับคำรับรองอย่างน้อย 1 ราย" in exc.value.message_dict["parties"]
