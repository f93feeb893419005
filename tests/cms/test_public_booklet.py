"""Anonymous visitors download a published agreement's signed scan and booklet from its page;
the booklet is built once per live revision, never from a draft, and never for an
unpublished or restricted agreement."""
from django.contrib.contenttypes.models import ContentType
from wagtail.models import PageViewRestriction

from cms.models import AgreementPage
from doc_templates.models import GeneratedDocument


def booklets(page):
    return GeneratedDocument.objects.filter(source_content_type=ContentType.objects.get_for_model(AgreementPage),
                                            source_object_id=str(page.pk), kind="agreement_booklet")


def download(client, url):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response, body


def test_published_agreement_offers_its_booklet_to_anonymous_visitors(demo, client):
    agreement = demo.agreement("finance")
    assert agreement.live
    html = client.get(agreement.url).content.decode()
    url = f"/agreement/{agreement.pk}/booklet/"
    assert f'href="{url}"' in html and "เล่มคำรับรองการปฏิบัติราชการ" in html
    response, body = download(client, url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert body.startswith(b"%PDF") or body.startswith(b"PK")  # PDF, or the .docx without LibreOffice
    [generated] = booklets(agreement)
    assert generated.source_revision_id == agreement.live_revision_id

    # a draft waiting for approval changes nothing for the public: the same live booklet
    agreement.title = "ร่างที่ยังไม่อนุมัติ"
    agreement.save_revision()
    response, again = download(client, url)
    assert response.status_code == 200 and again == body and booklets(agreement).count() == 1
    from urllib.parse import unquote

    disposition = unquote(response["Content-Disposition"])
    assert demo.agreement("finance").title[:25] in disposition and "ร่างที่ยังไม่อนุมัติ" not in disposition


def test_no_booklet_for_an_unpublished_or_restricted_agreement(demo, client):
    agreement = demo.agreement("plan")
    url = f"/agreement/{agreement.pk}/booklet/"
    PageViewRestriction.objects.create(page=agreement, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(url).status_code == 404
    PageViewRestriction.objects.filter(page=agreement).delete()
    agreement.unpublish()
    assert client.get(url).status_code == 404
    assert client.get("/agreement/999999/booklet/").status_code == 404
    assert not booklets(agreement).exists()


def test_a_private_document_is_stored_while_media_root_does_not_exist_yet(tmp_path):
    """A fresh demo's var dir has no media/ until something public is uploaded; the first
    generated document (a booklet a visitor asked for) failed there with FileNotFoundError."""
    from django.core.files.base import ContentFile

    from cms.storage import MediaStorage

    storage = MediaStorage(location=str(tmp_path / "media"), private_location=str(tmp_path / "private"))
    name = storage.save("documents/เล่มคำรับรอง.docx", ContentFile(b"PK docx"))
    with storage.open(name) as handle:
        assert handle.read() == b"PK docx"
