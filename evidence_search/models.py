"""Tables of the embedded search index (see ``evidence_search.backends.embedded``).

No foreign keys to the CMS: documents, units and KPIs are referenced by plain ids so the
index can be rebuilt from anywhere and wired to the page models later.
"""
from django.db import models


class IndexedPassageRow(models.Model):
    """A passage as stored for result display and re-indexing; ``docno`` is its bit."""

    passage_id = models.CharField(max_length=200, unique=True)
    document_id = models.CharField(max_length=200, db_index=True)
    docno = models.BigIntegerField(unique=True)
    title = models.TextField(blank=True)
    kpi_name = models.TextField(blank=True)
    body = models.TextField(blank=True)
    filename = models.CharField(max_length=500, blank=True)
    file_type = models.CharField(max_length=20, blank=True)
    fiscal_year = models.IntegerField(null=True)
    unit_id = models.IntegerField(null=True)
    unit_abbr = models.CharField(max_length=50, blank=True)
    kpi_id = models.IntegerField(null=True)
    kpi_code = models.CharField(max_length=50, blank=True)
    round = models.SmallIntegerField(null=True)
    is_public = models.BooleanField(default=False)
    #: the compact search form (``evidence_search.backends.texts``: head, ``HEAD_END``, rest), written
    #: with the row so a query's exact check reads it instead of recomputing it (about 0.1 ms
    #: per passage: seconds for a term with 60 k candidates); "" on rows written before it
    #: existed (computed on read until the next rebuild / ``compact_search_index``)
    search_text = models.TextField(blank=True, default="")
    body_length = models.PositiveIntegerField(default=0)  # characters of ``body`` (BM25's length)

    class Meta:
        verbose_name = "ข้อความที่ทำดัชนี"


class IndexBitmap(models.Model):
    """One chunk of the bitmap of a key: bit ``docno - chunk * CHUNK_BITS`` set = passage has it.

    Keys: ``g:<n-gram>``/``h:<n-gram>`` (body/head character n-grams), ``w:<word>`` (whole
    words), ``m:<field>=<value>`` (filters and visibility), ``_live``, ``_start``.
    """

    key = models.CharField(max_length=255)
    chunk = models.IntegerField()
    bits = models.BinaryField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "chunk"], name="evidence_search_bitmap_key_chunk")]
        verbose_name = "บิตแมปดัชนี"


class IndexState(models.Model):
    """Single row: the next free docno (docnos are never reused until a rebuild)."""

    next_docno = models.BigIntegerField(default=0)


class PackedText(models.Model):
    """The compact search form of a passage, one byte a Thai character
    (``evidence_search.backends.packed``): what a term's first exact check scans. A separate narrow
    table so the scan reads a sixth of the passage rows' bytes. ``docno`` is an auto field
    only so that SQLite stores it as the table's rowid (a range of docnos is then one
    sequential read); values are always given."""

    docno = models.BigAutoField(primary_key=True)
    text = models.BinaryField()

    class Meta:
        verbose_name = "ข้อความค้นหาแบบย่อ"


class PassageAnalysis(models.Model):
    """A passage's stored word segmentation (``evidence_search.backends.analysis``): a hash of
    the analyzer version and of the passage's normalised text, then the lengths of the
    segmenter's tokens, one byte each. Written when the passage is first indexed; a rebuild
    with an unchanged analyzer and text reads it instead of segmenting again (segmenting
    was a third of a rebuild's CPU). Deleted with the passage; a rebuild drops the rows of
    passages it did not index."""

    passage_id = models.CharField(max_length=200, primary_key=True)
    analysis = models.BinaryField()

    class Meta:
        verbose_name = "ผลการตัดคำของข้อความ"
