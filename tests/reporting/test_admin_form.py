"""The unit fills its report in the admin: lines come from the agreement, saving scores it."""
import re
from decimal import Decimal as D

from django.urls import reverse

from reporting.models import UnitReport
from tests.helpers.forms import form_fields


def test_unit_fills_report_in_admin_and_it_is_scored(demo, client):
    """กองแผนงาน, round 9 (missing KPIs excluded): 1 milestone 4 levels → 4 (w 30);
    5 qualitative 4 → 4 (w 30); 2: 83.75 between level 2 (82.5) and 3 (85) → 2.5 (w 10);
    3: 97 between level 3 (96) and 4 (98) → 3.5 (w 15); 4 milestone 4 levels → 4 (w 15).
    unit = (4×30 + 4×30 + 2.5×10 + 3.5×15 + 4×15) / 100 = 377.5 / 100 = 3.7750"""
    round_ = demo.open_round(9)
    plan = demo.unit("กผ.")
    client.force_login(demo.user("staff_plan"))
    add_url = reverse("wagtailsnippets_reporting_unitreport:add")
    response = client.get(add_url)
    data = form_fields(response.content.decode(), largest=True)
    assert list(response.context["form"].fields["organisation"].queryset) == [plan]  # own unit only
    other = data | {"round": str(round_.pk), "organisation": str(demo.unit("สบป.").pk)}
    assert client.post(add_url, other).status_code == 200  # refused: not a valid choice
    assert not UnitReport.objects.filter(round=round_).exists()
    data.update({"round": str(round_.pk), "organisation": str(plan.pk)})
    assert client.post(add_url, data).status_code == 302
    report = UnitReport.objects.get(round=round_, organisation=plan)
    assert [line.kpi.code for line in report.lines_in_order()] == ["1", "2", "3", "4", "5"]

    edit_url = reverse("wagtailsnippets_reporting_unitreport:edit", args=[report.pk])
    data = form_fields(client.get(edit_url).content.decode(), largest=True)
    kpis = {line.kpi_id: line.kpi for line in report.lines.all()}
    four_levels = ["1.1", "2.1", "3.1", "4.1"]  # the checklist: one step per level in the demo
    values = {"1": ("steps_done", four_levels), "5": ("result_value", "4"), "2": ("result_value", "83.75"),
              "3": ("result_value", "97"), "4": ("steps_done", four_levels)}
    for key, value in list(data.items()):
        m = re.match(r"lines-(\d+)-kpi$", key)
        if m:
            field, result = values[kpis[int(value)].code]
            data[f"lines-{m.group(1)}-{field}"] = result
            data[f"lines-{m.group(1)}-obstacles"] = "บุคลากรไม่เพียงพอ"
    assert "lines-0-reviewer_score" not in data  # reviewers score on the card, not here
    assert client.post(edit_url, data).status_code == 302
    report.refresh_from_db()
    assert report.self_score == D("3.7750")
    assert report.status == UnitReport.DRAFT

    data = form_fields(client.get(edit_url).content.decode(), largest=True)
    data["action-submit"] = "submit"
    client.post(edit_url, data)
    report.refresh_from_db()
    assert report.status == UnitReport.SUBMITTED
