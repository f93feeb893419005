"""Time the document rule's listing (``cms.documents.visible_documents``) and the two admin
pages that use it, on an instance's database (issue 9: the listing read every agreement
revision in full).

    KHAMRAP_VAR_DIR=<a scratch copy> DJANGO_SETTINGS_MODULE=khamrap.settings.dev \\
        python bench/visible_documents.py [--grow 10] [--repeat 5]

``--grow N`` first multiplies, in that database, the agreement revisions and the generated
documents by N (copies of existing rows: each agreement saved N-1 more times, each generated
document N-1 more times with its own Document row), so run it on a copy. It prints, for each
role, the median wall and CPU time (this process; SQLite runs in it) and query count of the listing and of ``GET /admin/api/main/documents/``
and ``GET /admin/documents/``, and the rows it read.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROLES = ["staff_service", "staff_finance", "preparer", "reviewer", "editor"]


def grow(factor: int):
    from django.db import transaction
    from wagtail.documents.models import Document

    from cms.models import AgreementPage
    from doc_templates.models import GeneratedDocument

    with transaction.atomic():
        for agreement in AgreementPage.objects.all():
            for _ in range(factor - 1):
                agreement.save_revision()
        for generated in list(GeneratedDocument.objects.all()):
            for _ in range(factor - 1):
                document = Document.objects.get(pk=generated.document_id)
                document.pk = None
                document.save()
                GeneratedDocument.objects.create(source_content_type_id=generated.source_content_type_id,
                                                 source_object_id=generated.source_object_id, kind=generated.kind,
                                                 document=document)


def measure(repeat: int):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from wagtail.documents.models import Document
    from wagtail.models import Revision

    from cms.documents import visible_documents
    from cms.models import AgreementPage

    from django.contrib.contenttypes.models import ContentType

    revisions = Revision.objects.filter(content_type=ContentType.objects.get_for_model(AgreementPage)).count()
    print(f"documents {Document.objects.count()}, agreement revisions {revisions}")
    users = get_user_model().objects
    for role in ROLES:
        user = users.get(username=role)
        client = Client()
        client.force_login(user)
        row = [role]
        for what, run in (("listing", lambda: len(list(visible_documents(user, Document.objects.all())))),
                          ("api", lambda: client.get("/admin/api/main/documents/", HTTP_HOST="127.0.0.1").status_code),
                          ("index", lambda: client.get("/admin/documents/", HTTP_HOST="127.0.0.1").status_code)):
            times, cpu = [], []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    started, started_cpu = time.perf_counter(), time.process_time()
                    result = run()
                    times.append(time.perf_counter() - started)
                    cpu.append(time.process_time() - started_cpu)
            row.append(f"{what} {statistics.median(times) * 1000:6.1f} ms (cpu {statistics.median(cpu) * 1000:5.1f}) "
                       f"{len(queries):3} q ({result})")
        print("  ".join(row))


def main():
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    import django

    django.setup()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grow", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if args.grow > 1:
        grow(args.grow)
    from django.conf import settings

    settings.DEBUG = True  # query counts
    from django.db import connection

    connection.queries_log.clear()
    measure(args.repeat)


if __name__ == "__main__":
    main()
