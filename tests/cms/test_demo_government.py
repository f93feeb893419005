"""The demo carries every level of government (issue 11): a ministry-level and a mission-group
agreement, department agreements received by two people (both printed with a signature block
each in the booklet), and one KPI hosted by a unit for every unit of its department, whose
supervisor is a demo user."""
import io

import docx

from cms.models import AgreementPage, AgreementParty, EvaluationFramework, KPITemplatePage, Organisation, OrganisationYearPage
from tests.helpers.docx_read import signing_table


def test_ministry_and_mission_group_agreements(demo):
    ministry, mission = Organisation.find("พสบ."), Organisation.find("พสบ./กภบ.")
    assert mission.level == Organisation.MISSION_GROUP and mission.parent == ministry
    for slug, organisation in (("ministry", ministry), ("mission-group", mission)):
        page = demo.agreement(slug)
        assert page.organisation == organisation and page.live and page.status == AgreementPage.SIGNED
        assert page.framework.level == organisation.level
        assert page.rule_errors() == [] and page.party_errors() == []
        assert sum(line.weight for line in page.kpi_lines.all()) == 100
    # the mission group's head makes its agreement with the permanent secretary
    parties = [(p.role, p.position) for p in demo.agreement("mission-group").parties.all()]
    assert parties == [(AgreementParty.MAKER, mission.head_position), (AgreementParty.RECEIVER, ministry.head_position)]
    assert set(EvaluationFramework.objects.filter(fiscal_year__year_be=2569).values_list("level", flat=True)) == {
        Organisation.MINISTRY, Organisation.MISSION_GROUP, Organisation.DEPARTMENT, Organisation.UNIT}


def test_department_agreements_have_two_receivers_each_signing_in_the_booklet(demo):
    from doc_templates.generate import generate

    for slug, path in (("department", "พสบ./สสบ."), ("agri-department", "ทนก./สกช.")):
        page = demo.agreement(slug)
        department = Organisation.find(path)
        assert page.organisation == department and page.rule_errors() == []
        receivers = [p.position for p in page.receivers]
        assert len(receivers) == 2 and receivers[0] == department.parent.head_position
        assert receivers[1].startswith("รองปลัดกระทรวง") and "หัวหน้ากลุ่มภารกิจ" in receivers[1]
    page = demo.agreement("department")
    generated = generate(page, "agreement_booklet")
    with generated.document.file.open("rb") as fh:
        document = docx.Document(io.BytesIO(fh.read()))
    signing = signing_table(document)
    blocks = [[line for line in cell.text.splitlines() if line] for row in signing.rows for cell in row.cells]
    roles = [(b[2], b[3]) for b in blocks if b]
    assert roles == [
        ("อธิบดีกรมส่งเสริมการบริการประชาชน", "ผู้ทำคำรับรอง"),
        ("ปลัดกระทรวงการพัฒนาสังคมและบริการประชาชน", "ผู้รับคำรับรอง"),
        ("รองปลัดกระทรวงการพัฒนาสังคมและบริการประชาชน หัวหน้ากลุ่มภารกิจด้านบริการประชาชน", "ผู้รับคำรับรอง"),
    ]


def test_one_hosted_kpi_is_shared_by_every_unit_of_the_second_department(demo):
    department = Organisation.find("ทนก./สกช.")
    host = Organisation.find("สกช./กค.")
    hosted = KPITemplatePage.objects.get(host_organisation__isnull=False)
    assert hosted.host_organisation == host and hosted.organisation == host and hosted.code == "3"
    assert list(hosted.supervisor_users.values_list("username", flat=True)) == ["agri_kpi_supervisor"]
    units = set(department.children.filter(level=Organisation.UNIT))
    lines = hosted.agreement_lines.select_related("page")
    assert {line.page.organisation for line in lines} == units and len(units) == 5
    for unit in units:
        folder = OrganisationYearPage.objects.get(organisation=unit)
        agreement = AgreementPage.objects.child_of(folder).get()
        assert agreement.rule_errors() == []
        assert [line.kpi_id for line in agreement.kpi_lines.all() if line.kpi.code == "3"] == [hosted.pk]
        if unit != host:  # no copy of its own
            assert not KPITemplatePage.objects.child_of(folder).filter(code="3").exists()
    # the first department still has a copy per unit
    assert KPITemplatePage.objects.filter(code="3", title__startswith="ร้อยละการเบิกจ่าย").count() >= 9


def test_the_hosted_kpis_supervisor_is_a_demo_user_signing_in_through_the_own_kpi_group(demo):
    """Not the installation-wide supervisors' group (that one acts on every department's
    reports as step 2's fallback): the access-only group of KPIs' own supervisors."""
    supervisor = demo.user("agri_kpi_supervisor")
    assert list(supervisor.groups.values_list("name", flat=True)) == ["ผู้กำกับดูแลตัวชี้วัดรายตัวชี้วัด"]
    assert supervisor.has_usable_password() and not supervisor.is_superuser
