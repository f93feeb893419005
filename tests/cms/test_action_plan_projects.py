"""The action plan's contents: projects with budget, owner and period, on the public page."""
import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
import pytest

from cms.models import ActionPlanPage, ActionPlanProject


def plan_of(demo, unit):
    return ActionPlanPage.objects.child_of(demo.folder(unit)).get()


def test_public_action_plan_lists_projects_with_budget_owner_and_period(demo, client):
    plan = plan_of(demo, "finance")
    assert [p.name for p in plan.projects.all()] == ["โครงการพัฒนาคุณภาพการให้บริการ", "โครงการพัฒนาบุคลากรและกระบวนงาน"]
    html = client.get(plan.url).content.decode()
    assert "1. โครงการพัฒนาคุณภาพการให้บริการ" in html and "450,000.00" in html
    assert "1 พ.ย. 68 – 31 มี.ค. 69" in html  # B.E. dates
    assert "725,500.00" in html  # the total of the projects' budgets
    assert plan.projects.first().owner in html


def test_projects_are_edited_on_the_plan_page_and_published_with_it(demo, client):
    plan = plan_of(demo, "finance")
    client.force_login(demo.user("editor"))
    form = client.get(f"/admin/pages/{plan.pk}/edit/").content.decode()
    assert "โครงการ/กิจกรรม (งบประมาณ ผู้รับผิดชอบ ระยะเวลา)" in form and 'name="projects-0-budget_baht"' in form
    plan.projects.add(ActionPlanProject(name="โครงการฉบับร่าง", budget_baht=Decimal("1000"), sort_order=2))
    plan.save_revision()
    assert "โครงการฉบับร่าง" not in client.get(plan.url).content.decode()  # a draft stays off the site
    ActionPlanPage.objects.get(pk=plan.pk).get_latest_revision().publish()
    client.logout()
    assert "3. โครงการฉบับร่าง" in client.get(plan.url).content.decode()


def test_a_project_cannot_end_before_it_starts():
    with pytest.raises(ValidationError) as error:
        ActionPlanProject(name="x", start=dt.date(2026, 3, 1), end=dt.date(2026, 2, 1)).clean()
    assert "วันสิ้นสุดต้องไม่ก่อนวันเริ่ม" in str(error.value)
