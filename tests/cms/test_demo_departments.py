"""The demo has two departments in two ministries whose units share abbreviations, looked up
by their place in the tree; the KPI supervisor of the report workflow's step 2 is a demo user
(issues 11 and 12)."""
import pytest

from cms.models import Organisation


def test_two_departments_in_two_ministries_share_abbreviations(demo):
    first, second = Organisation.find("พสบ./สสบ."), Organisation.find("ทนก./สกช.")
    assert first.parent.level == second.parent.level == Organisation.MINISTRY and first.parent != second.parent
    shared = set(first.children.values_list("abbreviation", flat=True)) & set(second.children.values_list("abbreviation", flat=True))
    assert shared >= {"สล.", "กผ.", "กค.", "กพร."}
    finance = Organisation.find("สกช./กค.")
    assert finance.parent == second and finance.staff_group != Organisation.find("สสบ./กค.").staff_group
    assert str(finance) == "กองคลัง (กค. สกช.)" and finance.path_abbreviation == "ทนก./สกช./กค."
    with pytest.raises(Organisation.MultipleObjectsReturned, match="พสบ./สสบ./กค. หรือ ทนก./สกช./กค."):
        Organisation.find("กค.")
    with pytest.raises(Organisation.DoesNotExist, match="ไม่พบหน่วยงานอักษรย่อ สกช./สบป."):
        Organisation.find("สกช./สบป.")
    # each department's own กพร. and people
    assert finance.admin_development_unit() == Organisation.find("สกช./กพร.")
    assert demo.user("staff_agri-finance").groups.filter(pk=finance.staff_group_id).exists()
    assert demo.user("agri_editor").groups.filter(organisation_role__organisation=second, organisation_role__role="editor").exists()


def test_a_demo_kpi_supervisor_takes_step_two_of_the_report_workflow(demo):
    """kpi_supervisor is the installation-wide fallback of step 2 (and nothing else);
    agri_kpi_supervisor, the hosted KPI's own supervisor, is not in that group: they sign in
    through a group with no permission on reports (tests/reporting/test_supervisor_step.py)."""
    from reporting.models import KpiSupervisorTask

    supervisor = demo.user("kpi_supervisor")
    group = supervisor.groups.get(name="ผู้กำกับดูแลตัวชี้วัด")
    step_two = KpiSupervisorTask.objects.get(name="รายงานผล: ตรวจสอบโดยผู้กำกับตัวชี้วัด")
    assert list(step_two.fallback_groups.all()) == [group]
    assert not supervisor.groups.exclude(pk=group.pk).exists()  # nothing but that step
    own = demo.user("agri_kpi_supervisor")
    assert list(own.groups.values_list("name", flat=True)) == ["ผู้กำกับดูแลตัวชี้วัดรายตัวชี้วัด"]
    assert not own.groups.get().permissions.filter(content_type__app_label="reporting").exists()
