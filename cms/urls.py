from django.urls import path

from . import views

app_name = "cms"
urlpatterns = [
    path("evidence/file/<int:file_id>/", views.download_evidence_file, name="evidence_file"),
    path("agreement/<int:page_id>/booklet/", views.public_agreement_booklet, name="agreement_booklet"),
]
