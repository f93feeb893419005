"""Evidence pages, uploads and searches in tests."""
import io
from pathlib import Path

from evidence.models import EvidenceFolderPage, EvidencePage
from evidence.ingest import Upload, attach_files
from evidence.processing import process_file
from evidence.search_service import run_search
from evidence_search.backends import Visibility


def new_evidence_page(demo, unit="finance", kpi_code="3", title="รายงานผลการเบิกจ่าย"):
    folder = EvidenceFolderPage.for_organisation_year(demo.folder(unit))
    page = EvidencePage(title=title, slug=f"ev-{unit}-{EvidencePage.objects.count()}", kpi=demo.kpi(unit, kpi_code), round=6, live=False)
    folder.add_child(instance=page)
    return page


def hits(text, **kwargs):
    return [h.filename for h in run_search(text, visibility=kwargs.pop("visibility", Visibility.everything()), **kwargs).hits]


def upload(path: Path, name=None):
    return Upload(name or path.name, io.BytesIO(path.read_bytes()))


def attach_and_process(page, *uploads):
    records = attach_files(page, list(uploads), enqueue=False)
    return [process_file(r.pk) for r in records]
