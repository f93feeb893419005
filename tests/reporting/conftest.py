"""Reporting lookups into the demo year (loaded once per process by tests/conftest.py); each
test runs in a rolled-back transaction."""
import datetime as dt

import pytest


@pytest.fixture
def demo(db):
    from django.contrib.auth import get_user_model

    from cms.models import FiscalYear, Organisation
    from reporting.models import ReportingRound, UnitReport

    class Demo:
        User = get_user_model()

        def user(self, username):
            return self.User.objects.get(username=username)

        def unit(self, path, department="สสบ."):
            """A unit by its place in the tree: "กค." is the first demo department's, "สกช./กค." the second's."""
            return Organisation.find(path if Organisation.PATH_SEPARATOR in path else f"{department}/{path}")

        def round(self, month):
            return ReportingRound.objects.get(fiscal_year__year_be=2569, month=month, organisation__isnull=True)

        def report(self, abbreviation, month=6):
            return UnitReport.objects.get(round=self.round(month), organisation=self.unit(abbreviation))

        def line(self, report, code):
            return report.lines.get(kpi__code=code)

        def open_round(self, month=9, days_left=5):
            """Move a round's dates around today (tests must not depend on the calendar)."""
            from reporting.models import today

            round_ = self.round(month)
            t = today()
            round_.opens_on, round_.closes_on = t - dt.timedelta(days=10), t + dt.timedelta(days=days_left)
            round_.save()
            return round_

        @property
        def year(self):
            return FiscalYear.objects.get(year_be=2569)

    # Scores are frozen once a round is announced (issue 12, defect 9): tests that review
    # the demo's 6-month reports do so before its announcement, whatever today's date is.
    from reporting.models import today

    six = ReportingRound.objects.filter(fiscal_year__year_be=2569, month=6).first()
    if six is not None and six.announced_on and six.announced_on <= today():
        six.announced_on, six.appeal_deadline = today() + dt.timedelta(days=10), today() + dt.timedelta(days=24)
        six.save()
    return Demo()
