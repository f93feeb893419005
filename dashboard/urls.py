from django.urls import path

from . import views

app_name = "khamrap_dashboard"
urlpatterns = [
    path("evidence/<int:round_id>/<int:kpi_id>/", views.quick_evidence, name="quick_evidence"),
    path("preparation/", views.preparation, name="preparation"),
    path("supervise/line/<int:line_id>/compare/", views.line_compare, name="line_compare"),
]
