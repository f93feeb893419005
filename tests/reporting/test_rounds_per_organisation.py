"""Rounds belong to the organisation that runs them (issue 11): a department runs its own 5-
and 7-month rounds beside OPDC's installation-wide 6/9/12 calendar; its units report, are
scored and ranked in them; another department's units never see them; the installation-wide
rounds (organisation empty, every existing round after migration 0007) keep working."""
import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from reporting.models import ReportingRound, UnitReport, today
from reporting.rounds import applies_to, round_for, round_no, rounds_for
from reporting.scores import score_report, start_report

from tests.helpers.forms import form_fields
from tests.helpers.http import refused

pytestmark = pytest.mark.database_backend  # run on PostgreSQL too: conditional unique constraints on rounds and reports


def own_round(demo, department, month, **extra):
    """The department's round of ``month``, open now (the demo's own 5- and 7-month rounds of
    สกช. are re-dated; another is created)."""
    t = today()
    round_, _ = ReportingRound.objects.update_or_create(
        organisation=department, fiscal_year=demo.year, month=month,
        defaults=dict(opens_on=t - dt.timedelta(days=3), closes_on=t + dt.timedelta(days=10), announced_on=None,
                      appeal_deadline=None, **extra),
    )
    return round_


@pytest.fixture
def agri_rounds(demo):
    agri = demo.unit("สกช.", department="")
    return agri, own_round(demo, agri, 5), own_round(demo, agri, 7)


def test_a_departments_units_resolve_its_own_rounds_then_opdcs(demo, agri_rounds):
    agri, five, seven = agri_rounds
    agri_finance, first_finance = demo.unit("สกช./กค."), demo.unit("กค.")
    assert round_for(agri_finance, demo.year, 5) == five
    assert round_for(agri, demo.year, 7) == seven  # the department itself reports in its own round
    assert round_for(agri_finance, demo.year, 6) == demo.round(6)  # OPDC's calendar for the other months
    assert [r.month for r in rounds_for(agri_finance, demo.year)] == [5, 6, 7, 9, 12]
    # the other department sees only OPDC's calendar
    assert round_for(first_finance, demo.year, 5) is None
    assert [r.month for r in rounds_for(first_finance, demo.year)] == [6, 9, 12]
    assert not applies_to(five, first_finance)
    # the scoring ordinal is the place in the calendar the round's organisation sees
    assert (five.round_no, round_no(demo.round(6), agri_finance), seven.round_no) == (1, 2, 3)
    assert [demo.round(m).round_no for m in (6, 9, 12)] == [1, 2, 3]  # OPDC's calendar unchanged


def test_a_departments_own_round_of_a_month_replaces_opdcs_for_its_units_only(demo):
    agri = demo.unit("สกช.", department="")
    nine = own_round(demo, agri, 9)
    assert round_for(demo.unit("สกช./กสว."), demo.year, 9) == nine
    assert not applies_to(demo.round(9), demo.unit("สกช./กสว."))
    assert round_for(demo.unit("กสม."), demo.year, 9) == demo.round(9)
    with pytest.raises(ValidationError) as refused:
        start_report(demo.round(9), demo.unit("สกช./กสว."))
    assert "ตามปฏิทินของกรมส่งเสริมเกษตรกรรมชุมชน" in str(refused.value)


def test_units_report_and_are_ranked_in_their_departments_own_round(demo, agri_rounds):
    agri, five, _ = agri_rounds
    report = start_report(five, demo.unit("สกช./กค."))
    for line in report.lines.select_related("kpi"):
        if line.kpi.kind == "milestone":
            line.steps_done = 4
        else:
            line.result_value = D("90")
        line.save()
    score_report(report)
    assert report.self_score is not None
    from reporting.agency import sibling_tables

    tables = sibling_tables(five)
    assert list(tables) == [agri]  # ranked among its own department only
    ranked = {row.organisation.abbreviation for row in tables[agri]}
    assert {"กค.", "กสว."} <= ranked
    assert all(row.organisation.parent_id == agri.pk for row in tables[agri])
    with pytest.raises(ValidationError) as refused:
        start_report(five, demo.unit("กค."))  # another department's unit
    assert "ไม่ได้รายงานผลในรอบนี้" in str(refused.value)
    # and OPDC's rounds keep ranking the other department's units
    assert any(p is not None and p.abbreviation == "สสบ." for p in sibling_tables(demo.round(6)))


def test_the_report_form_offers_a_unit_its_own_calendar_and_refuses_another_departments_round(demo, agri_rounds, client):
    agri, five, seven = agri_rounds
    add_url = reverse("wagtailsnippets_reporting_unitreport:add")
    client.force_login(demo.user("staff_finance"))  # the first department's กค.
    response = client.get(add_url)
    offered = set(response.context["form"].fields["round"].queryset)
    assert five not in offered and seven not in offered and demo.round(9) in offered
    data = form_fields(response.content.decode(), largest=True)
    data.update({"round": str(five.pk), "organisation": str(demo.unit("กค.").pk)})
    assert client.post(add_url, data).status_code == 200
    assert not UnitReport.objects.filter(round=five, organisation=demo.unit("กค.")).exists()

    client.force_login(demo.user("staff_agri-finance"))
    response = client.get(add_url)
    offered = set(response.context["form"].fields["round"].queryset)
    assert {five, seven, demo.round(9)} <= offered
    data = form_fields(response.content.decode(), largest=True)
    data.update({"round": str(seven.pk), "organisation": str(demo.unit("สกช./กค.").pk)})  # the demo's 5-month one exists
    assert client.post(add_url, data).status_code == 302
    assert UnitReport.objects.filter(round=seven, organisation=demo.unit("สกช./กค.")).exists()


def test_the_home_page_lists_a_departments_open_round_for_its_units_only(demo, agri_rounds):
    from dashboard.queries import unit_rounds

    _, five, _ = agri_rounds
    assert five in {row.round for row in unit_rounds(demo.user("staff_agri-finance"))}
    assert five not in {row.round for row in unit_rounds(demo.user("staff_finance"))}


def test_the_scores_index_lists_another_departments_rounds_to_nobody_of_the_first(demo, agri_rounds, client):
    _, five, _ = agri_rounds
    client.force_login(demo.user("agri_editor"))
    assert five in list(client.get(reverse("reporting_index")).context["rounds"])
    client.force_login(demo.user("editor"))  # installation-wide roles read every calendar
    assert five in list(client.get(reverse("reporting_index")).context["rounds"])


def test_one_round_per_calendar_and_month(demo, agri_rounds):
    agri, five, _ = agri_rounds
    with pytest.raises(ValidationError):
        ReportingRound(organisation=agri, fiscal_year=demo.year, month=5,
                       opens_on=five.opens_on, closes_on=five.closes_on).validate_constraints()
    with transaction.atomic(), pytest.raises(IntegrityError):
        ReportingRound.objects.create(fiscal_year=demo.year, month=6, opens_on=five.opens_on, closes_on=five.closes_on)
    # OPDC's calendar may hold a 5-month round beside the department's: a different calendar
    ReportingRound.objects.create(fiscal_year=demo.year, month=5, opens_on=five.opens_on, closes_on=five.closes_on)
    assert round_for(demo.unit("สกช./กค."), demo.year, 5) == five
    assert round_for(demo.unit("กค."), demo.year, 5).organisation is None


def test_each_calendar_has_its_own_evaluation_round(demo, agri_rounds):
    agri, _, seven = agri_rounds
    seven.is_evaluation = True
    seven.full_clean()  # OPDC's 12-month evaluation round is another calendar's
    seven.save()
    other = ReportingRound(organisation=agri, fiscal_year=demo.year, month=11, opens_on=seven.opens_on,
                           closes_on=seven.closes_on, is_evaluation=True)
    with pytest.raises(ValidationError) as refused:
        other.full_clean()
    assert "มีรอบประเมินผลแล้ว" in str(refused.value)


def test_existing_installation_wide_rounds_keep_working(demo):
    """OPDC's demo rounds are installation-wide (as every round is after migration 0007; only
    สกช.'s own 5 and 7 are a department's): the first department's 6-month reports are still
    found, scored and ranked as before."""
    assert sorted(ReportingRound.objects.filter(organisation=None).values_list("month", flat=True)) == [6, 9, 12]
    assert {(r.organisation.abbreviation, r.month) for r in ReportingRound.objects.exclude(organisation=None)} == {("สกช.", 5), ("สกช.", 7)}
    assert demo.report("กค.").self_score == D("3.2750")
    assert applies_to(demo.round(6), demo.unit("กค."))
    assert str(demo.round(6)) == "รอบ 6 เดือน ปีงบประมาณ 2569"


def test_a_departments_editor_runs_its_own_rounds_and_no_other_calendar(demo, client):
    agri, first = demo.unit("สกช.", department=""), demo.unit("สสบ.", department="")
    ns = "wagtailsnippets_reporting_reportinground"
    client.force_login(demo.user("agri_editor"))
    response = client.get(reverse(f"{ns}:add"))
    assert response.status_code == 200
    field = response.context["form"].fields["organisation"]
    assert agri in field.queryset and first not in field.queryset and field.required
    data = form_fields(response.content.decode(), largest=True)
    t = today()
    data.update({"organisation": str(agri.pk), "fiscal_year": str(demo.year.pk), "month": "4",
                 "opens_on": (t - dt.timedelta(days=1)).isoformat(), "closes_on": (t + dt.timedelta(days=9)).isoformat(),
                 "missing_rule": "exclude"})
    assert client.post(reverse(f"{ns}:add"), data).status_code == 302
    five = ReportingRound.objects.get(organisation=agri, month=4)  # beside the demo's own 5 and 7
    assert client.post(reverse(f"{ns}:add"), data | {"organisation": str(first.pk), "month": "8"}).status_code == 200
    assert client.post(reverse(f"{ns}:add"), data | {"organisation": "", "month": "8"}).status_code == 200
    assert not ReportingRound.objects.filter(month=8).exists()
    assert client.get(reverse(f"{ns}:edit", args=[five.pk])).status_code == 200
    # OPDC's calendar and another department's round: listed or not, never changed
    other = own_round(demo, first, 7)
    assert refused(client.get(reverse(f"{ns}:edit", args=[demo.round(9).pk])))
    assert refused(client.get(reverse(f"{ns}:edit", args=[other.pk])))
    listed = set(client.get(reverse(f"{ns}:list")).context["object_list"])
    assert five in listed and demo.round(9) in listed and other not in listed
    # the installation-wide editors keep every calendar
    client.force_login(demo.user("editor"))
    assert client.get(reverse(f"{ns}:edit", args=[other.pk])).status_code == 200


ROUND_EDITORS = {  # role → rounds whose edit form is served (200)
    "anonymous": set(), "staff_finance": set(), "staff_agri-finance": set(), "reviewer": set(),
    "executive": set(), "agri_reviewer": set(), "agri_executive": set(),
    "agri_editor": {"agri"}, "editor": {"agri", "first", "opdc"},
}


def test_round_edit_matrix(demo, client):
    """The round edit view (``ScopedEditView`` with the round policy) × every role × a round of
    each calendar: the second department's, the first department's, OPDC's."""
    rounds = {"agri": own_round(demo, demo.unit("สกช.", department=""), 5),
              "first": own_round(demo, demo.unit("สสบ.", department=""), 5), "opdc": demo.round(9)}
    served = {}
    for role in ROUND_EDITORS:
        client.logout()
        if role != "anonymous":
            client.force_login(demo.user(role))
        served[role] = {key for key, r in rounds.items()
                        if client.get(reverse("wagtailsnippets_reporting_reportinground:edit", args=[r.pk])).status_code == 200}
    assert served == ROUND_EDITORS


def test_a_departments_editor_picks_the_rounds_organisation_from_their_own_subtree(demo, client):
    """Found walking the year as สกช.'s กพร. (issue 11): the round form's organisation was the
    installation-wide chooser (both departments listed, another's refused only on save). It
    is a drop-down of the editor's own department and its units; a forged other department's
    is refused in Thai naming the field."""
    import re

    agri, first = demo.unit("สกช.", department=""), demo.unit("สสบ.", department="")
    client.force_login(demo.user("agri_editor"))
    html = client.get(reverse("wagtailsnippets_reporting_reportinground:add")).content.decode()
    select = re.search(r'<select name="organisation"[^>]*>(.*?)</select>', html, re.S)
    assert select is not None, "no drop-down for the organisation"
    offered = {int(v) for v in re.findall(r'<option value="(\d+)"', select.group(1))}
    assert offered == agri.subtree_ids([agri.pk]) and first.pk not in offered
    assert "เลือกหน่วยงานเจ้าของรอบ" in select.group(1)
    data = form_fields(html, largest=True)
    t = today()
    data.update({"organisation": str(first.pk), "fiscal_year": str(demo.year.pk), "month": "4",
                 "opens_on": t.isoformat(), "closes_on": (t + dt.timedelta(days=9)).isoformat(), "missing_rule": "exclude"})
    response = client.post(reverse("wagtailsnippets_reporting_reportinground:add"), data)
    assert response.status_code == 200
    assert "หน่วยงานเจ้าของรอบ: เลือกได้เฉพาะหน่วยงานของคุณ" in response.content.decode()
    # installation-wide editors keep the chooser over every calendar
    client.force_login(demo.user("editor"))
    html = client.get(reverse("wagtailsnippets_reporting_reportinground:add")).content.decode()
    assert not re.search(r'<select name="organisation"', html)
