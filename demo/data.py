"""Demo fiscal year 2569: a fictional ministry written the way real agencies write.

Plain data only; ``demo.loader`` turns it into snippets, pages and users.
"""
from decimal import Decimal as D

YEAR_BE = 2569

MINISTRY = {"name_th": "กระทรวงการพัฒนาสังคมและบริการประชาชน", "abbreviation": "พสบ.", "head_position": "ปลัดกระทรวงการพัฒนาสังคมและบริการประชาชน"}
DEPARTMENT = {
    "name_th": "กรมส่งเสริมการบริการประชาชน", "abbreviation": "สสบ.", "head_position": "อธิบดีกรมส่งเสริมการบริการประชาชน",
    "phone": "0 2141 5000", "fax": "0 2141 5001",
    "address": "ศูนย์ราชการเฉลิมพระเกียรติ อาคารบี ถนนแจ้งวัฒนะ แขวงทุ่งสองห้อง เขตหลักสี่ กรุงเทพฯ 10210",
}
GROUPS = {
    "central": "กลุ่มหน่วยงานส่วนกลาง (สนับสนุน)",
    "service": "กลุ่มหน่วยงานให้บริการประชาชน",
}
# slug is the Latin handle used for page slugs and demo user names.
UNITS = [
    {"slug": "secretariat", "name_th": "สำนักงานเลขานุการกรม", "abbreviation": "สล.", "group": "central", "head_position": "เลขานุการกรม", "phone": "0 2141 5010"},
    {"slug": "plan", "name_th": "กองแผนงาน", "abbreviation": "กผ.", "group": "central", "head_position": "ผู้อำนวยการกองแผนงาน", "phone": "0 2141 5020"},
    {"slug": "finance", "name_th": "กองคลัง", "abbreviation": "กค.", "group": "central", "head_position": "ผู้อำนวยการกองคลัง", "phone": "0 2141 5030"},
    {"slug": "opdc", "name_th": "กลุ่มพัฒนาระบบบริหาร", "abbreviation": "กพร.", "group": "central", "head_position": "ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร", "phone": "0 2141 5040", "is_admin_development": True},
    {"slug": "ict", "name_th": "ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร", "abbreviation": "ศทส.", "group": "central", "head_position": "ผู้อำนวยการศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร", "phone": "0 2141 5050"},
    {"slug": "service", "name_th": "สำนักบริการประชาชน", "abbreviation": "สบป.", "group": "service", "head_position": "ผู้อำนวยการสำนักบริการประชาชน", "phone": "0 2141 5060"},
    {"slug": "participation", "name_th": "กองส่งเสริมการมีส่วนร่วมของประชาชน", "abbreviation": "กสม.", "group": "service", "head_position": "ผู้อำนวยการกองส่งเสริมการมีส่วนร่วมของประชาชน", "phone": "0 2141 5070"},
    {"slug": "region1", "name_th": "ศูนย์บริการประชาชนเขต 1 (เชียงใหม่)", "abbreviation": "ศบป.1", "group": "service", "head_position": "ผู้อำนวยการศูนย์บริการประชาชนเขต 1", "phone": "0 5311 2000"},
    {"slug": "region2", "name_th": "ศูนย์บริการประชาชนเขต 2 (ขอนแก่น)", "abbreviation": "ศบป.2", "group": "service", "head_position": "ผู้อำนวยการศูนย์บริการประชาชนเขต 2", "phone": "0 4324 3000"},
]

# A second ministry and department in the same installation (issue 11): their units repeat
# three of the first department's abbreviations (สล., กผ., กค.) and the กพร.; abbreviations are
# unique among siblings only, so the demo's own lookups go by place in the tree.
SECOND_MINISTRY = {"name_th": "กระทรวงทรัพยากรน้ำและการเกษตรชุมชน", "abbreviation": "ทนก.", "head_position": "ปลัดกระทรวงทรัพยากรน้ำและการเกษตรชุมชน"}
SECOND_DEPARTMENT = {
    "name_th": "กรมส่งเสริมเกษตรกรรมชุมชน", "abbreviation": "สกช.", "head_position": "อธิบดีกรมส่งเสริมเกษตรกรรมชุมชน",
    "phone": "0 2579 3000", "fax": "0 2579 3001",
    "address": "เลขที่ 2143 ถนนพหลโยธิน แขวงลาดยาว เขตจตุจักร กรุงเทพฯ 10900",
}
# slug prefix "agri-": folders and demo user names (staff_agri-plan …) stay unique.
SECOND_UNITS = [
    {"slug": "agri-secretariat", "name_th": "สำนักงานเลขานุการกรม", "abbreviation": "สล.", "group": "central", "head_position": "เลขานุการกรมส่งเสริมเกษตรกรรมชุมชน", "phone": "0 2579 3010"},
    {"slug": "agri-plan", "name_th": "กองแผนงาน", "abbreviation": "กผ.", "group": "central", "head_position": "ผู้อำนวยการกองแผนงาน กรมส่งเสริมเกษตรกรรมชุมชน", "phone": "0 2579 3020"},
    {"slug": "agri-finance", "name_th": "กองคลัง", "abbreviation": "กค.", "group": "central", "head_position": "ผู้อำนวยการกองคลัง กรมส่งเสริมเกษตรกรรมชุมชน", "phone": "0 2579 3030"},
    {"slug": "agri-opdc", "name_th": "กลุ่มพัฒนาระบบบริหาร", "abbreviation": "กพร.", "group": "central", "head_position": "ผู้อำนวยการกลุ่มพัฒนาระบบบริหาร กรมส่งเสริมเกษตรกรรมชุมชน", "phone": "0 2579 3040", "is_admin_development": True},
    {"slug": "agri-extension", "name_th": "กองส่งเสริมวิสาหกิจชุมชน", "abbreviation": "กสว.", "group": "service", "head_position": "ผู้อำนวยการกองส่งเสริมวิสาหกิจชุมชน", "phone": "0 2579 3050"},
]
# A mission group (กลุ่มภารกิจ) of the first ministry: its head, a deputy permanent secretary,
# is the second receiver of the department's agreement. It sits beside the department (not
# above it) so the department keeps its place in the tree (พสบ./สสบ.).
MISSION_GROUP = {"name_th": "กลุ่มภารกิจด้านบริการประชาชน", "abbreviation": "กภบ.",
                 "head_position": "รองปลัดกระทรวงการพัฒนาสังคมและบริการประชาชน หัวหน้ากลุ่มภารกิจด้านบริการประชาชน"}
# The second receiver of each department's agreement (position, organisation printed under it).
DEPUTY_RECEIVERS = {
    "สสบ.": (MISSION_GROUP["head_position"], MISSION_GROUP["name_th"]),
    "สกช.": ("รองปลัดกระทรวงทรัพยากรน้ำและการเกษตรชุมชน หัวหน้ากลุ่มภารกิจด้านเกษตรชุมชน", SECOND_MINISTRY["name_th"]),
}
MINISTER = {"พสบ.": "รัฐมนตรีว่าการกระทรวงการพัฒนาสังคมและบริการประชาชน"}
# (ministry, department, units, home-page folder slug of the department)
DEPARTMENTS = [
    (MINISTRY, DEPARTMENT, UNITS, "department"),
    (SECOND_MINISTRY, SECOND_DEPARTMENT, SECOND_UNITS, "agri-department"),
]

FRAMEWORK = {
    "name": "กรอบการประเมินผลการปฏิบัติราชการของหน่วยงานในสังกัด ประจำปีงบประมาณ พ.ศ. 2569",
    "description": "มิติภายนอก (ประสิทธิผลและคุณภาพการให้บริการ) ต้องมีน้ำหนักมากกว่ามิติภายใน (ประสิทธิภาพและการพัฒนาองค์การ)",
    "dimensions": [
        (1, "ประสิทธิผล", D(60), "negotiated"),
        (2, "คุณภาพการให้บริการ", D(10), "any"),
        (3, "ประสิทธิภาพของการปฏิบัติราชการ", D(15), "mandatory"),
        (4, "การพัฒนาองค์การ", D(15), "mandatory"),
    ],
    "rules": [("1,2", "3,4")],
}
DEPARTMENT_FRAMEWORK = {
    "name": "กรอบการประเมินผลการปฏิบัติราชการของกรม ประจำปีงบประมาณ พ.ศ. 2569",
    "dimensions": [(1, "ประสิทธิผล", D(70), "any"), (2, "คุณภาพการให้บริการ", D(10), "any"), (3, "ประสิทธิภาพของการปฏิบัติราชการ", D(10), "any"), (4, "การพัฒนาองค์การ", D(10), "any")],
    "rules": [("1,2", "3,4")],
}

# Ministries and mission groups: OPDC's two components (performance base, potential base).
MINISTRY_FRAMEWORK = {
    "name": "กรอบการประเมินผลการปฏิบัติราชการของกระทรวง ประจำปีงบประมาณ พ.ศ. 2569",
    "dimensions": [(1, "การประเมินประสิทธิผลการดำเนินงาน (Performance Base)", D(70), "any"), (2, "การประเมินศักยภาพในการดำเนินการ (Potential Base)", D(30), "any")],
    "rules": [("1", "2")],
}
MISSION_GROUP_FRAMEWORK = {
    "name": "กรอบการประเมินผลการปฏิบัติราชการของกลุ่มภารกิจ ประจำปีงบประมาณ พ.ศ. 2569",
    "dimensions": MINISTRY_FRAMEWORK["dimensions"],
    "rules": [("1", "2")],
}
_POTENTIAL = {"code": "2", "title": "ระดับความสำเร็จของการพัฒนาองค์การสู่ระบบราชการ 4.0 (PMQA 4.0)", "dimension": 2, "kind": "milestone",
              "unit_of_measure": "ระดับ", "weight": D(30), "descriptions": None}
# KPI templates of the agencies' own agreements (folder slug → specs); descriptions None = PMQA steps.
AGENCY_KPIS = {
    "ministry": [
        {"code": "1", "title": "ร้อยละของบริการภาครัฐที่ประชาชนทำธุรกรรมผ่านระบบดิจิทัลได้ครบวงจร", "kind": "quantitative", "unit_of_measure": "ร้อยละ",
         "weight": D(70), "levels": [D(60), D(65), D(70), D(75), D(80)]},
        _POTENTIAL,
    ],
    "mission-group": [
        {"code": "1", "title": "ระดับความสำเร็จของการบูรณาการบริการประชาชนของส่วนราชการในกลุ่มภารกิจ", "kind": "milestone", "unit_of_measure": "ระดับ",
         "weight": D(70), "descriptions": ["แต่งตั้งคณะทำงานบูรณาการของกลุ่มภารกิจ", "จัดทำแผนบูรณาการร่วมกัน", "ดำเนินการตามแผนครบทุกกิจกรรม",
                                           "ติดตามผลและรายงานต่อปลัดกระทรวง", "ผู้รับบริการพึงพอใจต่อบริการที่บูรณาการไม่น้อยกว่าร้อยละ 85"]},
        _POTENTIAL,
    ],
    "department": [
        {"code": "1", "title": "ร้อยละของประชาชนที่ได้รับบริการตามมาตรฐานที่กำหนด", "kind": "quantitative", "unit_of_measure": "ร้อยละ", "weight": D(70), "levels": [D(80), D(85), D(90), D(95), D(100)]},
        {"code": "2", "title": "ร้อยละความพึงพอใจของผู้รับบริการของกรม", "kind": "quantitative", "unit_of_measure": "ร้อยละ", "weight": D(10), "dimension": 2, "levels": [D(80), D(82.5), D(85), D(87.5), D(90)]},
        {"code": "3", "title": "ร้อยละการเบิกจ่ายเงินงบประมาณรายจ่ายภาพรวมของกรม", "kind": "quantitative", "unit_of_measure": "ร้อยละ", "weight": D(10), "dimension": 3, "levels": [D(92), D(94), D(96), D(98), D(100)]},
        {**_POTENTIAL, "code": "4", "dimension": 4, "weight": D(10)},
    ],
    "agri-department": [
        {"code": "1", "title": "จำนวนเกษตรกรที่ได้รับการส่งเสริมจนมีรายได้เพิ่มขึ้น", "kind": "quantitative", "unit_of_measure": "ราย", "weight": D(70), "levels": [D(8000), D(9000), D(10000), D(11000), D(12000)]},
        {"code": "2", "title": "ร้อยละความพึงพอใจของเกษตรกรผู้รับบริการ", "kind": "quantitative", "unit_of_measure": "ร้อยละ", "weight": D(10), "dimension": 2, "levels": [D(80), D(82.5), D(85), D(87.5), D(90)]},
        {"code": "3", "title": "ร้อยละการเบิกจ่ายเงินงบประมาณรายจ่ายภาพรวมของกรม", "kind": "quantitative", "unit_of_measure": "ร้อยละ", "weight": D(10), "dimension": 3, "levels": [D(92), D(94), D(96), D(98), D(100)]},
        {**_POTENTIAL, "code": "4", "dimension": 4, "weight": D(10)},
    ],
}
# One KPI hosted by a unit for every unit of its department (เจ้าภาพตัวชี้วัด): in the second
# department, กองคลัง hosts the budget-disbursement KPI 3; the other units' agreements carry
# that one template instead of a copy of their own, and its supervisor scores it for them all.
HOSTED_KPI = {"department": "สกช.", "host": "agri-finance", "code": "3"}

MILESTONE_PMQA = [
    "จัดตั้งคณะทำงานและวิเคราะห์องค์การตามเกณฑ์ PMQA 4.0 แล้วเสร็จ",
    "จัดทำแผนพัฒนาองค์การอย่างน้อย 1 หมวด และเสนอผู้บริหารให้ความเห็นชอบ",
    "ดำเนินการตามแผนพัฒนาองค์การได้ครบทุกกิจกรรมภายในไตรมาสที่ 3",
    "ติดตามและรายงานผลการดำเนินการตามแผนต่อคณะทำงาน กพร. ภายในเดือนสิงหาคม",
    "ผลการประเมินตนเองตามเกณฑ์ PMQA 4.0 สูงขึ้นจากปีที่ผ่านมา และมีนวัตกรรมอย่างน้อย 1 เรื่อง",
]
QUALITATIVE_LEVELS = [
    "ผลงานต่ำกว่ามาตรฐานอย่างมาก ไม่มีหลักฐานการดำเนินงาน",
    "ดำเนินการได้บางส่วน หลักฐานไม่ครบถ้วน",
    "ดำเนินการได้ครบถ้วนตามเป้าหมาย มีหลักฐานประกอบ",
    "ดำเนินการได้ครบถ้วนและมีการนำผลไปปรับปรุงงาน",
    "ดำเนินการได้ดีเยี่ยม เป็นแบบอย่างที่ดีและขยายผลได้",
]


def common_kpis(unit):
    """Dimensions 2–4: the same four templates in every unit (3 and 4 are mandatory)."""
    return [
        {
            "code": "2", "title": "ร้อยละความพึงพอใจของผู้รับบริการ", "dimension": 2, "kind": "quantitative",
            "unit_of_measure": "ร้อยละ", "weight": D(10), "levels": [D(80), D(82.5), D(85), D(87.5), D(90)],
            "baselines": [(2566, "83.10"), (2567, "84.25"), (2568, "85.40")],
            "description": "ความพึงพอใจของผู้รับบริการต่อกระบวนการ เจ้าหน้าที่ สิ่งอำนวยความสะดวก และคุณภาพการให้บริการ",
            "formula": "(ผลรวมคะแนนความพึงพอใจ ÷ คะแนนเต็ม) × 100",
            "required_evidence": "แบบสำรวจความพึงพอใจและสรุปผลการสำรวจ\nรายงานวิเคราะห์ข้อร้องเรียนและข้อเสนอแนะ",
            "data_source": f"แบบสำรวจความพึงพอใจของ{unit['name_th']}",
            "collection_method": "สำรวจด้วยแบบสอบถามออนไลน์และกระดาษ ณ จุดให้บริการ ไตรมาสละ 1 ครั้ง",
        },
        {
            "code": "3", "title": "ร้อยละการเบิกจ่ายเงินงบประมาณรายจ่ายภาพรวม", "dimension": 3, "kind": "quantitative",
            "mandatory": True, "unit_of_measure": "ร้อยละ", "weight": D(15), "levels": [D(92), D(94), D(96), D(98), D(100)],
            "baselines": [(2566, "95.12"), (2567, "96.80"), (2568, "97.05")],
            "description": "ตัวชี้วัดภาคบังคับ: ผลการเบิกจ่ายงบประมาณรายจ่ายภาพรวมเทียบกับวงเงินที่ได้รับจัดสรร ณ สิ้นปีงบประมาณ",
            "formula": "(ผลการเบิกจ่ายงบประมาณ ÷ วงเงินงบประมาณที่ได้รับจัดสรร) × 100",
            "conditions": "ใช้ข้อมูลจากระบบ New GFMIS Thai ณ วันที่ 30 กันยายน 2569",
            "required_evidence": "รายงานผลการเบิกจ่ายจากระบบ New GFMIS Thai\nแผนการใช้จ่ายงบประมาณรายไตรมาส",
            "data_source": "ระบบบริหารการเงินการคลังภาครัฐแบบอิเล็กทรอนิกส์ใหม่ (New GFMIS Thai)",
            "collection_method": "กองคลังรวบรวมข้อมูลรายเดือนและแจ้งหน่วยงาน",
        },
        {
            "code": "4", "title": "ระดับความสำเร็จของการพัฒนาองค์การสู่ระบบราชการ 4.0 (PMQA 4.0)", "dimension": 4, "kind": "milestone",
            "mandatory": True, "unit_of_measure": "ระดับ", "weight": D(15), "descriptions": MILESTONE_PMQA,
            "baselines": [(2566, "ระดับ 4"), (2567, "ระดับ 4"), (2568, "ระดับ 5")],
            "description": "การพัฒนาคุณภาพการบริหารจัดการภาครัฐตามเกณฑ์ PMQA 4.0 อย่างต่อเนื่อง",
            "required_evidence": "คำสั่งแต่งตั้งคณะทำงาน\nแผนพัฒนาองค์การที่ผู้บริหารเห็นชอบ\nรายงานผลการดำเนินงานตามแผน",
            "data_source": "กลุ่มพัฒนาระบบบริหาร (กพร.)",
            "collection_method": "หน่วยงานรายงานผลผ่านระบบ e-SAR ตามรอบ 6 9 และ 12 เดือน",
        },
    ]


# Dimension 1 (60%) is negotiated per unit; sub-KPIs show nesting.
MISSION_KPIS = {
    "secretariat": [
        {"code": "1", "title": "ร้อยละของหนังสือราชการที่ดำเนินการผ่านระบบสารบรรณอิเล็กทรอนิกส์", "kind": "quantitative", "unit_of_measure": "ร้อยละ", "weight": D(60), "levels": [D(70), D(75), D(80), D(85), D(90)]},
    ],
    "plan": [
        {"code": "1", "title": "ระดับความสำเร็จของการจัดทำแผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2570", "kind": "milestone", "unit_of_measure": "ระดับ", "weight": D(30),
         "descriptions": ["แต่งตั้งคณะทำงานจัดทำแผน", "วิเคราะห์สภาพแวดล้อมและทบทวนยุทธศาสตร์", "ยกร่างแผนและรับฟังความคิดเห็น", "เสนอแผนต่ออธิบดีให้ความเห็นชอบ", "เผยแพร่แผนและถ่ายทอดสู่หน่วยงานภายในเดือนตุลาคม"]},
        {"code": "5", "title": "คุณภาพของรายงานการติดตามและประเมินผลแผนปฏิบัติราชการ", "kind": "qualitative", "unit_of_measure": "ระดับ", "weight": D(30), "descriptions": QUALITATIVE_LEVELS, "dimension": 1},
    ],
    "finance": [
        {"code": "1", "title": "ร้อยละของการเบิกจ่ายเงินที่ตรวจสอบและอนุมัติภายในระยะเวลาที่กำหนด", "kind": "quantitative", "unit_of_measure": "ร้อยละ", "weight": D(60), "levels": [D(85), D(88), D(91), D(94), D(97)]},
    ],
    "opdc": [
        {"code": "1", "title": "ระดับความสำเร็จของการจัดทำคำรับรองการปฏิบัติราชการของหน่วยงานในสังกัด", "kind": "milestone", "unit_of_measure": "ระดับ", "weight": D(60),
         "descriptions": ["เสนอกรอบการประเมินผลต่ออธิบดี", "แจ้งกรอบการประเมินผลให้หน่วยงาน", "เจรจาตัวชี้วัดกับหน่วยงานครบทุกหน่วย", "จัดพิธีลงนามคำรับรองภายในเดือนธันวาคม", "เผยแพร่คู่มือตัวชี้วัดบนเว็บไซต์ภายในเดือนมกราคม"]},
    ],
    "ict": [
        {"code": "1", "title": "ร้อยละความพร้อมใช้งานของระบบบริการอิเล็กทรอนิกส์", "kind": "quantitative", "unit_of_measure": "ร้อยละ", "weight": D(60), "levels": [D(97), D(97.5), D(98), D(98.5), D(99)]},
    ],
    "service": [
        {"code": "1", "title": "ประสิทธิผลการให้บริการประชาชน", "kind": "quantitative", "unit_of_measure": "ร้อยละ", "weight": D(60), "levels": [D(60), D(65), D(70), D(75), D(80)],
         "children": [
             {"code": "1.1", "title": "ระยะเวลาเฉลี่ยในการให้บริการต่อเรื่อง", "kind": "quantitative", "unit_of_measure": "วัน", "weight": D(30), "direction": "lower", "levels": [D(15), D(13), D(11), D(9), D(7)]},
             {"code": "1.2", "title": "ร้อยละของเรื่องร้องเรียนที่ได้รับการแก้ไขแล้วเสร็จ", "kind": "quantitative", "unit_of_measure": "ร้อยละ", "weight": D(30), "levels": [D(80), D(85), D(90), D(95), D(100)]},
         ]},
    ],
    "participation": [
        {"code": "1", "title": "ระดับคุณภาพของเครือข่ายภาคประชาชนที่ได้รับการส่งเสริม", "kind": "qualitative", "unit_of_measure": "ระดับ", "weight": D(60), "descriptions": QUALITATIVE_LEVELS},
    ],
    "region1": [
        {"code": "1", "title": "จำนวนผู้รับบริการที่ได้รับบริการแบบเบ็ดเสร็จ ณ จุดเดียว", "kind": "quantitative", "unit_of_measure": "ราย", "weight": D(60), "levels": [D(8000), D(9000), D(10000), D(11000), D(12000)]},
    ],
    "region2": [
        {"code": "1", "title": "จำนวนผู้รับบริการที่ได้รับบริการแบบเบ็ดเสร็จ ณ จุดเดียว", "kind": "quantitative", "unit_of_measure": "ราย", "weight": D(60), "levels": [D(7000), D(8000), D(9000), D(10000), D(11000)]},
    ],
    "agri-secretariat": [
        {"code": "1", "title": "ร้อยละของหนังสือราชการที่ดำเนินการผ่านระบบสารบรรณอิเล็กทรอนิกส์", "kind": "quantitative", "unit_of_measure": "ร้อยละ", "weight": D(60), "levels": [D(70), D(75), D(80), D(85), D(90)]},
    ],
    "agri-plan": [
        {"code": "1", "title": "ระดับความสำเร็จของการจัดทำแผนปฏิบัติราชการด้านการเกษตรชุมชน", "kind": "milestone", "unit_of_measure": "ระดับ", "weight": D(60),
         "descriptions": ["แต่งตั้งคณะทำงานจัดทำแผน", "วิเคราะห์ข้อมูลเกษตรกรรายจังหวัด", "ยกร่างแผนและรับฟังความคิดเห็น", "เสนอแผนต่ออธิบดีให้ความเห็นชอบ", "ถ่ายทอดแผนสู่สำนักงานจังหวัดภายในเดือนตุลาคม"]},
    ],
    "agri-finance": [
        {"code": "1", "title": "ร้อยละของการเบิกจ่ายเงินอุดหนุนเกษตรกรภายในระยะเวลาที่กำหนด", "kind": "quantitative", "unit_of_measure": "ร้อยละ", "weight": D(60), "levels": [D(80), D(85), D(90), D(95), D(100)]},
    ],
    "agri-opdc": [
        {"code": "1", "title": "ระดับความสำเร็จของการจัดทำคำรับรองการปฏิบัติราชการของหน่วยงานในสังกัด", "kind": "milestone", "unit_of_measure": "ระดับ", "weight": D(60),
         "descriptions": ["เสนอกรอบการประเมินผลต่ออธิบดี", "แจ้งกรอบการประเมินผลให้หน่วยงาน", "เจรจาตัวชี้วัดกับหน่วยงานครบทุกหน่วย", "จัดพิธีลงนามคำรับรองภายในเดือนธันวาคม", "เผยแพร่คู่มือตัวชี้วัดภายในเดือนมกราคม"]},
    ],
    "agri-extension": [
        {"code": "1", "title": "จำนวนวิสาหกิจชุมชนที่ได้รับการส่งเสริมจนมีรายได้เพิ่มขึ้น", "kind": "quantitative", "unit_of_measure": "แห่ง", "weight": D(60), "levels": [D(100), D(120), D(140), D(160), D(180)]},
    ],
}

SUPERVISOR = {"name": "นางสาวกมลชนก ใจดี", "position": "นักวิเคราะห์นโยบายและแผนชำนาญการพิเศษ"}
COLLECTOR = {"name": "นายธนากร รักงาน", "position": "นักวิเคราะห์นโยบายและแผนปฏิบัติการ"}

# Demo users: (username, full name, role). Unit users are made per unit below.
ROLE_USERS = [
    ("editor", "สุภาวดี บรรณาธิการ", "editors"),
    ("reviewer", "วิชัย ทบทวน", "reviewers"),
    ("executive", "ประเสริฐ ผู้บริหาร", "executives"),
    ("preparer", "อรุณี เตรียมตรวจ", "preparers"),
]
# The KPI supervisor of the report workflow's step 2 (group "ผู้กำกับดูแลตัวชี้วัด", issue 12),
# who is also named supervisor on the templates of the first department's KPI 2.
KPI_SUPERVISOR_USER = ("kpi_supervisor", "กมลชนก ใจดี")
# ... the KPIs that user supervises: code 2 of every unit of the first department (สสบ.)
KPI_SUPERVISOR_KPIS = {"department": "สสบ.", "code": "2"}
# The supervisor (a user account) of the second department's hosted KPI 3.
HOSTED_KPI_SUPERVISOR_USER = ("agri_kpi_supervisor", "วรรณา กำกับงบ")
# The second department's own people (roles of that department only, ``OrganisationRole``).
SECOND_ROLE_USERS = [
    ("agri_editor", "พิมพ์ชนก บรรณาธิการเกษตร", "editor"),
    ("agri_reviewer", "ชาญวิทย์ ทบทวนเกษตร", "reviewer"),
    ("agri_executive", "สมศักดิ์ ผู้บริหารเกษตร", "executive"),
]
