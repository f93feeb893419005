"""Build the demo fiscal year from ``demo.data``. Idempotent: existing objects are kept
as they are (no new revisions, no changed passwords), only missing ones are created."""
import secrets
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Page, Site

from cms import roles
from cms.models import (
    ActionPlanPage,
    AgreementKPI,
    AgreementParty,
    AgreementPage,
    EvaluationFramework,
    FiscalYear,
    FiscalYearPage,
    FrameworkDimension,
    FrameworkWeightRule,
    HomePage,
    KPIBaseline,
    KPIContact,
    KPIManualPage,
    KPITemplatePage,
    Organisation,
    OrganisationYearPage,
    UnitGroup,
)
from evidence.models import EvidenceFolderPage
from khamrap.workflows import ensure_workflows
from reporting import roles as reporting_roles
from thai.calendar import ce_year

from . import data

ROLE_GROUPS = {"editors": roles.EDITORS, "reviewers": roles.REVIEWERS, "executives": roles.EXECUTIVES, "preparers": roles.PREPARERS}


class DemoLoader:
    def __init__(self, stdout=None, reset_passwords=False):
        self.stdout = stdout
        self.reset_passwords = reset_passwords
        self.created = []  # what this run made, for the summary
        self.passwords = []  # (username, role, password) set by this run

    def log(self, message):
        if self.stdout:
            self.stdout.write(message)

    @transaction.atomic
    def run(self):
        self.admin = self.user("admin", "ผู้ดูแลระบบ", superuser=True)
        self.home = self.home_page()
        roles.ensure_fixed_roles(self.home)
        ensure_workflows()
        self.year = self.get_or_create(FiscalYear, {"year_be": data.YEAR_BE}, {"is_current": True})
        self.organisations()
        self.frameworks()
        self.year_page = self.child_page(self.home, FiscalYearPage, f"fy{data.YEAR_BE}", title=f"ปีงบประมาณ พ.ศ. {data.YEAR_BE}", fiscal_year=self.year,
                                         intro="<p>คำรับรองการปฏิบัติราชการ แผนปฏิบัติราชการ และคู่มือตัวชี้วัดของกรมส่งเสริมการบริการประชาชน</p>")
        self.users()  # before the content: the hosted KPI names its supervisor
        self.agency_content(self.ministry, "ministry", self.ministry_framework,
                            [(AgreementParty.MAKER, self.ministry.head_position, self.ministry.name_th),
                             (AgreementParty.RECEIVER, data.MINISTER[self.ministry.abbreviation], self.ministry.name_th)])
        self.agency_content(self.mission_group, "mission-group", self.mission_group_framework,
                            [(AgreementParty.MAKER, self.mission_group.head_position, self.mission_group.name_th),
                             (AgreementParty.RECEIVER, self.ministry.head_position, self.ministry.name_th)])
        for _, department_spec, unit_specs, slug in data.DEPARTMENTS:
            department = self.departments[department_spec["abbreviation"]]
            self.department_content(department, slug)
            ministry = department.parent
            deputy, deputy_organisation = data.DEPUTY_RECEIVERS[department.abbreviation]
            # received by two people: the permanent secretary and the deputy heading the mission group
            self.agency_content(department, slug, self.department_framework,
                                [(AgreementParty.MAKER, department.head_position, department.name_th),
                                 (AgreementParty.RECEIVER, ministry.head_position, ministry.name_th),
                                 (AgreementParty.RECEIVER, deputy, deputy_organisation)])
            for unit in unit_specs:
                self.unit_content(unit, department)
        return self

    # --- generic helpers -------------------------------------------------------------
    def get_or_create(self, model, lookup, defaults=None):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **(defaults or {}))
            obj.full_clean()
            obj.save()
            self.created.append(obj)
        return obj

    def child_page(self, parent, model, slug, publish=True, **fields):
        existing = Page.objects.child_of(parent).filter(slug=slug).first()
        if existing is not None:
            return existing.specific
        page = model(slug=slug, live=False, owner=self.admin, **fields)
        parent.add_child(instance=page)
        revision = page.save_revision(user=self.admin, log_action=True)
        if publish:
            revision.publish(user=self.admin)
            page.refresh_from_db()
        self.created.append(page)
        return page

    def user(self, username, full_name, superuser=False, groups=()):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        first, _, last = full_name.partition(" ")
        if user is None:
            user = User(username=username, first_name=first, last_name=last, email=f"{username}@example.go.th",
                        is_staff=superuser, is_superuser=superuser)
            self.set_password(user, groups[0].name if groups else "ผู้ดูแลระบบ")
            user.save()
            self.created.append(user)
        elif self.reset_passwords:
            self.set_password(user, groups[0].name if groups else "ผู้ดูแลระบบ")
            user.save()
        if groups:
            user.groups.add(*groups)
        return user

    def set_password(self, user, role):
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        self.passwords.append((user.username, role, password))

    # --- content ---------------------------------------------------------------------
    @staticmethod
    def root_after_flush():
        """Wagtail's migrations create the default locale and the root page; a database
        flushed since (transactional tests, ``manage.py flush``) has neither."""
        from django.conf import settings
        from wagtail.models import Locale

        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        return Page.add_root(instance=Page(title="รากของระบบ", slug="root"))

    def home_page(self):
        home = HomePage.objects.first()
        if home is not None:
            return home
        root = Page.get_first_root_node() or self.root_after_flush()
        # Wagtail's "Welcome" page holds the slug "home" on a fresh install; it goes.
        for welcome in Page.objects.child_of(root).filter(slug="home"):
            if welcome.specific_class is Page and not welcome.get_children().exists():
                welcome.delete()
        home = HomePage(title="คำรับรองการปฏิบัติราชการ กรมส่งเสริมการบริการประชาชน", slug="home", live=False, owner=self.admin,
                        intro="<p>เผยแพร่แผนปฏิบัติราชการ คำรับรองการปฏิบัติราชการ และคู่มือตัวชี้วัดของหน่วยงานในสังกัด</p>")
        root.add_child(instance=home)
        home.save_revision(user=self.admin).publish(user=self.admin)
        home.refresh_from_db()
        site = Site.objects.filter(is_default_site=True).first() or Site(hostname="localhost", port=80, is_default_site=True)
        site.root_page = home
        site.site_name = "คำรับรองการปฏิบัติราชการ"
        site.save()
        self.created.append(home)
        return home

    def organisations(self):
        """Every demo organisation, each found by its place in the tree (abbreviation + parent):
        the two departments' กค. are two organisations."""
        self.groups = {key: self.get_or_create(UnitGroup, {"name": name}) for key, name in data.GROUPS.items()}
        self.departments, self.units = {}, {}
        for ministry_spec, department_spec, unit_specs, _ in data.DEPARTMENTS:
            ministry = self.get_or_create(Organisation, {"abbreviation": ministry_spec["abbreviation"], "parent": None},
                                          {"name_th": ministry_spec["name_th"], "level": Organisation.MINISTRY, "head_position": ministry_spec["head_position"]})
            dept = dict(department_spec)
            department = self.get_or_create(Organisation, {"abbreviation": dept.pop("abbreviation"), "parent": ministry},
                                            {**dept, "level": Organisation.DEPARTMENT})
            self.departments[department.abbreviation] = department
            for unit in unit_specs:
                fields = {k: v for k, v in unit.items() if k not in ("slug", "abbreviation", "group")}
                self.units[unit["slug"]] = self.get_or_create(
                    Organisation, {"abbreviation": unit["abbreviation"], "parent": department},
                    {**fields, "level": Organisation.UNIT, "group": self.groups[unit["group"]], "address": department_spec["address"]},
                )
        self.department = self.departments[data.DEPARTMENT["abbreviation"]]
        self.ministry = self.department.parent
        self.mission_group = self.get_or_create(
            Organisation, {"abbreviation": data.MISSION_GROUP["abbreviation"], "parent": self.ministry},
            {"name_th": data.MISSION_GROUP["name_th"], "level": Organisation.MISSION_GROUP, "head_position": data.MISSION_GROUP["head_position"]},
        )
        self.second_department = self.departments[data.SECOND_DEPARTMENT["abbreviation"]]

    def framework(self, spec, level):
        existing = EvaluationFramework.objects.filter(fiscal_year=self.year, level=level).first()
        if existing:
            return existing
        framework = EvaluationFramework(
            fiscal_year=self.year, level=level, name=spec["name"], description=spec.get("description", ""),
            dimensions=[FrameworkDimension(number=n, name=name, weight=w, kpi_type=t) for n, name, w, t in spec["dimensions"]],
            weight_rules=[FrameworkWeightRule(greater_dimensions=g, lesser_dimensions=l) for g, l in spec["rules"]],
        )
        framework.full_clean()
        framework.save()
        self.created.append(framework)
        return framework

    def frameworks(self):
        self.unit_framework = self.framework(data.FRAMEWORK, Organisation.UNIT)
        self.department_framework = self.framework(data.DEPARTMENT_FRAMEWORK, Organisation.DEPARTMENT)
        self.ministry_framework = self.framework(data.MINISTRY_FRAMEWORK, Organisation.MINISTRY)
        self.mission_group_framework = self.framework(data.MISSION_GROUP_FRAMEWORK, Organisation.MISSION_GROUP)

    def folder(self, organisation, slug):
        return self.child_page(self.year_page, OrganisationYearPage, slug, title=f"{organisation.name_th} ปีงบประมาณ {data.YEAR_BE}", organisation=organisation)

    def department_content(self, department, slug):
        folder = self.folder(department, slug)
        self.child_page(folder, ActionPlanPage, "action-plan", title=f"แผนปฏิบัติราชการ{department.name_th} ประจำปีงบประมาณ พ.ศ. {data.YEAR_BE}",
                        summary="แผนปฏิบัติราชการรายปีที่ถ่ายทอดจากแผนปฏิบัติราชการระยะ 5 ปี (พ.ศ. 2566–2570)",
                        body="<h3>ยุทธศาสตร์ที่ 1 ยกระดับการบริการประชาชนสู่ดิจิทัล</h3><p>พัฒนาระบบบริการอิเล็กทรอนิกส์ให้ประชาชนเข้าถึงได้ทุกที่ทุกเวลา</p>"
                             "<h3>ยุทธศาสตร์ที่ 2 เสริมสร้างการมีส่วนร่วมของประชาชน</h3><p>สร้างเครือข่ายภาคประชาชนในทุกภูมิภาค</p>",
                        budget_baht=Decimal("1285400000"))
        self.child_page(folder, KPIManualPage, "kpi-manual", title=f"คู่มือตัวชี้วัดตามคำรับรองการปฏิบัติราชการของหน่วยงานในสังกัด ปีงบประมาณ พ.ศ. {data.YEAR_BE}",
                        intro="<p>รวบรวมรายละเอียดตัวชี้วัดของทุกหน่วยงานในสังกัดกรม เพื่อใช้อ้างอิงในการรายงานผลรอบ 6 9 และ 12 เดือน</p>", include_sub_units=True)

    def agency_content(self, organisation, slug, framework, parties):
        """A ministry's, mission group's or department's own KPI templates and agreement;
        ``parties``: (role, position, organisation name) in the agreement's order."""
        folder = self.folder(organisation, slug)
        pages = [self.kpi_page(folder, organisation, spec, framework=framework) for spec in data.AGENCY_KPIS[slug]]
        makers = [position for role, position, _ in parties if role == AgreementParty.MAKER]
        receivers = " และ".join(position for role, position, _ in parties if role == AgreementParty.RECEIVER)
        self.child_page(folder, AgreementPage, "agreement", title=f"คำรับรองการปฏิบัติราชการของ{organisation.name_th} ประจำปีงบประมาณ พ.ศ. {data.YEAR_BE}",
                        framework=framework, status=AgreementPage.SIGNED,
                        # the organisation is printed under the position unless the position names it
                        parties=[AgreementParty(role=role, position=position, organisation_name="" if name in position else name, sort_order=i)
                                 for i, (role, position, name) in enumerate(parties)],
                        body=f"<p>{makers[0]} ในฐานะผู้ทำคำรับรอง ได้ทำคำรับรองการปฏิบัติราชการกับ{receivers} "
                             f"ในฐานะผู้รับคำรับรอง เพื่อดำเนินการตามตัวชี้วัด น้ำหนัก และค่าเป้าหมายที่กำหนดไว้ในเอกสารนี้</p>",
                        kpi_lines=[AgreementKPI(kpi=p, weight=p.weight, sort_order=i) for i, p in enumerate(pages)])

    def hosted_kpi(self, department):
        """The department's hosted KPI (``data.HOSTED_KPI``), made in its host's folder on first need."""
        spec = data.HOSTED_KPI
        if department.abbreviation != spec["department"]:
            return None
        host_spec = next(u for _, _, units, _ in data.DEPARTMENTS for u in units if u["slug"] == spec["host"])
        host = self.units[spec["host"]]
        kpi_spec = next(k for k in data.common_kpis(host_spec) if k["code"] == spec["code"])
        supervisor = get_user_model().objects.get(username=data.HOSTED_KPI_SUPERVISOR_USER[0])
        return self.kpi_page(self.folder(host, spec["host"]), host, kpi_spec, host_organisation=host, supervisor_users=[supervisor])

    def kpi_page(self, folder, unit, spec, parent_kpi=None, framework=None, **extra):
        framework = framework or self.unit_framework
        dimension = framework.dimensions.get(number=spec.get("dimension", 1))
        levels = spec.get("levels") or [None] * 5
        if spec["kind"] == "milestone" and not spec.get("descriptions"):
            spec = {**spec, "descriptions": data.MILESTONE_PMQA}
        descriptions = spec.get("descriptions") or [
            f"{'ผลการดำเนินงาน' if spec['kind'] == 'quantitative' else 'ระดับ'} {v:,} {spec['unit_of_measure']}" if v is not None else "" for v in levels
        ]
        fields = dict(
            title=spec["title"], code=spec["code"], parent_kpi=parent_kpi, framework=framework, dimension=dimension,
            kind=spec["kind"], is_mandatory=spec.get("mandatory", False), unit_of_measure=spec["unit_of_measure"],
            weight=spec["weight"], direction=spec.get("direction", "higher"),
            **{f"level_{i}": levels[i - 1] for i in range(1, 6)},
            **{f"level_{i}_description": descriptions[i - 1] for i in range(1, 6)},
            description=f"<p>{spec.get('description', spec['title'])}</p>", formula=spec.get("formula", ""),
            conditions=spec.get("conditions", ""), required_evidence=spec.get("required_evidence", "รายงานผลการดำเนินงาน\nหลักฐานการดำเนินงานตามเกณฑ์แต่ละระดับ"),
            data_source=spec.get("data_source", unit.name_th), collection_method=spec.get("collection_method", "รวบรวมจากรายงานผลการดำเนินงานรายไตรมาส"),
            baselines=[KPIBaseline(year_be=y, value=v) for y, v in spec.get("baselines", [(2566, "-"), (2567, "-"), (2568, "-")])],
            contacts=[
                KPIContact(role=KPIContact.SUPERVISOR, name=data.SUPERVISOR["name"], position=unit.head_position, phone=unit.phone, email=f"director.{unit.pk}@example.go.th"),
                KPIContact(role=KPIContact.COLLECTOR, name=data.COLLECTOR["name"], position=data.COLLECTOR["position"], phone=unit.phone, email=f"kpi.{unit.pk}@example.go.th"),
            ],
            **extra,
        )
        return self.child_page(folder, KPITemplatePage, f"kpi-{spec['code'].replace('.', '-')}", **fields)

    def demo_projects(self, unit):
        """Two projects of a unit's action plan, dated inside the demo fiscal year."""
        import datetime as dt

        from cms.models import ActionPlanProject

        year_ce = ce_year(data.YEAR_BE)
        return [
            ActionPlanProject(name="โครงการพัฒนาคุณภาพการให้บริการ", budget_baht=Decimal("450000"), owner=unit.head_position,
                              start=dt.date(year_ce - 1, 11, 1), end=dt.date(year_ce, 3, 31),
                              output="ผู้รับบริการพึงพอใจไม่น้อยกว่าร้อยละ 85", sort_order=0),
            ActionPlanProject(name="โครงการพัฒนาบุคลากรและกระบวนงาน", budget_baht=Decimal("275500"), owner=f"ฝ่ายบริหารทั่วไป {unit.abbreviation}",
                              start=dt.date(year_ce, 1, 1), end=dt.date(year_ce, 9, 30),
                              output="บุคลากรได้รับการพัฒนาอย่างน้อยคนละ 10 ชั่วโมง", sort_order=1),
        ]

    def unit_content(self, unit_spec, department):
        unit = self.units[unit_spec["slug"]]
        folder = self.folder(unit, unit_spec["slug"])
        pages = []
        hosted = self.hosted_kpi(department)
        for spec in data.MISSION_KPIS[unit_spec["slug"]] + data.common_kpis(unit_spec):
            if hosted is not None and spec["code"] == hosted.code:
                pages.append(hosted)  # one template for every unit of the department
                continue
            supervised = data.KPI_SUPERVISOR_KPIS
            extra = {}
            if department.abbreviation == supervised["department"] and spec["code"] == supervised["code"]:
                extra["supervisor_users"] = [get_user_model().objects.get(username=data.KPI_SUPERVISOR_USER[0])]
            page = self.kpi_page(folder, unit, spec, **extra)
            pages.append(page)
            for child in spec.get("children", []):
                pages.append(self.kpi_page(folder, unit, child, parent_kpi=page))
        plan = self.child_page(folder, ActionPlanPage, "action-plan", title=f"แผนปฏิบัติราชการ{unit.name_th} ประจำปีงบประมาณ พ.ศ. {data.YEAR_BE}",
                               summary=f"โครงการและกิจกรรมของ{unit.name_th} ที่สนับสนุนแผนปฏิบัติราชการของกรม",
                               body="<p>แผนนี้มีสองโครงการ รายละเอียดงบประมาณ ผู้รับผิดชอบ และระยะเวลาอยู่ในตารางด้านล่าง</p>",
                               projects=self.demo_projects(unit))
        self.child_page(folder, AgreementPage, "agreement", title=f"คำรับรองการปฏิบัติราชการของ{unit.name_th} ประจำปีงบประมาณ พ.ศ. {data.YEAR_BE}",
                        framework=self.unit_framework, action_plan=plan, status=AgreementPage.SIGNED,
                        parties=[
                            AgreementParty(role=AgreementParty.RECEIVER, position=department.head_position, sort_order=0),
                            AgreementParty(role=AgreementParty.MAKER, position=unit.head_position, sort_order=1),
                            AgreementParty(role=AgreementParty.WITNESS, position=f"รอง{department.head_position}", sort_order=2),
                        ],
                        body=f"<p>{unit.head_position} ในฐานะผู้ทำคำรับรอง ได้ทำคำรับรองการปฏิบัติราชการกับ{department.head_position} "
                             f"ในฐานะผู้รับคำรับรอง เพื่อดำเนินการตามตัวชี้วัด น้ำหนัก และค่าเป้าหมายที่กำหนดไว้ในเอกสารนี้</p>",
                        kpi_lines=[AgreementKPI(kpi=p, weight=p.weight, sort_order=i) for i, p in enumerate(pages)])
        if not EvidenceFolderPage.objects.child_of(folder).exists():
            self.created.append(EvidenceFolderPage.for_organisation_year(folder, self.admin))
        self.child_page(folder, KPIManualPage, "kpi-manual", title=f"คู่มือตัวชี้วัด{unit.name_th} ปีงบประมาณ พ.ศ. {data.YEAR_BE}",
                        intro=f"<p>รายละเอียดตัวชี้วัดตามคำรับรองการปฏิบัติราชการของ{unit.name_th}</p>")

    def users(self):
        for username, full_name, role in data.ROLE_USERS:
            self.user(username, full_name, groups=[Group.objects.get(name=ROLE_GROUPS[role])])
        username, full_name = data.KPI_SUPERVISOR_USER
        self.user(username, full_name, groups=[self.kpi_supervisor_group()])
        username, full_name = data.HOSTED_KPI_SUPERVISOR_USER
        # a KPI's own supervisor signs in through a group with no permission on reports (the
        # installation-wide group would let them act on every department's report)
        hosted = self.user(username, full_name, groups=[self.own_kpi_supervisor_group()])
        hosted.groups.remove(self.kpi_supervisor_group())
        for username, full_name, role in data.SECOND_ROLE_USERS:
            self.user(username, full_name, groups=[roles.role_group(self.second_department, role)])
        for _, _, unit_specs, _ in data.DEPARTMENTS:
            for unit_spec in unit_specs:
                unit = Organisation.objects.get(pk=self.units[unit_spec["slug"]].pk)
                self.user(f"staff_{unit_spec['slug']}", f"เจ้าหน้าที่ {unit.full_abbreviation}", groups=[unit.staff_group])
                self.user(f"head_{unit_spec['slug']}", f"หัวหน้า {unit.full_abbreviation}", groups=[unit.head_group])

    @staticmethod
    def own_kpi_supervisor_group():
        """A KPI's own supervisors sign in through it (made by reporting's migration 0008 and,
        after a flush, by ``reporting.roles.grant_role_permissions``)."""
        return Group.objects.get_or_create(name=reporting_roles.OWN_KPI_SUPERVISORS)[0]

    @staticmethod
    def kpi_supervisor_group():
        """The installation-wide KPI supervisors, step 2's fallback (``reporting.workflows``)."""
        return Group.objects.get_or_create(name=reporting_roles.SUPERVISORS)[0]
