from django.urls import path

from . import views

app_name = "evidence_admin"
urlpatterns = [
    path("search/", views.search, name="search"),
    path("page/<int:page_id>/upload/", views.upload, name="upload"),
    path("page/<int:page_id>/files/", views.files, name="files"),
    path("file/<int:file_id>/retry/", views.retry, name="retry"),
    path("file/<int:file_id>/required-item/", views.link_required_item, name="link_required_item"),
    path("checklist/<int:folder_id>/", views.checklist, name="checklist"),
    path("checklist/<int:folder_id>/binder/", views.start_binder, name="start_binder"),
    path("binder/<int:export_id>/", views.binder, name="binder"),
]
