"""The JSON search API applies the caller's permissions; the public page cache never
serves a page older than its latest publication."""
import json

from django.core.cache import caches

from tests.helpers.evidence import attach_and_process, new_evidence_page, upload


def test_search_api_answers_with_permissions(demo, client, tmp_path):
    page = new_evidence_page(demo)
    path = tmp_path / "ผลสำรวจ.txt"
    path.write_text("สรุปผลสำรวจความพึงพอใจ ๘๙.๕", encoding="utf-8")
    attach_and_process(page, upload(path))

    assert client.get("/api/evidence/search/").status_code == 400
    anonymous = json.loads(client.get("/api/evidence/search/", {"q": "ความพึงพอใจ"}).content)
    assert anonymous["total"] == 0  # a draft is not public
    client.force_login(demo.user("preparer"))
    ambiguous = client.get("/api/evidence/search/", {"q": "89.5", "unit": "กค."})  # both demo departments have one
    assert ambiguous.status_code == 400 and "สสบ./กค." in json.loads(ambiguous.content)["error"]
    body = json.loads(client.get("/api/evidence/search/", {"q": "89.5", "unit": "สสบ./กค."}).content)
    assert set(body) >= {"query", "total", "took_ms", "hits"} and body["total"] == 1
    assert body["hits"][0]["filename"] == "ผลสำรวจ.txt" and "<mark>" in body["hits"][0]["snippet"]
    client.force_login(demo.user("staff_service"))
    assert json.loads(client.get("/api/evidence/search/", {"q": "89.5"}).content)["total"] == 0


def test_page_cache_is_cleared_when_a_page_is_published(demo, client, settings):
    settings.KHAMRAP_PAGE_CACHE_SECONDS = 300
    settings.CACHE_MIDDLEWARE_ALIAS, settings.CACHE_MIDDLEWARE_SECONDS, settings.CACHE_MIDDLEWARE_KEY_PREFIX = "pages", 300, "t"
    settings.MIDDLEWARE = ["django.middleware.cache.UpdateCacheMiddleware", *settings.MIDDLEWARE,
                           "django.middleware.cache.FetchFromCacheMiddleware"]
    caches["pages"].clear()
    kpi = demo.kpi("finance", "2")
    first = client.get(kpi.url)
    assert first.status_code == 200 and "max-age=300" in first["Cache-Control"]
    type(kpi).objects.filter(pk=kpi.pk).update(title="ชื่อที่แก้ในฐานข้อมูลโดยตรง")
    assert "ชื่อที่แก้ในฐานข้อมูลโดยตรง" not in client.get(kpi.url).content.decode()  # served from the cache
    kpi.title = "ร้อยละความพึงพอใจของผู้รับบริการ (ฉบับปรับปรุง)"
    kpi.save_revision().publish()
    assert "(ฉบับปรับปรุง)" in client.get(kpi.url).content.decode()
