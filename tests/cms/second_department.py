"""A second ministry and department beside the demo's, with units whose abbreviations repeat
the demo department's (กค., กผ., กพร.). Built through the models' own ``full_clean`` and
``save``, the way the admin and the demo loader build them."""
from decimal import Decimal

from cms.models import (
    AgreementKPI,
    AgreementPage,
    AgreementParty,
    EvaluationFramework,
    FiscalYearPage,
    FrameworkDimension,
    KPIContact,
    KPITemplatePage,
    Organisation,
    OrganisationYearPage,
)


def organisation(**fields):
    org = Organisation(**fields)
    org.full_clean()
    org.save()
    return org


def build_second_department():
    ministry = organisation(name_th="กระทรวงเกษตรและทรัพยากรน้ำ", abbreviation="กษน.", level=Organisation.MINISTRY,
                            head_position="ปลัดกระทรวงเกษตรและทรัพยากรน้ำ")
    department = organisation(name_th="กรมชลประทานชุมชน", abbreviation="ชปช.", level=Organisation.DEPARTMENT, parent=ministry,
                              head_position="อธิบดีกรมชลประทานชุมชน", phone="0 2669 1000",
                              address="เลขที่ 811 ถนนสามเสน แขวงถนนนครไชยศรี เขตดุสิต กรุงเทพฯ 10300")
    units = {
        abbr: organisation(name_th=name, abbreviation=abbr, level=Organisation.UNIT, parent=department,
                           head_position=f"ผู้อำนวยการ{name}", is_admin_development=(abbr == "กพร."))
        for abbr, name in [("กค.", "กองคลัง"), ("กผ.", "กองแผนงาน"), ("กพร.", "กลุ่มพัฒนาระบบบริหาร")]
    }
    return ministry, department, units


def year_folder(organisation, slug):
    year_page = FiscalYearPage.objects.get(fiscal_year__year_be=2569)
    folder = OrganisationYearPage(title=f"{organisation.name_th} ปีงบประมาณ 2569", slug=slug, organisation=organisation)
    year_page.add_child(instance=folder)
    folder.save_revision().publish()
    return folder


def one_dimension_framework(level, organisation=None, name="กรอบทดสอบ"):
    from cms.models import FiscalYear

    framework = EvaluationFramework(
        fiscal_year=FiscalYear.objects.get(year_be=2569), level=level, organisation=organisation, name=name,
        dimensions=[FrameworkDimension(number=1, name="ประสิทธิผล", weight=Decimal(100))],
    )
    framework.full_clean()
    framework.save()
    return framework


def kpi(folder, framework, code="1", weight=Decimal(100), slug=None, **extra):
    page = KPITemplatePage(
        title=f"ตัวชี้วัดทดสอบ {code}", slug=slug or f"kpi-{code.replace('.', '-')}", code=code, framework=framework,
        dimension=framework.dimensions.get(number=extra.pop("dimension", 1)), kind=KPITemplatePage.QUANTITATIVE,
        unit_of_measure="ร้อยละ", weight=weight,
        **{f"level_{i}": Decimal(60 + 10 * i) for i in range(1, 6)},
        contacts=[KPIContact(role=KPIContact.SUPERVISOR, name="นายทดสอบ ระบบ")], **extra,
    )
    folder.add_child(instance=page)
    page.save_revision().publish()
    return page


def agreement(folder, framework, lines, slug="agreement", **extra):
    page = AgreementPage(
        title=f"คำรับรองการปฏิบัติราชการของ{folder.organisation.name_th}", slug=slug, framework=framework,
        parties=extra.pop("parties", None) or [
            AgreementParty(role=AgreementParty.MAKER, position=folder.organisation.head_position, sort_order=0),
            AgreementParty(role=AgreementParty.RECEIVER, position="ปลัดกระทรวง", sort_order=1),
        ],
        kpi_lines=[AgreementKPI(kpi=k, weight=w, sort_order=i) for i, (k, w) in enumerate(lines)], **extra,
    )
    folder.add_child(instance=page)
    return page
