"""JSON search API: GET /api/evidence/search/?q=…&year=&unit=&kpi=&round=&type=&page=&per_page=

The same answer as `manage.py search_evidence --json`, with the caller's permissions
applied inside the query (session login; anonymous callers see public evidence only).
"""
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from .search_service import run_search
from .visibility import visibility_for


def _int(value, default=None, low=None, high=None):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    if low is not None:
        number = max(low, number)
    if high is not None:
        number = min(high, number)
    return number


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()
    if not query:
        return JsonResponse({"error": "โปรดระบุคำค้น (q)"}, status=400, json_dumps_params={"ensure_ascii": False})
    results = run_search(
        query, visibility=visibility_for(request.user), year=_int(request.GET.get("year")),
        unit_abbr=request.GET.get("unit") or None, kpi_code=request.GET.get("kpi") or None,
        round=_int(request.GET.get("round")), file_type=request.GET.get("type") or None,
        page=_int(request.GET.get("page"), 1, low=1), per_page=_int(request.GET.get("per_page"), 20, low=1, high=100),
    )
    return JsonResponse({
        "query": query, "total": results.total, "took_ms": round(results.took_ms, 3), "page": results.page,
        "hits": [{"filename": h.filename, "title": h.title, "unit": h.unit, "kpi": h.kpi, "round": h.round,
                  "score": h.score, "snippet": h.snippet_html} for h in results.hits],
    }, json_dumps_params={"ensure_ascii": False})
