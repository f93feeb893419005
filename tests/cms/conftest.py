"""Lookups into the demo year (loaded once per process by tests/conftest.py); each test runs
in a rolled-back transaction."""
import pytest


@pytest.fixture
def demo(db):
    """Handy lookups into the demo year."""
    from django.contrib.auth import get_user_model

    from cms.models import AgreementPage, KPITemplatePage, Organisation, OrganisationYearPage

    class Demo:
        User = get_user_model()

        def user(self, username):
            return self.User.objects.get(username=username)

        def unit(self, path, department="สสบ."):
            """A unit by its place in the tree: "กค." is the first demo department's, "สกช./กค." the second's."""
            return Organisation.find(path if Organisation.PATH_SEPARATOR in path else f"{department}/{path}")

        def folder(self, slug):
            return OrganisationYearPage.objects.get(slug=slug)

        def kpi(self, folder_slug, code):
            return KPITemplatePage.objects.child_of(self.folder(folder_slug)).get(code=code)

        def agreement(self, folder_slug):
            return AgreementPage.objects.child_of(self.folder(folder_slug)).get()

    return Demo()
