"""Which round an organisation reports in is read once per page, not once per unit and
round (review finding on issue 11: ``reporting.rounds`` ran a query per organisation, one
more per ancestor, for every unit of every open round on the home page and the rankings).

The pages are counted by their queries on the rounds table: flat (a fixed few), whatever the
number of units; the old code made one per unit per round (and one per organisation listed
in a ranking)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.models import Organisation
from reporting.rounds import Calendar, applies_to, organisations_in

pytestmark = pytest.mark.database_backend  # run on PostgreSQL too: query counts

ROUNDS_TABLE = '"reporting_reportinground"'


def round_queries(context):
    return [q["sql"] for q in context.captured_queries if f"FROM {ROUNDS_TABLE}" in q["sql"]]


def test_organisations_in_reads_the_calendar_once_for_the_whole_tree(demo, django_assert_max_num_queries):
    round_ = demo.open_round(9)
    organisations = list(Organisation.objects.all())
    assert len(organisations) > 10
    with django_assert_max_num_queries(2):  # the rounds, the tree's parent links
        reporting = organisations_in(round_, organisations)
    assert {o.pk for o in reporting} == {o.pk for o in organisations if applies_to(round_, o)}


def test_one_calendar_answers_every_unit_without_more_queries(demo, django_assert_num_queries):
    round_ = demo.open_round(9)
    units = list(Organisation.objects.filter(level=Organisation.UNIT))
    calendar = Calendar(round_.fiscal_year)
    with django_assert_num_queries(0):
        answers = [calendar.applies_to(round_, unit) for unit in units] + [calendar.applies_to(round_, unit) for unit in units]
    assert all(answers)  # every demo unit reports in OPDC's 9-month round


def more_units(demo, count=3):
    """``count`` more units of สกช., each with a report in the 6-month round (so the ranking lists them)."""
    from reporting.models import UnitReport

    department = Organisation.find("ทนก./สกช.")
    for i in range(count):
        unit = Organisation.objects.create(name_th=f"ศูนย์ทดสอบที่ {i + 1}", abbreviation=f"ศท{i + 1}.", level=Organisation.UNIT,
                                           parent=department, head_position="ผู้อำนวยการศูนย์")
        UnitReport.objects.create(round=demo.round(6), organisation=unit, live=False)


def rounds_read(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return round_queries(context)


@pytest.mark.parametrize("username", ["agri_editor", "editor"])
def test_home_page_reads_the_rounds_as_often_whatever_the_number_of_units(demo, client, username):
    demo.open_round(9)
    client.force_login(demo.user(username))
    url = reverse("wagtailadmin_home")
    rounds_read(client, url)  # warm caches (content types, site) out of the count
    before = rounds_read(client, url)
    more_units(demo)
    after = rounds_read(client, url)
    assert len(after) == len(before) <= 8, after


@pytest.mark.parametrize("username", ["agri_editor", "editor"])
def test_round_ranking_page_reads_the_rounds_as_often_whatever_the_number_of_units(demo, client, username):
    client.force_login(demo.user(username))
    url = reverse("reporting_round", args=[demo.round(6).pk])
    rounds_read(client, url)
    before = rounds_read(client, url)
    more_units(demo)
    after = rounds_read(client, url)
    assert len(after) == len(before) <= 8, after
