from django.urls import path

from . import api

app_name = "evidence_api"
urlpatterns = [path("search/", api.search, name="search")]
