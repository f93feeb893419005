"""Wagtail's admin page search finds a Thai title by a word inside it (issue 11, item 3):
the database search backend splits on spaces only, so the title was one token and only its
first word matched (``cms.search_words``)."""
import pytest
from django.urls import reverse

from cms.models import KPITemplatePage
from cms.search_words import title_words

pytestmark = pytest.mark.database_backend  # run on PostgreSQL too: Wagtail's database search backend is another engine on each database


def test_title_words_start_a_token_at_every_word():
    tokens = title_words("ร้อยละการเบิกจ่ายเงินงบประมาณ ภาพรวม").split()
    assert "การเบิกจ่ายเงินงบประมาณ" in tokens and "เบิกจ่ายเงินงบประมาณ" in tokens and "ร้อยละ" in tokens
    assert title_words("KPI") == ""


def test_admin_page_search_finds_a_thai_title_by_an_inner_word(demo, client):
    kpi = KPITemplatePage.objects.filter(title__startswith="ร้อยละการเบิกจ่าย").first()
    assert kpi is not None
    client.force_login(demo.user("editor"))
    for query in ("การเบิกจ่าย", "เบิกจ่ายเงิน", "ร้อยละการเบิก"):
        response = client.get(reverse("wagtailadmin_pages:search"), {"q": query})
        assert response.status_code == 200
        assert kpi.title in response.content.decode(), query
