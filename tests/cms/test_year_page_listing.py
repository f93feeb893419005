"""The fiscal-year and year-folder pages list the live agreements, manuals and action plans
below them: the content types opt in (``listed_as``) and ``structure.listed_content`` finds
them, so ``cms.models.structure`` imports none of them (issue 16: no import cycle)."""
from cms.models import ActionPlanPage, AgreementPage, FiscalYearPage, KPIManualPage, OrganisationYearPage


def test_year_pages_list_their_content(demo, client):
    year = FiscalYearPage.objects.live().first()
    context = year.get_context(None)
    below = {"agreements": AgreementPage, "manuals": KPIManualPage, "action_plans": ActionPlanPage}
    for name, model in below.items():
        expected = list(model.objects.descendant_of(year).live().public().order_by("title"))
        assert expected and list(context[name]) == expected, name
    folder = next(f for f in OrganisationYearPage.objects.live() if AgreementPage.objects.child_of(f).live().exists())
    context = folder.get_context(None)
    for name, model in below.items():
        assert list(context[name]) == list(model.objects.child_of(folder).live().public()), name
    assert client.get(year.url).status_code == 200 and client.get(folder.url).status_code == 200
