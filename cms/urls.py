from django.urls import path

from . import views

app_name = "cms"
urlpatterns = [
    path("agreement/<int:page_id>/booklet/", views.public_agreement_booklet, name="agreement_booklet"),
]
