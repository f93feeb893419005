"""Between the callers of the evidence search (the admin search page, the JSON API, the
``search_evidence`` command) and the search backend: one reading of the request's search
parameters (``search_arguments``), one search (``run_search``) and one serialisation of the
results (``results_json``, ``hit_json``)."""
from cms.models import KPITemplatePage, Organisation
from evidence_search.backends import Filters, SearchQuery, Visibility, get_backend

PER_PAGE, MAX_PER_PAGE = 20, 100


def number(value, default=None, low=None, high=None):
    """A parameter as a whole number (``default`` when it is none), kept within ``low``/``high``."""
    try:
        result = int(value)
    except (TypeError, ValueError):
        return default
    if low is not None:
        result = max(low, result)
    if high is not None:
        result = min(high, result)
    return result


def search_arguments(params, page="page") -> dict:
    """``run_search``'s filters and page from request parameters (a query string, form fields
    or a JSON object): year, unit, kpi, round, type, ``page`` (the admin page calls it "p")
    and per_page (at most ``MAX_PER_PAGE``)."""
    return dict(
        year=number(params.get("year")), unit_abbr=params.get("unit") or None, kpi_code=params.get("kpi") or None,
        round=number(params.get("round")), file_type=params.get("type") or None,
        page=number(params.get(page), 1, low=1), per_page=number(params.get("per_page"), PER_PAGE, low=1, high=MAX_PER_PAGE),
    )


def run_search(text, *, visibility: Visibility, year=None, unit_abbr=None, kpi_code=None, round=None,
               file_type=None, page=1, per_page=PER_PAGE):
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


def hit_json(hit, explain=False) -> dict:
    out = {"filename": hit.filename, "title": hit.title, "unit": hit.unit, "kpi": hit.kpi, "round": hit.round,
           "score": hit.score, "snippet": hit.snippet_html}
    if explain:
        out["explanation"] = hit.explanation
    return out


def results_json(query, results, explain=False) -> dict:
    """The answer of the JSON API and of ``search_evidence --json``."""
    return {
        "query": query, "total": results.total, "total_exact": results.total_exact,
        "took_ms": round(results.took_ms, 3), "page": results.page,
        "suggestions": results.suggestions,
        "hits": [hit_json(h, explain) for h in results.hits],
    }
