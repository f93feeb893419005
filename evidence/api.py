"""JSON search API: /api/evidence/search/ with q, year, unit, kpi, round, type, page,
per_page (and explain=1 for the parts of each score).

* GET with query-string parameters, or POST (form fields or a JSON object) for long
  queries: a Thai character takes 9 bytes URL-encoded, so a 1 000-character query is too
  long for a request line. POST needs no CSRF token: the view only reads, with the
  caller's session permissions, and a cross-site page cannot read the answer.
* Queries longer than ``MAX_QUERY_CHARS`` are refused with a Thai message (413).
* Every answer is JSON, errors included (``JsonErrorsMiddleware`` turns Django's HTML
  404/405/500 under /api/ into JSON; the 414 that the web server itself gives for an
  over-long request line is answered as JSON by nginx: see docs/deploy.md).

The same answer as `manage.py search_evidence --json`, with the caller's permissions
applied inside the query (session login; anonymous callers see public evidence only).
"""
import json
import logging

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from cms.models import Organisation

from .permissions import visibility_for
from .search_service import results_json, run_search, search_arguments

MAX_QUERY_CHARS = 5000
log = logging.getLogger(__name__)

MESSAGES = {
    400: "คำขอไม่ถูกต้อง",
    403: "ไม่มีสิทธิ์เข้าถึง",
    404: "ไม่พบสิ่งที่ขอ",
    405: "ใช้ได้เฉพาะ GET หรือ POST",
    413: "คำขอมีขนาดใหญ่เกินกำหนด",
    414: f"คำค้นยาวเกินกว่าจะส่งทาง URL: โปรดส่งด้วย POST (ไม่เกิน {MAX_QUERY_CHARS:,} ตัวอักษร)",
    500: "ระบบค้นหาขัดข้อง โปรดลองใหม่อีกครั้ง",
}


def error(status: int, message: str | None = None) -> JsonResponse:
    return JsonResponse({"error": message or MESSAGES.get(status, "เกิดข้อผิดพลาด"), "status": status},
                        status=status, json_dumps_params={"ensure_ascii": False})


def _params(request) -> dict:
    if request.method == "GET":
        return request.GET
    if request.content_type == "application/json":
        data = json.loads(request.body.decode("utf-8") or "{}")
        if not isinstance(data, dict):
            raise ValueError("not an object")
        return data
    return request.POST


@csrf_exempt
def search(request):
    if request.method not in ("GET", "POST"):
        return error(405)
    try:
        params = _params(request)
    except (ValueError, UnicodeDecodeError):
        return error(400, "ข้อมูลที่ส่งมาไม่ใช่ JSON ที่ถูกต้อง")
    query = str(params.get("q") or "").strip()
    if not query:
        return error(400, "โปรดระบุคำค้น (q)")
    if len(query) > MAX_QUERY_CHARS:
        return error(413, f"คำค้นยาว {len(query):,} ตัวอักษร เกินกำหนด {MAX_QUERY_CHARS:,} ตัวอักษร")
    try:
        results = run_search(query, visibility=visibility_for(request.user), **search_arguments(params))
    except Organisation.MultipleObjectsReturned as exc:  # two departments' กค.: give the path
        return error(400, f"หน่วยงาน (unit): {exc}")
    explain = str(params.get("explain", "")).lower() in ("1", "true", "yes")
    return JsonResponse(results_json(query, results, explain), json_dumps_params={"ensure_ascii": False})


class JsonErrorsMiddleware:
    """Under /api/, an error answer that is not JSON (Django's HTML 404, 405, 500 …) is
    replaced by the same status with a Thai JSON message."""

    prefix = "/api/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (request.path.startswith(self.prefix) and response.status_code >= 400
                and not response.get("Content-Type", "").startswith("application/json")):
            return error(response.status_code)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, (Http404, PermissionDenied, BadRequest, SuspiciousOperation)):
            return None  # Django answers 404/403/400; __call__ turns that into JSON
        if request.path.startswith(self.prefix):
            log.exception("API error on %s", request.path)
            return error(500)
        return None
