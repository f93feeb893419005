"""Issue 9 item 7: a signed scan saved only in a draft of a live agreement is not downloadable
by anyone outside the agreement's unit (its URL, and no redirect to a publicly served /media/
path either); the unit's own staff still downloads it."""
import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

SCAN_BYTES = b"%PDF-1.4 draft scan of the signed agreement"


@pytest.fixture
def draft_scan(demo):
    scan = Document(title="ฉบับลงนามใหม่ (ร่าง) กค.")
    scan.file.save("signed-draft.pdf", ContentFile(SCAN_BYTES), save=True)
    agreement = demo.agreement("finance")
    assert agreement.live
    agreement.signed_scan = scan
    agreement.save_revision()  # a draft only: the live agreement has no scan
    return scan


def downloaded(client, url) -> bool:
    response = client.get(url)
    if response.status_code in (301, 302) and response["Location"].startswith(settings.MEDIA_URL):
        return True  # nginx serves /media/ to anyone
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    return response.status_code == 200 and (SCAN_BYTES in body or bool(response.get("X-Accel-Redirect")))


@pytest.mark.parametrize("role", ["anonymous", "staff_service", "head_service"])
def test_a_scan_saved_only_in_a_draft_of_a_live_agreement_is_refused(demo, client, draft_scan, role):
    if role != "anonymous":
        client.force_login(demo.user(role))
    assert not downloaded(client, draft_scan.url)


def test_the_units_own_staff_downloads_the_draft_scan(demo, client, draft_scan):
    client.force_login(demo.user("staff_finance"))
    assert downloaded(client, draft_scan.url)
