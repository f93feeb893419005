"""What the index holds for an evidence file: one passage per extracted page (long pages
split at paragraph breaks), with the metadata that filters and permissions need."""
from cms.models import EvidenceFile
from search.backends import IndexedPassage, get_backend

MAX_PASSAGE_CHARS = 2000


def document_id(evidence_file) -> str:
    return f"evidence-file-{evidence_file.pk}"


def split_passages(text: str, limit: int = MAX_PASSAGE_CHARS) -> list[str]:
    if len(text) <= limit:
        return [text] if text.strip() else []
    chunks, current = [], ""
    for paragraph in text.split("\n"):
        if current and len(current) + len(paragraph) + 1 > limit:
            chunks.append(current)
            current = ""
        current = f"{current}\n{paragraph}" if current else paragraph
        while len(current) > limit:
            chunks.append(current[:limit])
            current = current[limit:]
    if current.strip():
        chunks.append(current)
    return chunks


def passages_for(evidence_file: EvidenceFile) -> list[IndexedPassage]:
    page = evidence_file.page.specific
    organisation_year = page.organisation_year
    organisation = organisation_year.organisation
    kpi = page.kpi
    common = dict(
        document_id=document_id(evidence_file),
        title=page.title,
        kpi_name=f"{kpi.code} {kpi.title}" if kpi else "",
        filename=evidence_file.original_name,
        file_type=evidence_file.file_type,
        fiscal_year=organisation_year.fiscal_year.year_be,
        unit_id=organisation.pk,
        unit_abbr=organisation.abbreviation,
        kpi_id=kpi.pk if kpi else None,
        kpi_code=kpi.code if kpi else "",
        round=page.round,
        is_public=page.is_public(),
    )
    passages = []
    for text_page in evidence_file.text_pages.all():
        for index, chunk in enumerate(split_passages(text_page.text)):
            passages.append(IndexedPassage(passage_id=f"{common['document_id']}-p{text_page.number}-{index}", body=chunk, **common))
    if not passages:  # a file with no text is still findable by its title and name
        passages.append(IndexedPassage(passage_id=f"{common['document_id']}-p0-0", body="", **common))
    return passages


def index_file(evidence_file, backend=None) -> int:
    backend = backend or get_backend()
    passages = passages_for(evidence_file)
    backend.delete([document_id(evidence_file)])
    backend.index(passages)
    return len(passages)


def reindex_page(evidence_page, backend=None):
    """After a change of title, KPI, round or visibility: rewrite the page's files' metadata."""
    backend = backend or get_backend()
    for evidence_file in EvidenceFile.objects.filter(page=evidence_page, status=EvidenceFile.INDEXED):
        index_file(evidence_file, backend)


def remove_files(evidence_files, backend=None):
    (backend or get_backend()).delete([document_id(f) for f in evidence_files])


def all_passages():
    for evidence_file in EvidenceFile.objects.filter(status=EvidenceFile.INDEXED).select_related("page").iterator():
        yield from passages_for(evidence_file)
