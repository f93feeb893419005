"""Wagtail documents (generated memos and booklets, signed scans, uploads) never sit where
nginx serves /media/, have names nobody can guess, and the admin documents API is gone."""
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import RequestFactory
from django.views.static import serve as serve_media
from wagtail.documents.models import Document

from doc_templates.generate import generate
from doc_templates.models import GeneratedDocument


def media_get(settings, name):
    """What nginx's ``location /media/ { alias MEDIA_ROOT; }`` answers for /media/<name>."""
    request = RequestFactory().get(f"/media/{name}")
    try:
        response = serve_media(request, name, document_root=settings.MEDIA_ROOT)
    except Http404:
        return 404
    return response.status_code


@pytest.fixture
def generated(demo):
    booklet = generate(demo.agreement("finance"), "agreement_booklet", user=demo.user("admin"))
    scan = Document(title="ฉบับลงนาม")
    scan.file.save("signed.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
    return [booklet.document, scan]


def test_anonymous_get_of_every_documents_media_path_is_refused(demo, generated, settings):
    documents = list(Document.objects.all())
    assert len(documents) >= 2 and GeneratedDocument.objects.exists()
    for document in documents:
        name = document.file.name
        assert media_get(settings, name) == 404, name
        assert not Path(document.file.path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
        # the old guessable name is not there either
        assert media_get(settings, f"documents/{Path(name).name}") == 404
        assert Path(document.file.path).is_file()


def test_stored_names_are_unguessable_and_keep_the_download_name(demo, generated):
    booklet, scan = generated
    for document in generated:
        folder = Path(document.file.name).parent.name
        assert len(folder) == 16 and int(folder, 16) >= 0
    assert scan.filename == "signed.pdf"
    assert booklet.filename.endswith(".docx") and "กค" in booklet.filename or booklet.filename.endswith(".docx")


def test_document_url_is_the_permission_checked_view(demo, generated, client):
    booklet, _scan = generated
    assert booklet.url.startswith("/documents/")
    assert client.get(booklet.url).status_code in (302, 404)  # anonymous: login or not found
    client.force_login(demo.user("staff_finance"))
    response = client.get(booklet.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
    client.force_login(demo.user("staff_service"))
    assert client.get(booklet.url).status_code == 404


def test_x_accel_redirect_hands_the_file_to_nginx_after_the_check(demo, generated, client, settings):
    settings.KHAMRAP_X_ACCEL_REDIRECT = "/_private/"
    booklet, _scan = generated
    client.force_login(demo.user("staff_finance"))
    response = client.get(booklet.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/_private/" + "/".join(
        __import__("urllib.parse").parse.quote(part) for part in booklet.file.name.split("/")
    )
    assert response.content == b""
    assert "attachment" in response["Content-Disposition"]
    client.force_login(demo.user("staff_service"))
    response = client.get(booklet.url)
    assert response.status_code == 404 and "X-Accel-Redirect" not in response


@pytest.mark.parametrize("role", ["staff_service", "head_finance", "preparer", "reviewer", "admin"])
def test_admin_documents_api_lists_only_what_the_caller_may_download(demo, generated, client, role):
    client.force_login(demo.user(role))
    response = client.get("/admin/api/main/documents/")
    assert response.status_code == 200
    listed = {item["id"] for item in response.json()["items"]}
    if role == "admin":
        assert {d.pk for d in generated} <= listed
    elif role == "staff_service":
        assert listed == set(), listed  # no public scans yet; nothing of theirs
    else:  # the booklet of กค.'s agreement, which they may download; never the unattached scan
        assert listed == {generated[0].pk}, listed
