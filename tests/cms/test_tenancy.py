"""Many departments in one installation: abbreviations repeat between departments, role
groups belong to organisations, every level of government signs its own agreement."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cms.models import EvaluationFramework, Organisation, OrganisationRole

from tests.helpers.second_department import agreement, build_second_department, kpi, one_dimension_framework, organisation, year_folder

pytestmark = pytest.mark.database_backend  # run on PostgreSQL too: conditional unique constraints (abbreviations per parent and at the top)


def test_second_department_reuses_abbreviations_with_separate_groups(demo):
    _, department, units = build_second_department()
    first_finance = Organisation.find("สสบ./กค.")
    second_finance = units["กค."]
    assert second_finance.pk != first_finance.pk
    second_finance.refresh_from_db()
    assert second_finance.staff_group_id and second_finance.head_group_id
    assert second_finance.staff_group_id != first_finance.staff_group_id
    assert second_finance.head_group_id != first_finance.head_group_id
    assert units["กผ."].staff_group_id != Organisation.find("สสบ./กผ.").staff_group_id
    # a member of one department's กค. is not staff of the other's
    user = demo.User.objects.create_user("staff_second_finance", password="x")
    user.groups.add(second_finance.staff_group)
    from cms.permissions import user_unit_ids

    assert user_unit_ids(user) == {second_finance.pk}


def test_second_department_unit_created_in_the_admin(demo, client):
    """The admin form a กพร. uses: an abbreviation another department uses is not an error."""
    _, department, _ = build_second_department()
    client.force_login(demo.user("admin"))
    response = client.post("/admin/snippets/cms/organisation/add/", {
        "name_th": "ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร", "abbreviation": "ศทส.", "level": "unit",
        "parent": department.pk, "group": "", "head_position": "ผู้อำนวยการศูนย์เทคโนโลยีสารสนเทศ",
        "phone": "", "fax": "", "address": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Organisation.objects.get(abbreviation="ศทส.", parent=department)
    assert created.staff_group.name != Organisation.find("สสบ./ศทส.").staff_group.name


def test_abbreviation_is_unique_among_siblings_only(demo):
    _, department, _ = build_second_department()
    duplicate = Organisation(name_th="กองคลังสอง", abbreviation="กค.", level=Organisation.UNIT, parent=department, head_position="ผู้อำนวยการ")
    with pytest.raises(ValidationError) as exc:
        duplicate.full_clean()
    assert "อักษรย่อ กค. มีอยู่แล้วในหน่วยงานต้นสังกัดเดียวกัน" in exc.value.message_dict["abbreviation"]


def test_agencies_get_their_own_role_groups(demo):
    ministry, department, units = build_second_department()
    roles = {r.role for r in OrganisationRole.objects.filter(organisation=department)}
    assert roles == {"editor", "reviewer", "executive", "preparer"}
    assert not OrganisationRole.objects.filter(organisation=units["กค."]).exists()
    demo_department = Organisation.find("สสบ.")
    assert OrganisationRole.objects.filter(organisation=demo_department).count() == 4  # carried over by post_migrate
    names = set(OrganisationRole.objects.values_list("group__name", flat=True))
    assert len(names) == OrganisationRole.objects.count()


def test_mission_group_sits_between_ministry_and_department(demo):
    ministry, department, _ = build_second_department()
    mission = organisation(name_th="กลุ่มภารกิจด้านทรัพยากรน้ำ", abbreviation="กภน.", level=Organisation.MISSION_GROUP,
                           parent=ministry, head_position="รองปลัดกระทรวง หัวหน้ากลุ่มภารกิจด้านทรัพยากรน้ำ")
    department.parent = mission
    department.full_clean()
    department.save()
    assert [o.abbreviation for o in units_lineage(department)] == ["ชปช.", "กภน.", "กษน."]
    wrong = Organisation(name_th="กลุ่มภารกิจผิด", abbreviation="กภผ.", level=Organisation.MISSION_GROUP, parent=department, head_position="-")
    with pytest.raises(ValidationError) as exc:
        wrong.full_clean()
    assert exc.value.message_dict["parent"] == ["หน่วยงานต้นสังกัดของกลุ่มภารกิจต้องเป็นระดับกระทรวง"]


def units_lineage(org):
    return org.lineage()


@pytest.mark.parametrize("level", [Organisation.MINISTRY, Organisation.MISSION_GROUP, Organisation.DEPARTMENT])
def test_agency_levels_sign_agreements(demo, level):
    ministry, department, _ = build_second_department()
    if level == Organisation.MINISTRY:
        org = ministry
    elif level == Organisation.MISSION_GROUP:
        org = organisation(name_th="กลุ่มภารกิจด้านทรัพยากรน้ำ", abbreviation="กภน.", level=level, parent=ministry, head_position="รองปลัดกระทรวง")
    else:
        org = department
    framework = one_dimension_framework(level, organisation=org, name=f"กรอบการประเมินระดับ{org.get_level_display()}")
    folder = year_folder(org, f"second-{level}")
    page = agreement(folder, framework, [(kpi(folder, framework), Decimal(100))])
    page.save_revision(clean=True).publish()
    assert page.live and page.organisation == org


def test_framework_per_organisation_applies_to_its_own_subtree_only(demo):
    _, department, units = build_second_department()
    general = EvaluationFramework.objects.get(level=Organisation.UNIT, organisation=None)
    own = one_dimension_framework(Organisation.UNIT, organisation=department, name="กรอบการประเมินหน่วยงานในสังกัดกรมชลประทานชุมชน")
    from cms.models import FiscalYear

    year = FiscalYear.objects.get(year_be=2569)
    assert EvaluationFramework.for_organisation(year, units["กค."]) == own
    assert EvaluationFramework.for_organisation(year, Organisation.find("สสบ./กค.")) == general
    # the other department's unit cannot sign under this department's framework
    demo_folder = demo.folder("finance")
    other_kpi = kpi(demo_folder, own, code="9", slug="kpi-other-framework")
    with pytest.raises(ValidationError) as exc:
        agreement(demo_folder, own, [(other_kpi, Decimal(100))], slug="agreement-2")
    assert "กรอบการประเมินนี้ใช้กับกรมชลประทานชุมชนและหน่วยงานในสังกัดเท่านั้น" in exc.value.message_dict["framework"]
