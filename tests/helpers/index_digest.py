"""A generated corpus for rebuild tests and a digest of everything the embedded index stores
(tests/evidence_search/test_rebuild_exact.py, test_analysis.py): two rebuilds that must store
the same index compare their digests."""
import hashlib
import random

from evidence_search.backends import IndexedPassage
from evidence_search.backends.embedded import CHUNK, LAYOUT_BATCH
from evidence_search.models import IndexBitmap, IndexedPassageRow, PackedText

WORDS = ["ตัวชี้วัด", "ร้อยละ", "คำรับรอง", "การปฏิบัติราชการ", "ขั้นตอนที่ 1.1", "๒๕๖๙", "KPI",
         "ผลการดำเนินงาน", "เกณฑ์การให้คะแนน", "หน่วยงาน", "ก.พ.ร.", "2,569", "e-SAR", "ค่าเป้าหมาย"]


def corpus():
    """More than two layout batches (so the worker path is taken) over several bitmap chunks;
    documents of one to five passages, titles and KPI names shared by some of them."""
    rnd = random.Random(2569)
    passages, doc = [], 0
    while len(passages) < max(2 * LAYOUT_BATCH, CHUNK) + 300:
        doc += 1
        for page in range(rnd.randint(1, 5)):
            body = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(3, 25)))
            passages.append(IndexedPassage(
                passage_id=f"{doc}-p{page}", document_id=str(doc), title=f"หลักฐาน {doc % 40}",
                kpi_name=f"ตัวชี้วัดที่ {doc % 7}", body=body, fiscal_year=2569, unit_id=doc % 3,
                round=rnd.choice((6, 9, 12)), is_public=bool(doc % 2)))
    return passages


def digest():
    """What the index holds, less the two rows that are random or counters by design."""
    parts = {}
    bitmaps = IndexBitmap.objects.exclude(key__in=("_gen", "_ver")).order_by("key", "chunk")
    parts["bitmaps"] = [(b.key, b.chunk, bytes(b.bits)) for b in bitmaps]
    parts["rows"] = [tuple(v for k, v in sorted(r.items()) if k != "id")
                     for r in IndexedPassageRow.objects.order_by("docno").values()]
    parts["packed"] = [(t.docno, bytes(t.text)) for t in PackedText.objects.order_by("docno")]
    return {k: (len(v), hashlib.sha256(repr(v).encode()).hexdigest()) for k, v in parts.items()}
