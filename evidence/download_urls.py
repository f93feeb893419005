"""The evidence download's public URL, ``/evidence/file/<id>/`` (unchanged since it was in
``cms.urls``: links already given out keep working)."""
from django.urls import path

from . import views

app_name = "evidence"
urlpatterns = [path("evidence/file/<int:file_id>/", views.download_evidence_file, name="file")]
