"""A second ministry and department beside the demo's, with units whose abbreviations repeat
the demo department's (กค., กผ., กพร.). Built through the models' own ``full_clean`` and
``save``, the way the admin and the demo loader build them."""
from decimal import Decimal

import pytest

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


@pytest.fixture
def two_departments(demo):
    """(demo department side, second department side): each a dict of user and objects."""
    from django.core.files.base import ContentFile

    from cms.models import EvaluationFramework, Organisation
    from evidence.models import EvidenceFile, EvidenceFolderPage, EvidencePage
    from cms.roles import role_group
    from doc_templates.models import Memo

    _, second, units = build_second_department()
    first = Organisation.find("สสบ.")
    folder = year_folder(units["กค."], "second-finance")
    framework = EvaluationFramework.objects.get(level=Organisation.UNIT, organisation=None)
    second_kpi = kpi(folder, framework, code="1", weight=Decimal(100))
    sides = {}
    for name, department, unit, unit_folder, unit_kpi in [
        ("first", first, Organisation.objects.get(abbreviation="กค.", parent=first),
         demo.folder("finance"), demo.kpi("finance", "1")),
        ("second", second, units["กค."], folder, second_kpi),
    ]:
        users = {}
        for role in ("editor", "reviewer", "executive", "preparer"):
            user = demo.User.objects.create_user(f"{role}_{name}", password="x")
            user.groups.add(role_group(department, role))
            users[role] = user
        unit_kpi.title += " (ร่างแก้ไข)"
        unit_kpi.save_revision()
        memo = Memo(organisation=unit, kind=Memo.MEMO, subject=f"บันทึกของ{unit.full_abbreviation}", live=False)
        memo.save()
        memo.save_revision()
        evidence_folder = EvidenceFolderPage.for_organisation_year(unit_folder)
        evidence = EvidencePage(title=f"หลักฐาน {name}", slug=f"evidence-{name}", kpi=unit_kpi, round=6, live=False)
        evidence_folder.add_child(instance=evidence)
        record = EvidenceFile(page=evidence, original_name="ผล.txt")
        record.file.save("result.txt", ContentFile("ผลการดำเนินงาน".encode()), save=False)
        record.save()
        evidence.save_revision()
        sides[name] = {"department": department, "unit": unit, "users": users, "kpi": unit_kpi, "memo": memo,
                       "evidence_file": record, "folder": unit_folder}
    return sides
