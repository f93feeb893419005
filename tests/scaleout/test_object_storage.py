"""Media and evidence on S3-compatible object storage (django-storages), against a real
S3 protocol server on loopback (moto's server mode), configured the way production is."""
import io
import socket
import uuid

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from evidence.models import EvidenceFile
from evidence.ingest import Upload, attach_files
from evidence.processing import process_file
from tests.helpers.evidence import hits, new_evidence_page



@pytest.fixture
def s3(settings):
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s")
    client.bucket = f"khamrap-{uuid.uuid4().hex[:12]}"  # moto keeps buckets for the whole process
    client.create_bucket(Bucket=client.bucket)
    options = {"bucket_name": client.bucket, "endpoint_url": endpoint, "region_name": "us-east-1", "access_key": "k", "secret_key": "s",
               "default_acl": None, "file_overwrite": False, "querystring_auth": True}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**options, "location": "media"}},
        "evidence": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**options, "location": "private"}},
    }
    yield client
    server.stop()


def keys(client, prefix):
    return [o["Key"] for o in client.list_objects_v2(Bucket=client.bucket, Prefix=prefix).get("Contents", [])]


def test_evidence_goes_to_the_bucket_is_extracted_and_downloads(demo, client, s3):
    assert storages["evidence"].__class__.__name__ == "S3Storage"
    page = new_evidence_page(demo)
    [record] = attach_files(page, [Upload("สรุปผล.txt", io.BytesIO("สรุปผลการประชุมคณะทำงานด้านงบประมาณ".encode()))], enqueue=False)
    assert keys(s3, "private/evidence/") == [f"private/{record.file.name}"]
    record = process_file(record.pk)
    assert record.status == EvidenceFile.INDEXED, record.status_message
    assert "สรุปผล.txt" in hits("คณะทำงาน")
    client.force_login(demo.user("staff_finance"))
    response = client.get(f"/evidence/file/{record.pk}/")
    assert b"".join(response.streaming_content).decode() == "สรุปผลการประชุมคณะทำงานด้านงบประมาณ"
    client.force_login(demo.user("staff_service"))
    assert client.get(f"/evidence/file/{record.pk}/").status_code == 404


def test_wagtail_documents_use_the_media_prefix(demo, s3):
    from wagtail.documents.models import Document

    document = Document(title="คำสั่งแต่งตั้งคณะทำงาน")
    document.file.save("order.txt", ContentFile("คำสั่ง".encode()), save=True)
    assert keys(s3, "media/") == [f"media/{document.file.name}"]
    assert keys(s3, "private/") == []
