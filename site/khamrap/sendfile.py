"""Sendfile backend for Wagtail's document view (SENDFILE_BACKEND).

The view has already run the permission hooks. With ``KHAMRAP_X_ACCEL_REDIRECT`` set (the
internal nginx location that aliases PRIVATE_MEDIA_ROOT, e.g. ``/_private/``) the answer is an
empty response with ``X-Accel-Redirect`` and nginx sends the bytes; otherwise the file is
streamed from Python. Files outside PRIVATE_MEDIA_ROOT are always streamed.
"""
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from wagtail.utils import sendfile_streaming_backend


def accel_path(filename) -> str | None:
    prefix = getattr(settings, "KHAMRAP_X_ACCEL_REDIRECT", "")
    if not prefix:
        return None
    root = Path(settings.PRIVATE_MEDIA_ROOT).resolve()
    try:
        relative = Path(filename).resolve().relative_to(root)
    except ValueError:
        return None
    return prefix.rstrip("/") + "/" + quote(relative.as_posix())


def sendfile(request, filename, **kwargs):
    location = accel_path(filename)
    if location is None:
        return sendfile_streaming_backend.sendfile(request, filename, **kwargs)
    response = HttpResponse()
    response["X-Accel-Redirect"] = location
    return response
