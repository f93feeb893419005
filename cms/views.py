"""Permission-checked download of evidence files (they are never under MEDIA_URL)."""
import mimetypes

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from .models import EvidenceFile
from .permissions import can_view_evidence


def download_evidence_file(request, file_id):
    evidence_file = get_object_or_404(EvidenceFile.objects.select_related("page"), pk=file_id)
    if not can_view_evidence(request.user, evidence_file.page):
        # 404, not 403: a guessed id says nothing about what exists.
        raise Http404("ไม่พบไฟล์")
    content_type = mimetypes.guess_type(evidence_file.original_name)[0] or "application/octet-stream"
    response = FileResponse(
        evidence_file.file.open("rb"), as_attachment=True, filename=evidence_file.original_name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
