"""Demo rounds of fiscal year 2569 and 6-month reports for two units (idempotent), and the
second department's own 5- and 7-month rounds (``DEPARTMENT_ROUNDS``) with 5-month reports.

Results (hand-computed scores in tests/reporting/test_scoring.py):
- กองคลัง (กค.): 1 = 92.5 %, 2 = 86.25 %, 3 = 95 %, 4 = levels 1–3 done → unit 3.2750
- สำนักบริการประชาชน (สบป.): 1.1 = 10 days, 1.2 = 92 %, 2 = 88 %, 3 = 99 %, 4 = all 5 levels → unit 3.9150
and, in the second demo department (สกช.), its กองคลัง and กองส่งเสริมวิสาหกิจชุมชน, so that
department has a ranking of its own. Units are named by their place in the tree
(``Organisation.find``): both departments have a กค.
"""
import datetime as dt
from decimal import Decimal as D

from cms.models import FiscalYear, Organisation

from reporting.models import ReportingRound
from reporting.scores import score_report, start_report

YEAR_BE = 2569
# Dated from the day the demo is loaded (days from today), so a newcomer always finds the
# 6-month round closed and announced, the 9-month round open for reporting and the 12-month
# round ahead: (opens, closes, announced, appeal deadline).
ROUND_OFFSETS = {
    6: (-100, -80, -60, -46),
    9: (-5, 16, None, None),
    12: (85, 105, None, None),
}


def round_dates(month, on=None):
    from reporting.models import today

    on = on or today()
    return tuple(None if days is None else on + dt.timedelta(days=days) for days in ROUND_OFFSETS[month])


# The second department (สกช.) runs its own 5- and 7-month rounds beside OPDC's calendar
# (issue 11: rounds belong to the organisation that runs them): its units report in 5, 6, 7, 9
# and 12 months, the first department's in OPDC's 6, 9, 12 only. Both closed; the 5-month one
# announced, with reports of สกช.'s two reporting units, so its own ranking shows.
DEPARTMENT_ROUNDS = {
    "ทนก./สกช.": {5: (-130, -112, -104, -95), 7: (-70, -52, None, None)},
}
DEPARTMENT_REPORTS = {5: ("สกช./กค.", "สกช./กสว.")}

RESULTS = {
    "สสบ./กค.": {"1": D("92.5"), "2": D("86.25"), "3": D("95"), "4": 3},
    "สสบ./สบป.": {"1.1": D("10"), "1.2": D("92"), "2": D("88"), "3": D("99"), "4": 5},
    "สกช./กค.": {"1": D("90"), "2": D("84"), "3": D("97"), "4": 4},
    "สกช./กสว.": {"1": D("130"), "2": D("88"), "3": D("93"), "4": 2},
}
NARRATIVE = {
    "performance": "ดำเนินการตามแผนปฏิบัติราชการครบทุกกิจกรรมในรอบ 6 เดือน",
    "supporting_factors": "ผู้บริหารให้ความสำคัญและติดตามผลเป็นประจำทุกเดือน",
    "obstacles": "บุคลากรบางส่วนย้ายไปปฏิบัติราชการที่อื่นระหว่างปี",
    "improvements": "จัดทำคู่มือการปฏิบัติงานและสอนงานบุคลากรใหม่",
}


def load(stdout=None):
    from reporting.models import today

    year = FiscalYear.objects.get(year_be=YEAR_BE)
    rounds = {}
    for month in ROUND_OFFSETS:
        opens, closes, announced, deadline = round_dates(month)
        # re-dated on every load: the demo keeps one round open whatever the day
        rounds[month], _ = ReportingRound.objects.update_or_create(
            fiscal_year=year, month=month, organisation=None,
            defaults={"opens_on": opens, "closes_on": closes, "announced_on": announced, "appeal_deadline": deadline,
                      "is_evaluation": month == 12, "missing_rule": "zero" if month == 12 else "exclude"},
        )
    own_rounds = {}
    for path, months in DEPARTMENT_ROUNDS.items():
        department = Organisation.find(path)
        for month, offsets in months.items():
            opens, closes, announced, deadline = (None if d is None else today() + dt.timedelta(days=d) for d in offsets)
            own_rounds[month], _ = ReportingRound.objects.update_or_create(
                fiscal_year=year, month=month, organisation=department,
                defaults={"opens_on": opens, "closes_on": closes, "announced_on": announced, "appeal_deadline": deadline,
                          "is_evaluation": False, "missing_rule": "exclude"},
            )
    reports = []
    filed = [(rounds[6], path, results) for path, results in RESULTS.items()]
    filed += [(own_rounds[month], path, RESULTS[path]) for month, paths in DEPARTMENT_REPORTS.items() for path in paths]
    for round_, path, results in filed:
        unit = Organisation.find(path, Organisation.objects.filter(level=Organisation.UNIT))
        report = start_report(round_, unit)
        for line in report.lines.select_related("kpi"):
            value = results.get(line.kpi.code)
            if value is None:
                continue
            if isinstance(value, int):
                line.steps_done = value
            else:
                line.result_value = value
            for name, text in NARRATIVE.items():
                setattr(line, name, text)
            line.save()
        score_report(report)
        report.save_revision(clean=False)
        reports.append(report)
        if stdout:
            stdout.write(f"{report}: คะแนนประเมินตนเอง {report.self_score}")
    return rounds, reports
