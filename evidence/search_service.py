"""One function between the callers (views, commands) and the search backend."""
from cms.models import KPITemplatePage, Organisation
from search.backends import Filters, SearchQuery, Visibility, get_backend


def run_search(text, *, visibility: Visibility, year=None, unit_abbr=None, kpi_code=None, round=None,
               file_type=None, page=1, per_page=20):
    unit_id = kpi_id = None
    if unit_abbr:
        # by place in the tree ("สสบ./กค."); an abbreviation two departments share raises
        # Organisation.MultipleObjectsReturned with a Thai message the caller shows
        try:
            unit_id = Organisation.find(unit_abbr).pk
        except Organisation.DoesNotExist:
            unit_id = -1
    if kpi_code:
        kpis = KPITemplatePage.objects.filter(code=kpi_code)
        if unit_id:
            kpis = [k for k in kpis if k.organisation and k.organisation.pk == unit_id]
        if year:
            kpis = [k for k in kpis if k.fiscal_year and k.fiscal_year.year_be == year]
        kpi_id = kpis[0].pk if kpis else -1
    filters = Filters(fiscal_year=year, unit_id=unit_id, kpi_id=kpi_id, round=round, file_type=file_type)
    return get_backend().search(SearchQuery(text=text, filters=filters, visibility=visibility, page=page, per_page=per_page))
