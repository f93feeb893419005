"""The search API takes long queries by POST and answers JSON, errors included."""
import json

from tests.helpers.evidence import attach_and_process, new_evidence_page, upload


def _json(response):
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def test_post_of_5000_characters_is_answered_in_json(demo, client, tmp_path):
    page = new_evidence_page(demo)
    path = tmp_path / "ผล.txt"
    path.write_text("สรุปผลการดำเนินงานตามตัวชี้วัดของส่วนราชการ", encoding="utf-8")
    attach_and_process(page, upload(path))
    client.force_login(demo.user("preparer"))
    long_query = ("ตัวชี้วัด " * 600)[:5000]
    assert len(long_query) == 5000
    body = _json(client.post("/api/evidence/search/", {"q": long_query}))
    assert body["total"] == 1 and body["hits"][0]["filename"] == "ผล.txt"
    as_json = client.post("/api/evidence/search/", json.dumps({"q": "ส่วนราชการ", "explain": True}),
                          content_type="application/json")
    hit = _json(as_json)["hits"][0]
    assert hit["explanation"]["terms"][0]["term"] == "ส่วนราชการ"


def test_errors_are_json_in_thai(demo, client):
    too_long = client.post("/api/evidence/search/", {"q": "ก" * 5001})
    assert too_long.status_code == 413 and "5,000" in _json(too_long)["error"]
    assert client.put("/api/evidence/search/").status_code == 405
    assert "GET" in _json(client.put("/api/evidence/search/"))["error"]
    bad = client.post("/api/evidence/search/", "{not json", content_type="application/json")
    assert bad.status_code == 400 and _json(bad)["error"]
    missing = client.get("/api/evidence/nothing-here/")
    assert missing.status_code == 404 and _json(missing)["error"] == "ไม่พบสิ่งที่ขอ"
    assert _json(client.get("/api/evidence/search/"))["error"] == "โปรดระบุคำค้น (q)"
