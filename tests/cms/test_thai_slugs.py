"""Thai slugs keep their vowels and tone marks: typed in the admin, made from a title, served."""
from urllib.parse import unquote

from cms.models import ActionPlanPage
from cms.slugs import thai_slugify

TITLE = "แผนการเบิกจ่ายงบประมาณ ไตรมาสที่ ๑ (ฉบับปรับปรุง)"
SLUG = "แผนการเบิกจ่ายงบประมาณ-ไตรมาสที่-๑-ฉบับปรับปรุง"
BODY = '{"blocks":[{"key":"a","text":"รายละเอียด","type":"unstyled","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}'


def test_thai_slugify_keeps_marks_and_sara_am():
    assert thai_slugify(TITLE) == SLUG
    assert thai_slugify("การดำเนินงาน ที่สำคัญ") == "การดำเนินงาน-ที่สำคัญ"  # ำ stays one character
    assert "\u0e4d" not in thai_slugify("ดำเนิน")


NO_PROJECTS = {"projects-TOTAL_FORMS": "0", "projects-INITIAL_FORMS": "0", "projects-MIN_NUM_FORMS": "0", "projects-MAX_NUM_FORMS": "1000"}


def test_staff_save_a_page_with_a_thai_slug_they_typed(demo, client):
    client.force_login(demo.user("staff_finance"))
    folder = demo.folder("finance")
    response = client.post(f"/admin/pages/add/cms/actionplanpage/{folder.pk}/", {
        "title": TITLE, "slug": "แผน-เบิกจ่าย-ไตรมาสแรก", "summary": "", "budget_baht": "",
        "body": BODY, **NO_PROJECTS,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    page = ActionPlanPage.objects.child_of(folder).get(title=TITLE)
    assert page.slug == "แผน-เบิกจ่าย-ไตรมาสแรก"


def test_slug_with_other_punctuation_is_refused_in_thai(demo, client):
    client.force_login(demo.user("staff_finance"))
    folder = demo.folder("finance")
    response = client.post(f"/admin/pages/add/cms/actionplanpage/{folder.pk}/", {
        "title": TITLE, "slug": "แผน/เบิก จ่าย", "body": BODY, **NO_PROJECTS,
    })
    assert response.status_code == 200
    assert "อักษรไทยพร้อมสระและวรรณยุกต์ได้" in response.content.decode()


def test_page_saved_without_a_slug_gets_one_from_its_title_with_marks(demo, client):
    folder = demo.folder("finance")
    page = folder.add_child(instance=ActionPlanPage(title=TITLE, body="<p>รายละเอียด</p>"))
    assert page.slug == SLUG
    assert page.url_path.endswith(f"/{SLUG}/")
    page.save_revision().publish()
    url = page.get_url()  # reverse() goes through the project's serve pattern (Wagtail's gave None)
    assert unquote(url).endswith(f"/{SLUG}/")
    assert client.get(url).status_code == 200
