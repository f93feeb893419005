"""The "สร้างเอกสาร" admin action and the standard-memo entry."""
import pytest
from django.urls import reverse

from doc_templates.models import GeneratedDocument, Memo


def _generate_url(obj):
    return reverse("doc_templates_generate", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


@pytest.fixture
def staff_finance(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="staff_finance")


@pytest.fixture
def staff_plan(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="staff_plan")


def test_editor_generates_agreement_and_sees_list(client, finance, staff_finance):
    client.force_login(staff_finance)
    url = _generate_url(finance.agreement)
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "agreement_booklet"})
    assert response.status_code == 302
    generated = GeneratedDocument.for_source(finance.agreement).get()
    listing = client.get(response["Location"])
    assert listing.status_code == 200
    html = listing.content.decode()
    assert generated.document.title in html
    assert generated.document.url in html
    download = client.get(generated.document.url)
    assert download.status_code == 200


def test_page_header_has_generate_button(client, finance, staff_finance):
    client.force_login(staff_finance)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[finance.agreement.pk]))
    assert response.status_code == 200
    assert _generate_url(finance.agreement) in response.content.decode()


def test_other_unit_and_anonymous_refused(client, finance, staff_plan):
    url = _generate_url(finance.agreement)
    response = client.post(url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(staff_plan)
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 403
    assert not GeneratedDocument.for_source(finance.agreement).exists()


def test_memo_action_and_unit_scope(client, finance, memo_for, staff_finance, staff_plan):
    memo = memo_for(finance.organisation)
    client.force_login(staff_plan)
    assert client.post(_generate_url(memo), {"kind": "memo"}).status_code == 403
    client.force_login(staff_finance)
    edit = client.get(reverse("wagtailsnippets_doc_templates_memo:edit", args=[memo.pk]))
    assert edit.status_code == 200
    assert _generate_url(memo) in edit.content.decode()
    assert client.post(_generate_url(memo), {"kind": "memo"}).status_code == 302
    assert GeneratedDocument.for_source(memo).get().kind == "memo"


def test_start_from_standard_memo(client, finance, staff_finance):
    client.force_login(staff_finance)
    url = reverse("doc_templates_start_standard")
    page = client.get(url)
    assert page.status_code == 200
    assert "แจ้งเตือนการรายงานผลรอบ 6 เดือน" in page.content.decode()
    # a unit starts the memo it sends (unit → กพร.); a กพร. memo is not theirs to start
    refused = client.post(url, {"standard": "report_reminder", "organisation": finance.organisation.pk})
    assert refused.status_code == 200 and not Memo.objects.filter(standard="report_reminder").exists()
    response = client.post(url, {"standard": "send_draft_kpis", "organisation": finance.organisation.pk})
    assert response.status_code == 302
    memo = Memo.objects.get(standard="send_draft_kpis", organisation=finance.organisation)
    assert response["Location"] == reverse("wagtailsnippets_doc_templates_memo:edit", args=[memo.pk])
    assert not memo.live and memo.latest_revision is not None
    assert memo.subject.startswith("ส่งร่างตัวชี้วัดคำรับรองการปฏิบัติราชการ")
    assert memo.to == "ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร"
    assert memo.section == "กองคลัง" and memo.ref_no == "กค 1/2569"


def test_start_from_standard_refuses_other_unit(client, finance, staff_plan):
    client.force_login(staff_plan)
    response = client.post(reverse("doc_templates_start_standard"),
                           {"standard": "report_reminder", "organisation": finance.organisation.pk})
    assert response.status_code == 200  # form shown again with an error
    assert not Memo.objects.filter(organisation=finance.organisation).exists()
