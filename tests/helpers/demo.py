"""Lookups into the demo year that tests/conftest.py loads once per test process (the
``demo`` fixture there returns a ``Demo``)."""
import datetime as dt


class Demo:
    """Handy lookups into the demo year: users, units, their folders and pages, rounds and
    unit reports."""

    @property
    def User(self):
        from django.contrib.auth import get_user_model

        return get_user_model()

    def user(self, username):
        return self.User.objects.get(username=username)

    def unit(self, path, department="สสบ."):
        """A unit by its place in the tree: "กค." is the first demo department's, "สกช./กค." the second's."""
        from cms.models import Organisation

        return Organisation.find(path if Organisation.PATH_SEPARATOR in path else f"{department}/{path}")

    def folder(self, slug):
        from cms.models import OrganisationYearPage

        return OrganisationYearPage.objects.get(slug=slug)

    def kpi(self, folder_slug, code):
        from cms.models import KPITemplatePage

        return KPITemplatePage.objects.child_of(self.folder(folder_slug)).get(code=code)

    def agreement(self, folder_slug):
        from cms.models import AgreementPage

        return AgreementPage.objects.child_of(self.folder(folder_slug)).get()

    @property
    def year(self):
        from cms.models import FiscalYear

        return FiscalYear.objects.get(year_be=2569)

    def round(self, month):
        from reporting.models import ReportingRound

        return ReportingRound.objects.get(fiscal_year__year_be=2569, month=month, organisation__isnull=True)

    def report(self, abbreviation, month=6):
        from reporting.models import UnitReport

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

    def six_month_round_not_yet_announced(self):
        """Scores are frozen once a round is announced (issue 12, defect 9): tests that review
        the demo's 6-month reports do so before its announcement, whatever today's date is."""
        from reporting.models import ReportingRound, today

        six = ReportingRound.objects.filter(fiscal_year__year_be=2569, month=6, organisation__isnull=True).first()
        if six is not None and six.announced_on and six.announced_on <= today():
            six.announced_on, six.appeal_deadline = today() + dt.timedelta(days=10), today() + dt.timedelta(days=24)
            six.save()
