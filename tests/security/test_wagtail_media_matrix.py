"""Wagtail's own document and image admin views × roles, on documents of กค. (issue 9).

Three documents of กค.: a memo generated from กค.'s unpublished memo, a file staff_finance
uploaded, and a signed scan chosen only in a draft of กค.'s agreement; and one image. Each
document is visible only to the roles ``cms.documents.can_view_document`` admits (the serve
view's rule); Wagtail's admin views additionally need Wagtail's collection permissions, which
only the two "librarians" hold (members of a document-and-image group on the root collection:
one of สบป., another unit, one of กค.). Images are public files with no unit owner: Wagtail's
collection permissions alone decide.

GET cells: served = 200; a refused role's answer never carries the document's secret title.
POST cells: the database is checked afterwards (changed = allowed), each in a rolled-back
transaction.
"""
import json
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, GroupCollectionPermission

from doc_templates.generate import generate

pytestmark = pytest.mark.slow  # run early: tests/conftest.py puts slow files first

ROLES = ["anonymous", "staff_service", "staff_finance", "head_finance", "preparer", "editor",
         "lib_service", "lib_finance"]
LIBRARIANS = {"lib_service", "lib_finance"}
SECRET = {"generated": "บันทึกลับกองคลังสร้างจากระบบ", "upload": "ไฟล์ลับกองคลังอัปโหลด",
          "scan": "สแกนลับกองคลังฉบับร่าง", "image": "ภาพกองคลังในคลังภาพ"}
# who may download each document (cms.documents.can_view_document)
SEES = {
    "generated": {"staff_finance", "head_finance", "editor", "lib_finance"},  # memo: own unit, editors
    "upload": {"staff_finance"} | LIBRARIANS,  # uploader, collection permission holders
    "scan": {"staff_finance", "head_finance", "preparer", "editor", "lib_finance"},  # agreement editors, read-all
}
ADMIN = {key: seen & LIBRARIANS for key, seen in SEES.items()} | {"image": LIBRARIANS}


@pytest.fixture
def media(demo):
    from doc_templates.from_pages import standard_memo_fields
    from doc_templates.models import Memo

    root = Collection.get_first_root_node()
    library = Group.objects.create(name="คลังเอกสารและภาพ (ทดสอบ)")
    for codename in ("add_document", "change_document", "choose_document", "add_image", "change_image",
                     "choose_image"):
        GroupCollectionPermission.objects.create(group=library, collection=root,
                                                 permission=Permission.objects.get(codename=codename))
    for name, unit_user in (("lib_service", "staff_service"), ("lib_finance", "staff_finance")):
        user = demo.User.objects.create_user(name, password="x")
        user.groups.set([*demo.user(unit_user).groups.all(), library])

    finance = demo.unit("กค.")
    staff = demo.user("staff_finance")
    memo = Memo(**{**standard_memo_fields("send_draft_kpis", finance, 2569), "standard": "send_draft_kpis",
                   "live": False, "kind": Memo.MEMO, "ref_no": "กค 0501/7", "signer_name": "นายทดสอบ ระบบ",
                   "signer_position": finance.head_position})
    memo.save()
    generated = generate(memo, "memo", user=staff).document
    generated.title = SECRET["generated"]
    generated.save()
    upload = Document(title=SECRET["upload"], uploaded_by_user=staff)
    upload.file.save("upload.pdf", ContentFile(b"%PDF-1.4 upload"), save=True)
    scan = Document(title=SECRET["scan"], uploaded_by_user=staff)
    scan.file.save("scan.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
    agreement = demo.agreement("finance")
    agreement.signed_scan = scan
    agreement.save_revision(user=staff)  # a draft only: the live agreement has no scan
    image = Image.objects.create(title=SECRET["image"], uploaded_by_user=staff, file=get_test_image_file())
    other = root.add_child(name="คอลเลกชันอื่น (ทดสอบ)")
    return {"generated": generated, "upload": upload, "scan": scan, "image": image, "other": other}


def login(client, demo, role):
    client.logout()
    if role != "anonymous":
        client.force_login(demo.user(role))


def bulk(app, model, action, obj):
    return f"/admin/bulk/{app}/{model}/{action}/?" + urlencode({"id": obj.pk, "next": "/admin/"})


DOCUMENT_GETS = {  # view → (URL, roles served)
    "edit": (lambda d: f"/admin/documents/edit/{d.pk}/", ADMIN),
    "delete": (lambda d: f"/admin/documents/delete/{d.pk}/", ADMIN),
    "usage": (lambda d: f"/admin/documents/usage/{d.pk}/", ADMIN),
    "chosen": (lambda d: f"/admin/documents/chooser/chosen/{d.pk}/", ADMIN),
    "bulk delete": (lambda d: bulk("wagtaildocs", "document", "delete", d), ADMIN),
    "bulk add_to_collection": (lambda d: bulk("wagtaildocs", "document", "add_to_collection", d), ADMIN),
    "bulk add_tags": (lambda d: bulk("wagtaildocs", "document", "add_tags", d), ADMIN),
    "api detail": (lambda d: f"/admin/api/main/documents/{d.pk}/", SEES),
    "serve": (lambda d: d.url, SEES),
}
IMAGE_GETS = {
    "image edit": lambda i: f"/admin/images/{i.pk}/",
    "image delete": lambda i: f"/admin/images/{i.pk}/delete/",
    "image usage": lambda i: f"/admin/images/usage/{i.pk}/",
    "image chosen": lambda i: f"/admin/images/chooser/chosen/{i.pk}/",
    "image select_format": lambda i: f"/admin/images/chooser/{i.pk}/select_format/",
    "image bulk delete": lambda i: bulk("wagtailimages", "image", "delete", i),
    "image bulk add_tags": lambda i: bulk("wagtailimages", "image", "add_tags", i),
    "image api detail": lambda i: f"/admin/api/main/images/{i.pk}/",
}
LISTINGS = {  # listing → (URL, roles that find the document's title in it)
    "documents index": ("/admin/documents/", ADMIN),
    "documents chooser": ("/admin/documents/chooser/results/", ADMIN),
    "documents api": ("/admin/api/main/documents/?limit=20", SEES),
}


def _body(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/json"):  # titles \u-escaped in JSON
        body = json.dumps(json.loads(body), ensure_ascii=False).encode()
    return body


def report(kind, expected, outcomes):
    leaks = sorted(cell for cell, ok in outcomes.items() if ok and cell[0] not in expected[cell])
    missing = sorted(cell for cell, ok in outcomes.items() if not ok and cell[0] in expected[cell])
    print(f"{kind}: {len(outcomes)} cells, {len(leaks)} leaks, {len(missing)} wrongly refused")
    assert not leaks and not missing, {"leaks": leaks, "missing": missing}


def test_document_and_image_views_get_matrix(demo, client, media):
    outcomes, expected = {}, {}
    for view, (url_for, allowed) in DOCUMENT_GETS.items():
        for key in SEES:
            url = url_for(media[key])
            for role in ROLES:
                login(client, demo, role)
                response = client.get(url)
                cell = (role, view, key)
                outcomes[cell], expected[cell] = response.status_code == 200, allowed[key]
                if role not in allowed[key]:
                    assert SECRET[key].encode() not in _body(response), cell
    for view, url_for in IMAGE_GETS.items():
        for role in ROLES:
            login(client, demo, role)
            response = client.get(url_for(media["image"]))
            cell = (role, view, "image")
            outcomes[cell], expected[cell] = response.status_code == 200, ADMIN["image"]
            if role not in ADMIN["image"]:
                assert SECRET["image"].encode() not in _body(response), cell
    report("GET", expected, outcomes)


def test_listings_name_only_what_the_role_may_see(demo, client, media):
    outcomes, expected = {}, {}
    for listing, (url, allowed) in LISTINGS.items():
        for role in ROLES:
            login(client, demo, role)
            body = _body(client.get(url)).decode()
            for key in SEES:
                cell = (role, listing, key)
                outcomes[cell], expected[cell] = SECRET[key] in body, allowed[key]
    for role in ROLES:
        login(client, demo, role)
        body = _body(client.get("/admin/api/main/images/?limit=20")).decode()
        cell = (role, "images api", "image")
        outcomes[cell], expected[cell] = SECRET["image"] in body, ADMIN["image"]
    report("listings", expected, outcomes)


def _reload(obj):
    return type(obj).objects.filter(pk=obj.pk).first()


def post_edit(client, obj, media):
    client.post(f"/admin/documents/edit/{obj.pk}/",
                {"title": "แก้ชื่อโดยผู้อื่น", "collection": obj.collection_id, "tags": ""})
    return _reload(obj).title == "แก้ชื่อโดยผู้อื่น"


def post_delete(client, obj, media):
    client.post(f"/admin/documents/delete/{obj.pk}/")
    return _reload(obj) is None


def post_bulk_delete(client, obj, media):
    client.post(bulk("wagtaildocs", "document", "delete", obj))
    return _reload(obj) is None


def post_bulk_collection(client, obj, media):
    client.post(bulk("wagtaildocs", "document", "add_to_collection", obj), {"collection": media["other"].pk})
    return _reload(obj).collection_id == media["other"].pk


def post_bulk_tags(client, obj, media):
    client.post(bulk("wagtaildocs", "document", "add_tags", obj), {"tags": "ป้ายผู้อื่น"})
    return _reload(obj).tags.filter(name="ป้ายผู้อื่น").exists()


def post_image_bulk_delete(client, obj, media):
    client.post(bulk("wagtailimages", "image", "delete", obj))
    return _reload(obj) is None


def post_image_edit(client, obj, media):
    client.post(f"/admin/images/{obj.pk}/", {"title": "แก้ชื่อภาพ", "collection": obj.collection_id, "tags": "",
                                              "focal_point_x": "", "focal_point_y": "", "focal_point_width": "",
                                              "focal_point_height": ""})
    return _reload(obj).title == "แก้ชื่อภาพ"


# (POST, documents it is tried on); a generated document is PROTECTed by its record, not deleted
DOCUMENT_POSTS = {
    "edit": (post_edit, ("generated", "upload", "scan")),
    "delete": (post_delete, ("upload", "scan")),
    "bulk delete": (post_bulk_delete, ("upload", "scan")),
    "bulk add_to_collection": (post_bulk_collection, ("generated", "upload", "scan")),
    "bulk add_tags": (post_bulk_tags, ("generated", "upload", "scan")),
}
IMAGE_POSTS = {"image edit": post_image_edit, "image bulk delete": post_image_bulk_delete}


def test_document_and_image_views_post_matrix(demo, client, media):
    outcomes, expected = {}, {}
    cases = [(view, post, key) for view, (post, keys) in DOCUMENT_POSTS.items() for key in keys]
    cases += [(view, post, "image") for view, post in IMAGE_POSTS.items()]
    for view, post, key in cases:
        for role in ROLES:
            with transaction.atomic():
                login(client, demo, role)
                cell = (role, view, key)
                outcomes[cell], expected[cell] = bool(post(client, media[key], media)), ADMIN[key]
                transaction.set_rollback(True)
    report("POST", expected, outcomes)
