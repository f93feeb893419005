"""The checklist ticks each required document of the KPI template against the files linked
to it, with links to the files (issue 14)."""
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cms.models import KPITemplatePage, OrganisationYearPage
from evidence.models import EvidenceFile
from evidence.checklist import checklist_for
from reporting.models import ReportingRound


def ticks(html, item):
    """The tick state the checklist shows for one required document ("1" done, "0" not)."""
    match = re.search(r'<li data-done="([01])">\s*<span aria-label="[^"]+">.</span> ' + re.escape(item), html)
    assert match, item
    return match.group(1)


def test_attaching_for_a_required_item_ticks_it_with_links(client, user):
    folder = OrganisationYearPage.objects.get(slug="finance")
    kpi = KPITemplatePage.objects.child_of(folder).get(code="3")
    first, second = kpi.required_evidence_items()  # the demo's KPI 3 of กค. asks for two documents
    rnd = ReportingRound.objects.get(fiscal_year__year_be=2569, month=9)
    client.force_login(user("staff_finance"))
    form = client.get(reverse("khamrap_dashboard:quick_evidence", args=[rnd.pk, kpi.pk])).content.decode()
    assert f'<option value="{first}">{first}</option>' in form  # chosen when attaching
    response = client.post(reverse("khamrap_dashboard:quick_evidence", args=[rnd.pk, kpi.pk]), {
        "required_item": first,
        "files": [SimpleUploadedFile("gfmis-มีนาคม.txt", "รายงานผลการเบิกจ่าย".encode()),
                  SimpleUploadedFile("gfmis-เมษายน.txt", "รายงานผลการเบิกจ่าย".encode())],
    })
    assert response.status_code == 302
    files = list(EvidenceFile.objects.filter(page__kpi=kpi).order_by("pk"))
    assert [f.required_item for f in files] == [first, first]

    [row] = [r for r in checklist_for(folder) if r.kpi.pk == kpi.pk]
    assert [item.done for item in row.items] == [True, False] and not row.complete
    client.force_login(user("preparer"))
    html = client.get(reverse("evidence_admin:checklist", args=[folder.pk])).content.decode()
    assert ticks(html, first) == "1" and ticks(html, second) == "0"
    assert f'<a href="/evidence/file/{files[0].pk}/">gfmis-มีนาคม.txt</a>' in html
    assert "มีแล้ว 1/2 รายการ" in html

    # a file linked later, on the files page; a value that is not one of the KPI's is ignored
    client.force_login(user("staff_finance"))
    url = reverse("evidence_admin:link_required_item", args=[files[1].pk])
    client.post(url, {"required_item": "รายการที่ไม่มีในแม่แบบ"})
    assert EvidenceFile.objects.get(pk=files[1].pk).required_item == ""
    client.post(url, {"required_item": second})
    assert EvidenceFile.objects.get(pk=files[1].pk).required_item == second
    client.force_login(user("preparer"))
    html = client.get(reverse("evidence_admin:checklist", args=[folder.pk])).content.decode()
    assert ticks(html, first) == "1" and ticks(html, second) == "1"
    assert "ครบ 2/2 รายการ" in html


def test_a_file_linked_to_no_item_is_listed_apart_and_ticks_nothing(client, user):
    folder = OrganisationYearPage.objects.get(slug="finance")
    kpi = KPITemplatePage.objects.child_of(folder).get(code="3")
    rnd = ReportingRound.objects.get(fiscal_year__year_be=2569, month=9)
    client.force_login(user("staff_finance"))
    client.post(reverse("khamrap_dashboard:quick_evidence", args=[rnd.pk, kpi.pk]),
                {"files": [SimpleUploadedFile("อื่น ๆ.txt", "เอกสารอื่น".encode())]})
    [row] = [r for r in checklist_for(folder) if r.kpi.pk == kpi.pk]
    assert not any(item.done for item in row.items) and [f.original_name for f in row.unlinked_files] == ["อื่น ๆ.txt"]
    files_page = client.get(reverse("evidence_admin:files", args=[row.files[0].page_id])).content.decode()
    assert reverse("evidence_admin:link_required_item", args=[row.files[0].pk]) in files_page
