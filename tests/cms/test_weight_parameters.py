"""Framework weights defined from named parameters set per organisation (dimension 2 = P + 10,
dimension 3 = 2 × Q), checked on each agreement with a Thai message naming the dimension."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cms.models import EvaluationFramework, FiscalYear, FrameworkDimension, FrameworkParameterValue, Organisation
from cms.validation import evaluate_formula

from tests.helpers.second_department import agreement, build_second_department, kpi, organisation, year_folder


def test_formula_evaluation():
    assert evaluate_formula("P + 10", {"P": Decimal(20)}) == Decimal(30)
    assert evaluate_formula("2 × Q", {"Q": Decimal("7.5")}) == Decimal(15)
    assert evaluate_formula("(100 - P) / 2", {"P": Decimal(40)}) == Decimal(30)
    with pytest.raises(KeyError):
        evaluate_formula("P + R", {"P": 1})
    with pytest.raises(ValueError):
        evaluate_formula("P + ; import os", {"P": 1})


@pytest.fixture
def parameter_framework(demo):
    ministry, first, _ = build_second_department()
    second = organisation(name_th="กรมทรัพยากรน้ำบาดาลชุมชน", abbreviation="ทบช.", level=Organisation.DEPARTMENT, parent=ministry,
                          head_position="อธิบดีกรมทรัพยากรน้ำบาดาลชุมชน")
    framework = EvaluationFramework(
        fiscal_year=FiscalYear.objects.get(year_be=2569), level=Organisation.DEPARTMENT, organisation=ministry,
        name="กรอบการประเมินส่วนราชการในสังกัดกระทรวง",
        dimensions=[
            FrameworkDimension(number=1, name="ประสิทธิผล", weight=Decimal(40)),
            FrameworkDimension(number=2, name="คุณภาพการให้บริการ", weight_formula="P + 10"),
            FrameworkDimension(number=3, name="ประสิทธิภาพ", weight_formula="2 × Q"),
        ],
        parameter_values=[
            FrameworkParameterValue(organisation=first, name="P", value=Decimal(20)),
            FrameworkParameterValue(organisation=first, name="Q", value=Decimal(15)),
            FrameworkParameterValue(organisation=second, name="P", value=Decimal(30)),
            FrameworkParameterValue(organisation=second, name="Q", value=Decimal(10)),
        ],
    )
    framework.full_clean()
    framework.save()
    return framework, first, second


def _agreement(framework, department, slug, weights):
    folder = year_folder(department, slug)
    kpis = [kpi(folder, framework, code=str(n), weight=w, dimension=n, slug=f"kpi-{n}") for n, w in enumerate(weights, start=1)]
    return agreement(folder, framework, list(zip(kpis, weights)))


def test_parameter_weights_accept_a_correct_agreement(parameter_framework):
    framework, first, second = parameter_framework
    assert framework.dimension_weights(first) == {1: Decimal(40), 2: Decimal(30), 3: Decimal(30)}
    assert framework.dimension_weights(second) == {1: Decimal(40), 2: Decimal(40), 3: Decimal(20)}
    page = _agreement(framework, first, "first-department", [Decimal(40), Decimal(30), Decimal(30)])
    page.save_revision(clean=True).publish()
    page = _agreement(framework, second, "second-department", [Decimal(40), Decimal(40), Decimal(20)])
    page.save_revision(clean=True).publish()


def test_parameter_weights_refuse_a_wrong_agreement_naming_the_dimension(parameter_framework):
    framework, first, _ = parameter_framework
    with pytest.raises(ValidationError) as exc:
        _agreement(framework, first, "first-department", [Decimal(40), Decimal(40), Decimal(20)])
    messages = exc.value.message_dict["kpi_lines"]
    assert "น้ำหนักตัวชี้วัดในมิติที่ 2 รวมกันได้ 40 ต้องเท่ากับน้ำหนักมิติตามกรอบการประเมิน (30)" in messages
    assert "น้ำหนักตัวชี้วัดในมิติที่ 3 รวมกันได้ 20 ต้องเท่ากับน้ำหนักมิติตามกรอบการประเมิน (30)" in messages


def test_missing_parameter_is_named(parameter_framework, demo):
    framework, first, _ = parameter_framework
    third = organisation(name_th="กรมทดสอบพารามิเตอร์", abbreviation="ทดพ.", level=Organisation.DEPARTMENT,
                         parent=first.parent, head_position="อธิบดี")
    with pytest.raises(ValidationError) as exc:
        _agreement(framework, third, "third-department", [Decimal(40), Decimal(30), Decimal(30)])
    assert "มิติที่ 2 กำหนดน้ำหนักเป็น P + 10 แต่ยังไม่ได้กำหนดค่า P ของกรมทดสอบพารามิเตอร์" in exc.value.message_dict["framework"]


def test_bad_formula_is_refused(demo):
    framework = EvaluationFramework(
        fiscal_year=FiscalYear.objects.get(year_be=2569), level=Organisation.MINISTRY, name="กรอบสูตรผิด",
        dimensions=[FrameworkDimension(number=1, name="ประสิทธิผล", weight_formula="P ;")],
    )
    with pytest.raises(ValidationError) as exc:
        framework.full_clean()
    assert any("สูตรน้ำหนักของมิติที่ 1 (P ;) ไม่ถูกต้อง" in m for m in exc.value.message_dict["dimensions"])
