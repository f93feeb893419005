"""What the index holds for an evidence file: one passage per extracted page (long pages
split at paragraph breaks), with the metadata that filters and permissions need."""
import re
from collections import namedtuple

from evidence_search.backends import IndexedPassage, get_backend
from thai import text as thai_text

from .models import EvidenceFile, EvidencePage, ExtractedText

MAX_PASSAGE_CHARS = 2000
#: consecutive passages of a page share this many characters, so a term (or a quoted
#: phrase) up to this long that straddles a cut is whole in one of them
OVERLAP_CHARS = 200


DOCUMENT_PREFIX = "evidence-file-"


def document_id(evidence_file) -> str:
    """The index's name for the file's passages (``file_id`` reads the file's id back)."""
    return f"{DOCUMENT_PREFIX}{evidence_file.pk}"


def file_id(document_id: str) -> int:
    return int(document_id.removeprefix(DOCUMENT_PREFIX))


_BREAKS = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"\s"))


def _cut(text: str, lo: int, hi: int) -> int:
    """Where to end a passage in ``(lo, hi]``: the last paragraph break, else line break,
    else space, else word boundary of the segmenter, else character-cluster boundary."""
    for pattern in _BREAKS:
        found = [m.end() for m in pattern.finditer(text, lo, hi)]
        if found:
            return found[-1]
    a = max(lo, hi - 120)
    pos, bounds = a, []
    for word in thai_text.tokens(text[a:hi]):
        pos += len(word)
        if lo < pos < hi and thai_text.is_cluster_boundary(text, pos):
            bounds.append(pos)
    if bounds:
        return bounds[-1]
    cut = thai_text.cluster_floor(text, hi)
    return cut if cut > lo else thai_text.cluster_ceil(text, hi)


def split_passages(text: str, limit: int = MAX_PASSAGE_CHARS, overlap: int = OVERLAP_CHARS) -> list[str]:
    """Passages of at most ``limit`` characters (a cluster more at worst) that overlap by
    at least ``overlap`` characters; every cut falls on a character-cluster boundary,
    preferably at a paragraph, line or word break."""
    if len(text) <= limit:
        return [text] if text.strip() else []
    overlap = min(overlap, limit // 4)
    chunks, start = [], 0
    while start < len(text):
        if len(text) - start <= limit:
            chunks.append(text[start:])
            break
        end = _cut(text, start + limit // 2, start + limit)
        chunks.append(text[start:end])
        # the next passage starts at least ``overlap`` before this end, at a break if one is near
        back = end - overlap
        nxt = _cut(text, max(start + 1, back - 120), back) if back - 120 > start else thai_text.cluster_floor(text, back)
        start = nxt if start < nxt <= back else max(start + 1, thai_text.cluster_floor(text, back))
    return [c for c in chunks if c.strip()]


def year_metadata(organisation_year) -> dict:
    """The passage fields every evidence page of one organisation-year shares."""
    organisation = organisation_year.organisation
    return dict(fiscal_year=organisation_year.fiscal_year.year_be, unit_id=organisation.pk,
                unit_abbr=organisation.abbreviation)


def file_metadata(page, evidence_file=None, year: dict | None = None) -> dict:
    """The passage fields shared by every passage of the files of one evidence page
    (``year``: its organisation-year's ``year_metadata``, when known already)."""
    kpi = page.kpi
    return dict(
        title=page.title,
        kpi_name=f"{kpi.code} {kpi.title}" if kpi else "",
        **(year or year_metadata(page.organisation_year)),
        kpi_id=kpi.pk if kpi else None,
        kpi_code=kpi.code if kpi else "",
        round=page.round,
        is_public=page.is_public(),
    )


def passages_from(evidence_file, metadata: dict, pages) -> list[IndexedPassage]:
    """Passages of one file from its ``(page number, text)`` pairs and shared ``metadata``."""
    doc = document_id(evidence_file)
    common = dict(metadata, document_id=doc, filename=evidence_file.original_name, file_type=evidence_file.file_type)
    passages = []
    for number, text in pages:
        for index, chunk in enumerate(split_passages(text)):
            passages.append(IndexedPassage(passage_id=f"{doc}-p{number}-{index}", body=chunk, **common))
    if not passages:  # a file with no text is still findable by its title and name
        passages.append(IndexedPassage(passage_id=f"{doc}-p0-0", body="", **common))
    return passages


def passages_for(evidence_file: EvidenceFile) -> list[IndexedPassage]:
    page = evidence_file.page.specific
    pages = [(p.number, p.text) for p in evidence_file.text_pages.all()]
    return passages_from(evidence_file, file_metadata(page), pages)


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


#: what ``passages_from`` reads of an ``EvidenceFile`` (a model instance per file cost more
#: than the rest of reading it)
_FileFields = namedtuple("_FileFields", "pk page_id original_name file_type")


def all_passages(batch_size: int = 500):
    """The passages of every indexed file (what ``rebuild_search_index`` indexes), in the
    order the files were stored (by id: ``EvidenceFile``'s own ordering, ``sort_order``, is
    the same for every file, and PostgreSQL breaks such ties differently from one query to
    the next). Read in batches of files: their pages (with
    the KPI), their extracted text in one query, and each organisation-year's fields once
    per evidence folder; read file by file (page, its ancestors, the fiscal year, the text)
    it cost ~10 queries a file and kept the command at a third of the index's own speed."""
    ids = list(EvidenceFile.objects.filter(status=EvidenceFile.INDEXED).order_by("pk").values_list("pk", flat=True))
    folders: dict[str, tuple] = {}  # evidence folder path → (organisation-year page, its year_metadata)
    for start in range(0, len(ids), batch_size):
        part = ids[start:start + batch_size]
        files = {f.pk: f for f in map(_FileFields._make, EvidenceFile.objects.filter(pk__in=part).values_list(
            "pk", "page_id", "original_name", "file_type"))}
        pages = {p.pk: p for p in EvidencePage.objects.filter(pk__in={f.page_id for f in files.values()})
                 .select_related("kpi")}
        texts: dict[int, list] = {pk: [] for pk in part}
        for file_id, number, text in ExtractedText.objects.filter(evidence_file_id__in=part).values_list(
                "evidence_file_id", "number", "text"):
            texts[file_id].append((number, text))
        metadata: dict[int, dict] = {}
        for pk in part:
            evidence_file = files.get(pk)
            if evidence_file is None:  # deleted meanwhile
                continue
            page = pages[evidence_file.page_id]
            if page.pk not in metadata:
                folder = page.path[:-page.steplen]
                if folder not in folders:
                    year_page = page.organisation_year
                    folders[folder] = (year_page, year_metadata(year_page))
                # the page's walk up to its organisation-year starts (and ends) there
                page._parent_page_hint = folders[folder][0]
                metadata[page.pk] = file_metadata(page, year=folders[folder][1])
            yield from passages_from(evidence_file, metadata[page.pk], texts[pk])
