"""Every domain rule rejects bad data with a Thai message that names the field."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cms.models import (
    AgreementKPI,
    AgreementPage,
    EvaluationFramework,
    FiscalYear,
    FrameworkDimension,
    FrameworkWeightRule,
    KPITemplatePage,
    Organisation,
)
from cms.validation import KpiLine, check_agreement_lines, check_levels_monotonic


def messages(exc, field):
    return exc.value.message_dict.get(field, [])


def save_draft(page):
    """What the admin does on "save draft": full validation, then a revision."""
    return page.save_revision(clean=True)


# An agreement's KPI weights set against a rule: (unit, {KPI code: new weight}, part of a
# message on the agreement's KPI lines).
AGREEMENT_WEIGHT_RULES = {
    "agreement_weights_must_sum_to_100":
        ("finance", {"1": "55"}, "น้ำหนักตัวชี้วัดรวมกันต้องเท่ากับ 100 แต่ได้ 95"),
    "sub_kpi_weights_must_sum_to_parent":
        ("service", {"1.1": "20"}, "ตัวชี้วัดย่อยของตัวชี้วัด 1 รวมกันได้ 50 ต้องเท่ากับน้ำหนักของตัวชี้วัดหลัก (60)"),
    "agreement_dimension_weights_follow_framework":  # still 100 in total
        ("finance", {"1": "50", "2": "20"}, "มิติที่ 1 รวมกันได้ 50 ต้องเท่ากับน้ำหนักมิติตามกรอบการประเมิน (60)"),
}


@pytest.mark.parametrize("rule", AGREEMENT_WEIGHT_RULES)
def test_agreement_weights_against_a_rule_are_refused(demo, rule):
    unit, weights, message = AGREEMENT_WEIGHT_RULES[rule]
    agreement = demo.agreement(unit)
    lines = list(agreement.kpi_lines.all())
    for line in lines:
        if line.kpi.code in weights:
            line.weight = Decimal(weights[line.kpi.code])
    agreement.kpi_lines = lines
    with pytest.raises(ValidationError) as exc:
        save_draft(agreement)
    assert any(message in m for m in messages(exc, "kpi_lines"))


def test_framework_rule_dimensions_1_2_outweigh_3_4(db):
    year = FiscalYear.objects.create(year_be=2570)
    framework = EvaluationFramework(
        fiscal_year=year, level=Organisation.UNIT, name="กรอบทดสอบ",
        dimensions=[FrameworkDimension(number=n, name=f"มิติ {n}", weight=w) for n, w in [(1, 30), (2, 10), (3, 30), (4, 30)]],
        weight_rules=[FrameworkWeightRule(greater_dimensions="1,2", lesser_dimensions="3,4")],
    )
    with pytest.raises(ValidationError) as exc:
        framework.full_clean()
    assert messages(exc, "weight_rules") == ["น้ำหนักมิติที่ 1+2 (40) ต้องมากกว่ามิติที่ 3+4 (60) ตามกรอบการประเมิน"]


def test_framework_dimension_weights_sum_to_100(db):
    year = FiscalYear.objects.create(year_be=2571)
    framework = EvaluationFramework(
        fiscal_year=year, level=Organisation.UNIT, name="กรอบทดสอบ",
        dimensions=[FrameworkDimension(number=1, name="ประสิทธิผล", weight=70), FrameworkDimension(number=2, name="คุณภาพ", weight=20)],
    )
    with pytest.raises(ValidationError) as exc:
        framework.full_clean()
    assert messages(exc, "dimensions") == ["น้ำหนักมิติการประเมินรวมกันต้องเท่ากับ 100 แต่ได้ 90"]


def test_weight_rule_rejects_text_that_is_not_dimension_numbers():
    rule = FrameworkWeightRule(greater_dimensions="หนึ่ง", lesser_dimensions="3,4")
    with pytest.raises(ValidationError) as exc:
        rule.clean()
    assert "ไม่ใช่หมายเลขมิติ" in messages(exc, "greater_dimensions")[0]


@pytest.mark.parametrize(
    "direction, levels, bad_level",
    [
        ("higher", [80, 85, 84, 90, 95], "level_3"),
        ("lower", [15, 13, 11, 12, 7], "level_4"),
        ("higher", [80, 80, 85, 90, 95], "level_2"),
    ],
)
def test_levels_must_be_monotonic_in_the_kpis_direction(demo, direction, levels, bad_level):
    kpi = demo.kpi("service", "1.1")
    kpi.direction = direction
    for i, value in enumerate(levels, start=1):
        setattr(kpi, f"level_{i}", Decimal(value))
    with pytest.raises(ValidationError) as exc:
        save_draft(kpi)
    assert "ตามทิศทางของตัวชี้วัด" in messages(exc, bad_level)[0]


def test_lower_is_better_levels_are_accepted(demo):
    kpi = demo.kpi("service", "1.1")  # demo: 15, 13, 11, 9, 7 days, lower is better
    assert kpi.direction == "lower"
    save_draft(kpi)  # no error


# One KPI field set against a rule: (unit, KPI code, field, bad value, what the one message on
# that field says — the whole message, or the part of it that names the rule).
KPI_FIELD_RULES = {
    "quantitative_kpi_needs_all_five_values":
        ("finance", "2", "level_4", None, "ต้องระบุค่าของเกณฑ์ระดับ 4 สำหรับตัวชี้วัดเชิงปริมาณ"),
    "milestone_kpi_needs_every_step":
        ("finance", "4", "level_2_description", "", "ต้องระบุรายละเอียดเกณฑ์ระดับ 2 สำหรับตัวชี้วัดระดับความสำเร็จ"),
    "sub_kpi_code_must_extend_parent_code":
        ("service", "1.2", "code", "2.2", "ต้องขึ้นต้นด้วยรหัสของตัวชี้วัดหลัก '1.'"),
    "mandatory_dimension_takes_only_mandatory_kpis":
        ("finance", "3", "is_mandatory", False, "มิติที่ 3 รับเฉพาะตัวชี้วัดภาคบังคับ"),
    "sub_kpis_cannot_outweigh_parent":
        ("service", "1.2", "weight", Decimal("45"), "เกินน้ำหนักของตัวชี้วัดหลัก (60)"),
}


@pytest.mark.parametrize("rule", KPI_FIELD_RULES)
def test_kpi_field_against_a_rule_is_refused_on_that_field(demo, rule):
    unit, code, field, value, message = KPI_FIELD_RULES[rule]
    kpi = demo.kpi(unit, code)
    setattr(kpi, field, value)
    with pytest.raises(ValidationError) as exc:
        save_draft(kpi)
    found = messages(exc, field)
    assert len(found) == 1 and message in found[0]


def test_fiscal_year_of_framework_must_match_parent(demo):
    other_year = FiscalYear.objects.create(year_be=2570)
    framework = EvaluationFramework(
        fiscal_year=other_year, level=Organisation.UNIT, name="กรอบปี 2570",
        dimensions=[FrameworkDimension(number=n, name=f"มิติ {n}", weight=25) for n in (1, 2, 3, 4)],
    )
    framework.save()
    kpi = demo.kpi("finance", "2")
    kpi.framework = framework
    kpi.dimension = framework.dimensions.get(number=2)
    with pytest.raises(ValidationError) as exc:
        save_draft(kpi)
    assert messages(exc, "framework") == [
        "กรอบการประเมินเป็นของปีงบประมาณ 2570 แต่หน้านี้อยู่ภายใต้ปีงบประมาณ 2569 ต้องเป็นปีเดียวกัน"
    ]


def test_agreement_cannot_take_another_units_kpi(demo):
    agreement = demo.agreement("finance")
    lines = list(agreement.kpi_lines.all())
    lines.append(AgreementKPI(kpi=demo.kpi("plan", "5"), weight=Decimal("0.5")))
    agreement.kpi_lines = lines
    with pytest.raises(ValidationError) as exc:
        save_draft(agreement)
    assert "ตัวชี้วัด 5 ไม่ใช่ตัวชี้วัดของหน่วยงานนี้ในปีงบประมาณนี้" in messages(exc, "kpi_lines")


def test_organisation_tree_levels(db):
    ministry = Organisation.find("พสบ.")
    unit = Organisation(name_th="กองทดสอบ", abbreviation="กท.", level=Organisation.UNIT, parent=ministry, head_position="ผู้อำนวยการ")
    with pytest.raises(ValidationError) as exc:
        unit.full_clean()
    assert messages(exc, "parent") == ["หน่วยงานต้นสังกัดของหน่วยงาน (สำนัก/กอง/ศูนย์)ต้องเป็นระดับกรม หรือ หน่วยงาน (สำนัก/กอง/ศูนย์)"]


def test_rule_functions_pass_good_data():
    lines = [KpiLine("1", Decimal(60), None, 1), KpiLine("1.1", Decimal(30), "1", 1), KpiLine("1.2", Decimal(30), "1", 1), KpiLine("2", Decimal(40), None, 2)]
    assert check_agreement_lines(lines, {1: Decimal(60), 2: Decimal(40)}, [([1], [2])]) == []
    assert check_levels_monotonic([1, 2, 3, 4, 5], True) == []


def test_admin_form_shows_thai_error_for_bad_weights(demo, client):
    """The editor sees the rule in the page editor, not a server error."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    agreement = demo.agreement("finance")
    client.force_login(demo.user("admin"))
    lines = agreement.sorted_lines()
    data = nested_form_data({
        "title": agreement.title, "slug": agreement.slug,
        "parties": inline_formset(
            [{"id": p.pk, "role": p.role, "position": p.position, "name": p.name, "organisation_name": p.organisation_name, "ORDER": i}
             for i, p in enumerate(agreement.parties.all())],
            initial=agreement.parties.count(), min=2,
        ),
        "framework": agreement.framework_id,
        "action_plan": agreement.action_plan_id or "", "body": rich_text(""), "status": agreement.status,
        "kpi_lines": inline_formset(
            [{"id": line.pk, "kpi": line.kpi_id, "weight": "10" if i == 0 else str(line.weight), "target": "", "ORDER": i} for i, line in enumerate(lines)],
            initial=len(lines), min=1,
        ),
    })
    response = client.post(f"/admin/pages/{agreement.pk}/edit/", data)
    assert response.status_code == 200  # form re-shown, not saved
    assert "น้ำหนักตัวชี้วัดรวมกันต้องเท่ากับ 100 แต่ได้ 50" in response.content.decode()
    assert AgreementPage.objects.get(pk=agreement.pk).get_latest_revision().content["kpi_lines"][0]["weight"] != "10.00"
