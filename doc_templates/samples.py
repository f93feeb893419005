"""ข้อมูลตัวอย่าง (sample contexts) for tests, the benchmark and trying the engine.

Realistic Thai content for every document kind; the KPI builder makes as
many KPIs as asked with weights summing to 100 (some nested 1 → 1.1, 1.2).
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal

from . import contexts as c

DIRECTOR = c.Person(name="นายสมชาย ใจดี", position="อธิบดีกรมตัวอย่าง")
HEAD = c.Person(
    name="นางสาวสมใจ รักงาน",
    position="ผู้อำนวยการกองยุทธศาสตร์และแผนงาน",
    phone="0 2123 4567",
    email="somjai.r@example.go.th",
)
DEPUTY = c.Person(name="นายประเสริฐ มั่นคง", position="รองอธิบดีกรมตัวอย่าง")


def memo(**overrides) -> c.MemoContext:
    data = dict(
        section="กลุ่มพัฒนาระบบบริหาร กรมตัวอย่าง",
        section_phone="0 2123 4500",
        ref_no="กพร 0501/123",
        date=_dt.date(2026, 11, 21),
        subject="ขอความเห็นชอบกรอบการประเมินผลการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. 2570",
        to="อธิบดีกรมตัวอย่าง",
        body=[
            "ด้วยกลุ่มพัฒนาระบบบริหารได้จัดทำกรอบการประเมินผลการปฏิบัติราชการของหน่วยงานภายใน "
            "ประจำปีงบประมาณ พ.ศ. 2570 ประกอบด้วย 4 มิติ รวม 12 ตัวชี้วัด น้ำหนักรวมร้อยละ 100",
            "จึงเรียนมาเพื่อโปรดพิจารณาให้ความเห็นชอบ",
        ],
        signer=c.Person(name="นางสาวสมใจ รักงาน", position="ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร"),
    )
    data.update(overrides)
    return c.MemoContext(**data)


def letter(**overrides) -> c.LetterContext:
    data = dict(
        ref_no="กต 0501/456",
        sender_address="กรมตัวอย่าง\nถนนพระรามที่ 6 แขวงทุ่งพญาไท\nเขตราชเทวี กรุงเทพฯ 10400",
        date=_dt.date(2026, 11, 21),
        subject="ส่งคำรับรองการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. 2570",
        to="เลขาธิการ ก.พ.ร.",
        references=["หนังสือสำนักงาน ก.พ.ร. ที่ นร 1200/789 ลงวันที่ 1 ตุลาคม 2569"],
        enclosures=["คำรับรองการปฏิบัติราชการ จำนวน 1 ชุด", "รายละเอียดตัวชี้วัด จำนวน 1 ชุด"],
        body=[
            "ตามหนังสือที่อ้างถึง สำนักงาน ก.พ.ร. ขอให้ส่วนราชการส่งคำรับรองการปฏิบัติราชการ "
            "ประจำปีงบประมาณ พ.ศ. 2570 ภายในวันที่ 30 พฤศจิกายน 2569 นั้น",
            "กรมตัวอย่างขอส่งคำรับรองการปฏิบัติราชการที่ลงนามแล้ว รายละเอียดตามสิ่งที่ส่งมาด้วย",
            "จึงเรียนมาเพื่อโปรดทราบ",
        ],
        signer=DIRECTOR,
        owner_section="กลุ่มพัฒนาระบบบริหาร",
        phone="0 2123 4500",
        fax="0 2123 4599",
        email="opdc@example.go.th",
    )
    data.update(overrides)
    return c.LetterContext(**data)


_NAMES = [
    "ร้อยละความสำเร็จของการดำเนินงานตามแผนปฏิบัติราชการ",
    "ระดับความสำเร็จของการพัฒนาระบบบริการประชาชนผ่านช่องทางดิจิทัล",
    "ร้อยละของการเบิกจ่ายงบประมาณรายจ่ายภาพรวม",
    "ระดับความพึงพอใจของผู้รับบริการ",
    "ระยะเวลาเฉลี่ยในการให้บริการประชาชน",
    "ระดับความสำเร็จของการพัฒนาคุณภาพการบริหารจัดการภาครัฐ (PMQA)",
]


def kpi(code: str, weight, kind: str = c.QUANTITATIVE, name: str | None = None, **overrides) -> c.KpiContext:
    """One complete KPI template (every §4 field filled)."""
    idx = sum(map(ord, code)) % len(_NAMES)
    data = dict(
        code=code,
        name=name or _NAMES[idx],
        weight=weight,
        dimension="มิติที่ 1 ด้านประสิทธิผล",
        kind=kind,
        unit_of_measure="ร้อยละ" if kind == c.QUANTITATIVE else "ระดับ",
        direction=c.HIGHER_BETTER,
        target=80 if kind == c.QUANTITATIVE else 3,
        levels=[c.KpiLevel(level=n, value=60 + 10 * n) for n in range(1, 6)]
        if kind == c.QUANTITATIVE
        else [c.KpiLevel(level=n, description=f"ผลงานอยู่ในระดับ {n} ตามที่คณะกรรมการกำหนด") for n in range(1, 6)]
        if kind == c.QUALITATIVE
        else [],
        milestone_steps=[
            "แต่งตั้งคณะทำงานและจัดทำแผนการดำเนินงาน",
            "ดำเนินการตามแผนครบถ้วนร้อยละ 50",
            "ดำเนินการตามแผนครบถ้วนร้อยละ 100",
            "ติดตามและประเมินผลการดำเนินงาน",
            "จัดทำรายงานสรุปผลและข้อเสนอแนะเสนอผู้บริหาร",
        ]
        if kind == c.MILESTONE
        else [],
        baseline=[
            c.BaselineYear(year_be=2566, value=72.5),
            c.BaselineYear(year_be=2567, value=78),
            c.BaselineYear(year_be=2568, value=None),
        ],
        description="พิจารณาจากผลการดำเนินงานตามโครงการที่กำหนดไว้ในแผนปฏิบัติราชการประจำปี",
        definitions=[c.Definition(term="แผนปฏิบัติราชการ", meaning="แผนที่ส่วนราชการจัดทำตามพระราชกฤษฎีกาว่าด้วยหลักเกณฑ์และวิธีการบริหารกิจการบ้านเมืองที่ดี")],
        formula="(จำนวนโครงการที่ดำเนินการแล้วเสร็จ ÷ จำนวนโครงการทั้งหมด) × 100",
        conditions=["นับเฉพาะโครงการที่ได้รับอนุมัติภายในวันที่ 31 ธันวาคม"],
        evidence=["รายงานผลการดำเนินงานโครงการ", "หนังสืออนุมัติโครงการ"],
        data_source="ระบบติดตามและประเมินผลของกรม",
        collection_method="รวบรวมรายงานจากหน่วยงานทุกไตรมาส",
        supervisors=[HEAD],
        collectors=[c.Person(name="นายวิชัย ขยัน", position="นักวิเคราะห์นโยบายและแผนชำนาญการ",
                             phone="0 2123 4568", email="wichai.k@example.go.th")],
    )
    data.update(overrides)
    return c.KpiContext(**data)


def kpis(count: int) -> list[c.KpiContext]:
    """``count`` KPIs in total whose top-level weights sum to 100; the first is
    a parent with two sub-KPIs (counted in ``count``) when count >= 4."""
    out: list[c.KpiContext] = []
    kinds = [c.QUANTITATIVE, c.MILESTONE, c.QUALITATIVE]
    if count >= 4:
        tops = count - 2
    else:
        tops = count
    base = Decimal(100) / tops
    weights = [base.quantize(Decimal("0.01")) for _ in range(tops)]
    weights[-1] += Decimal(100) - sum(weights)
    for i, w in enumerate(weights, start=1):
        if i == 1 and count >= 4:
            half = (w / 2).quantize(Decimal("0.01"))
            out.append(
                c.KpiContext(
                    code="1",
                    name="ผลสัมฤทธิ์ของการดำเนินงานตามภารกิจหลัก",
                    weight=w,
                    sub_kpis=[kpi("1.1", half), kpi("1.2", w - half, kind=c.MILESTONE)],
                )
            )
        else:
            out.append(kpi(str(i), w, kind=kinds[i % 3]))
    return out


def agreement(n_kpis: int = 6, **overrides) -> c.AgreementBookletContext:
    data = dict(
        fiscal_year_be=2570,
        organisation="กองยุทธศาสตร์และแผนงาน",
        organisation_abbr="กยผ.",
        parent_organisation="กรมตัวอย่าง",
        receiver=DIRECTOR,
        maker=HEAD,
        witness=DEPUTY,
        action_plan="แผนปฏิบัติราชการกรมตัวอย่าง ระยะ 5 ปี (พ.ศ. 2566-2570)",
        action_plan_projects=[
            c.PlanProject(name="โครงการพัฒนาระบบบริการอิเล็กทรอนิกส์", budget_baht=Decimal("2500000"),
                          owner="ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร", start=_dt.date(2026, 10, 1), end=_dt.date(2027, 9, 30)),
            c.PlanProject(name="โครงการพัฒนาบุคลากร", budget_baht=Decimal("1200000.50"), owner="สำนักงานเลขานุการกรม",
                          start=_dt.date(2027, 1, 1), end=_dt.date(2027, 6, 30)),
        ],
        sign_date=_dt.date(2026, 10, 15),
        kpis=kpis(n_kpis),
    )
    data.update(overrides)
    return c.AgreementBookletContext(**data)


def manual(n_kpis: int = 6, **overrides) -> c.ManualBookletContext:
    data = dict(
        fiscal_year_be=2570,
        organisation="กรมตัวอย่าง",
        prepared_by="กลุ่มพัฒนาระบบบริหาร",
        foreword=["คู่มือตัวชี้วัดฉบับนี้จัดทำขึ้นเพื่อเป็นแนวทางให้หน่วยงานใช้ในการจัดเก็บข้อมูลและรายงานผล"],
        kpis=kpis(n_kpis),
    )
    data.update(overrides)
    return c.ManualBookletContext(**data)


def sar(round_months: int = 12, **overrides) -> c.SarReportContext:
    quant = kpi("1", 40)
    quali = kpi("2", 30, kind=c.QUALITATIVE)
    mile = kpi("3", 30, kind=c.MILESTONE)
    data = dict(
        fiscal_year_be=2570,
        round_months=round_months,
        organisation="กองยุทธศาสตร์และแผนงาน",
        reports=[
            c.KpiReport(
                kpi=quant, result=85.5, self_score=Decimal("3.55"), reviewer_score=Decimal("3.5"),
                performance="ดำเนินโครงการแล้วเสร็จ 17 โครงการ จาก 20 โครงการ",
                supporting_factors="ผู้บริหารให้ความสำคัญและติดตามอย่างใกล้ชิด",
                obstacles="การจัดซื้อจัดจ้างล่าช้าในไตรมาสแรก",
                improvements="วางแผนการจัดซื้อจัดจ้างล่วงหน้าตั้งแต่ต้นปีงบประมาณ",
                evidence=["รายงานผลการดำเนินงานโครงการ รอบ 12 เดือน"],
            ),
            c.KpiReport(
                kpi=quali, narrative="พัฒนาระบบบริการออนไลน์ครบทุกงานบริการหลัก ผู้รับบริการพึงพอใจ",
                self_score=4, reviewer_score=Decimal("3.8"),
                performance="เปิดให้บริการออนไลน์ 12 งานบริการ",
                supporting_factors="มีระบบเทคโนโลยีสารสนเทศรองรับ",
                obstacles="บุคลากรบางส่วนยังไม่คุ้นเคยกับระบบ",
                improvements="จัดอบรมเชิงปฏิบัติการเพิ่มเติม",
            ),
            c.KpiReport(
                kpi=mile,
                steps=[c.MilestoneStep(text=s, done=i < 4) for i, s in enumerate(mile.milestone_steps)],
                self_score=4, reviewer_score=None,
                performance="ดำเนินการครบ 4 ขั้นตอน",
            ),
        ],
        reporter=HEAD,
        report_date=_dt.date(2026, 10, 20),
    )
    data.update(overrides)
    return c.SarReportContext(**data)


def score_announcement(**overrides) -> c.ScoreAnnouncementContext:
    data = dict(
        memo=memo(
            subject="ประกาศผลคะแนนการประเมินผลการปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. 2569",
            to="ผู้อำนวยการทุกกอง",
            body=["ตามที่คณะกรรมการได้ประเมินผลการปฏิบัติราชการของหน่วยงานภายใน ประจำปีงบประมาณ พ.ศ. 2569 "
                  "เสร็จเรียบร้อยแล้ว จึงขอแจ้งผลคะแนน ดังนี้"],
        ),
        rows=[
            c.ScoreRow(unit="กองยุทธศาสตร์และแผนงาน", score=Decimal("4.71235"), rank=1),
            c.ScoreRow(unit="สำนักงานเลขานุการกรม", score=4.5, rank=2),
            c.ScoreRow(unit="กองคลัง", score=Decimal("3.9876"), rank=3),
        ],
        after_table=["จึงเรียนมาเพื่อโปรดทราบ"],
        table_title="ผลคะแนนการประเมินผลการปฏิบัติราชการ",
    )
    data.update(overrides)
    return c.ScoreAnnouncementContext(**data)
