"""Benchmark of the evidence search engine (run on demand, prints figures).

    .venv/bin/python bench/search.py 10000                 # SQLite file in /tmp
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/search.py 10000
    .venv/bin/python bench/search.py segmenters            # word-segmentation engines
    .venv/bin/python bench/search.py 100000 --backend embedded,opensearch --url http://127.0.0.1:9200
                                   # several backends on the same corpus, one after the other
    DATABASE_URL=sqlite:////tmp/x.sqlite3 .venv/bin/python bench/search.py import 10000 --rebuild
        # import_evidence --bulk of N small text files (needs a migrated DB with load_demo and
        # load_demo_rounds: the files are filed for the unit's 12-month round),
        # then the rebuild_search_index command over what was imported
    DATABASE_URL=sqlite:////tmp/x.sqlite3 .venv/bin/python bench/search.py import 10000 --manual --rebuild
        # the same with agency-manual-like files: passages of ~1,700 characters, the length
        # of real manuals (the rebuild's cost is per character: its target holds at this length)
    DATABASE_URL=sqlite:////tmp/x.sqlite3 .venv/bin/python bench/search.py rebuild-command

Every figure is printed beside its target (issue 15). The machine is 2 cores shared with
other work: figures are pessimistic.

Builds a deterministic synthetic Thai corpus of N passages (1–2 KB UTF-8 each, 4 passages
per document) from a vocabulary of real Thai government words, indexes it through the
configured backend, prints indexing throughput, p50/p95 latency of a fixed query mix
(top-20 page) and recall/precision against a labelled set, next to an ``icontains``
baseline (case-insensitive substring on the raw text, what ``__icontains`` does).

Labelled needles are planted in a small share of passages in the spellings real uploads
have: decomposed sara am, Thai or Arabic digits, a line break inside a word (PDF text),
a zero-width space, old-font private-use glyphs, mixed Latin case.
"""
from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]

VOCAB = """ตัวชี้วัด ค่าเป้าหมาย น้ำหนัก เกณฑ์การให้คะแนน ส่วนราชการ คำรับรอง การปฏิบัติราชการ
แผนปฏิบัติราชการ ปีงบประมาณ ผลการดำเนินงาน รายงานการประเมินผลตนเอง เอกสารหลักฐาน
ผู้กำกับดูแลตัวชี้วัด ผู้จัดเก็บข้อมูล สูตรการคำนวณ หน่วยวัด ข้อมูลพื้นฐาน แหล่งข้อมูล
วิธีการจัดเก็บข้อมูล ประสิทธิผล คุณภาพการให้บริการ ประสิทธิภาพ การพัฒนาองค์การ ยุทธศาสตร์
กระทรวง กรม สำนัก กอง ศูนย์ อธิบดี ปลัดกระทรวง รัฐมนตรี คณะกรรมการ ข้าราชการ เจ้าหน้าที่
งบประมาณ การเบิกจ่าย ร้อยละ ระดับความสำเร็จ ความพึงพอใจ ผู้รับบริการ ประชาชน การตรวจประเมิน
ณ ที่ตั้ง อุทธรณ์ สิ่งจูงใจ มิติ ภายนอก ภายใน ภารกิจ โครงการ กิจกรรม ขั้นตอน ระยะเวลา
ไตรมาส รอบ เดือน ผลสัมฤทธิ์ นโยบาย รัฐบาล การประหยัดพลังงาน ไฟฟ้า น้ำมันเชื้อเพลิง
การบริหารความเสี่ยง การควบคุมภายใน ธรรมาภิบาล ความโปร่งใส การจัดการความรู้ บุคลากร
การฝึกอบรม หลักสูตร สมรรถนะ เทคโนโลยีสารสนเทศ ระบบ ฐานข้อมูล เว็บไซต์ การให้บริการ
อิเล็กทรอนิกส์ ลดขั้นตอน ศูนย์ราชการสะดวก บันทึกข้อความ หนังสือ เรื่อง เรียน ที่ วันที่
ลงนาม อนุมัติ เห็นชอบ พิจารณา ดำเนินการ ประสานงาน รายงาน ติดตาม ประเมินผล ปรับปรุง
พัฒนา ส่งเสริม สนับสนุน กำกับ ดูแล จัดทำ จัดส่ง แจ้ง เวียน ประชุม ชี้แจง ทบทวน
และ หรือ ของ ใน ที่ ให้ ได้ เป็น มี การ ความ ตาม โดย เพื่อ กับ จาก ซึ่ง ไว้ แล้ว ต่อ""".split()
LATIN = ["KPI", "Template", "SAR", "ITA", "Dashboard", "Excel", "PDF", "Google", "Form"]
UNITS = [(i, a) for i, a in enumerate(["กพร.", "สลก.", "กผ.", "กค.", "ศทส.", "กบค.", "สตส.", "กม."], 1)]

# needles: (label, [spellings seen in uploads], query a preparer types)
NEEDLES = [
    ("sara-am", ["การจัดทำคำรับรองรายบุคคล", "การจัดท\u0e4d\u0e32ค\u0e4d\u0e32รับรองรายบุคคล"], "คำรับรองรายบุคคล"),
    ("digits", ["ปีงบประมาณ พ.ศ. ๒๕๗๑", "ปีงบประมาณ พ.ศ. 2571"], "2571"),
    ("digits-thai-query", ["วงเงิน ๑๒๓,๔๕๐ บาท", "วงเงิน 123,450 บาท"], "๑๒๓,๔๕๐"),
    ("linebreak", ["ระบบติดตามอัจฉริยะ", "ระบบติดตาม\nอัจฉริยะ"], "ติดตามอัจฉริยะ"),
    ("zero-width", ["แพลตฟอร์มกลางภาครัฐ", "แพลตฟอร์ม\u200bกลางภาครัฐ"], "แพลตฟอร์มกลางภาครัฐ"),
    ("pua", ["ผู้ตรวจสอบภายในอาวุโส", "ผู\uf70bตรวจสอบภายในอาวุโส"], "ผู้ตรวจสอบภายใน"),
    ("latin-case", ["ผ่านระบบ e-Budgeting", "ผ่านระบบ E-BUDGETING", "ผ่านระบบ e-budgeting"], "e-Budgeting"),
    ("compound-part", ["สำนักงานปลัดกระทรวงดิจิทัล"], "ปลัดกระทรวงดิจิทัล"),
    ("two-terms", ["แผนบูรณาการเชิงพื้นที่ ... การท่องเที่ยวชุมชน"], "บูรณาการเชิงพื้นที่ ท่องเที่ยวชุมชน"),
    ("tone-order", ["ผู้ประสานงานหลัก", "ผ\u0e49\u0e39ประสานงานหลัก"], "ผู้ประสานงานหลัก"),
]

QUERIES = [
    ("single word", "ตัวชี้วัด", {}),
    ("part of compound", "ราชการ", {}),
    ("two terms", "ค่าเป้าหมาย ร้อยละ", {}),
    ("phrase", '"แผนปฏิบัติราชการ"', {}),
    ("latin", "PMQA", {}),
    ("latin two words", "KPI Template", {}),
    ("digits arabic", "2569", {}),
    ("digits thai", "๒๕๖๘", {}),
    ("rare word", "อัจฉริยะ", {}),
    ("single word + year", "ตัวชี้วัด", {"fiscal_year": 2569}),
    ("compound + unit", "ราชการ", {"unit_id": 3}),
    ("two terms + round", "งบประมาณ การเบิกจ่าย", {"round": 6}),
    ("phrase + unit visibility", '"ความพึงพอใจ"', {"_units": [1, 2]}),
    ("latin + public only", "e-SAR", {"_public": True}),
]


def make_corpus(n: int, seed: int = 2569):
    """Deterministic passages: (IndexedPassage, planted needle label or None)."""
    from evidence_search.backends import IndexedPassage

    rnd = random.Random(seed)
    out = []
    for i in range(n):
        doc = i // 4
        unit_id, abbr = UNITS[doc % len(UNITS)]
        words = []
        size = rnd.randint(1024, 2048)
        while len("".join(words).encode()) < size:
            r = rnd.random()
            if r < 0.04:
                words.append(" " + rnd.choice(LATIN) + " ")
            elif r < 0.06:
                words.append(" " + rnd.choice(["2566", "2567", "2568", "2569", "๒๕๖๖", "๒๕๖๗", "๒๕๖๘", "๒๕๖๙"]) + " ")
            elif r < 0.07:
                words.append(" e-SAR ")
            elif r < 0.075:
                words.append(" PMQA ")
            elif r < 0.15:
                words.append(" ")
            else:
                words.append(rnd.choice(VOCAB))
        label = None
        if rnd.random() < 0.02:
            label, spellings, _ = NEEDLES[rnd.randrange(len(NEEDLES))]
            spelling = rnd.choice(spellings)
            if label == "two-terms":
                a, b = spelling.split(" ... ")
                words.insert(0, a + " ")
                words.append(" " + b)
            else:
                words.insert(rnd.randrange(len(words)), spelling)
        body = "".join(words)
        out.append((IndexedPassage(
            passage_id=f"p{i}", document_id=f"d{doc}", title=f"รายงานผล{rnd.choice(VOCAB)} {abbr}",
            kpi_name=rnd.choice(["ร้อยละการเบิกจ่ายงบประมาณ", "ระดับความสำเร็จของการพัฒนาองค์การ",
                                 "ร้อยละความพึงพอใจของผู้รับบริการ", "ระดับความสำเร็จของการดำเนินการตาม PMQA"]),
            body=body, filename=f"evidence-{doc}.pdf", file_type="pdf",
            fiscal_year=rnd.choice([2567, 2568, 2569]), unit_id=unit_id, unit_abbr=abbr,
            kpi_id=rnd.randint(1, 40), kpi_code=f"{rnd.randint(1, 9)}.{rnd.randint(1, 5)}",
            round=rnd.choice([6, 9, 12]), is_public=rnd.random() < 0.3), label))
    return out


def setup_django():
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = "sqlite:///" + str(Path(tempfile.gettempdir()) / "khamrap-bench-search.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khamrap.settings.dev")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # as in production: DEBUG logs every SQL query (half the writer's CPU in a rebuild)
    # only this app's tables: the bench must not depend on other apps' migrations
    from django.db import connection

    from django.apps import apps

    existing = set(connection.introspection.table_names())
    with connection.schema_editor() as editor:
        for model in apps.get_app_config("evidence_search").get_models():
            if model._meta.db_table not in existing:
                editor.create_model(model)


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run(n: int, backends: list[str] | None = None, url: str | None = None, reuse: bool = False, alias: str = "khamrap-bench"):
    setup_django()
    from django.db import connection

    from evidence_search.backends import get_backend

    t = time.perf_counter()
    corpus = make_corpus(n)
    print(f"corpus: {n} passages, {sum(len(p.body.encode()) for p, _ in corpus) / n:.0f} B avg, "
          f"generated in {time.perf_counter() - t:.1f}s; db={connection.vendor}")
    for name in backends or [None]:
        options = {"url": url, "alias": alias} if name and name != "embedded" and url else {}
        backend = get_backend(name, **options)
        print(f"\n===== backend={type(backend).__name__} =====")
        run_backend(backend, n, corpus, reuse)
        if hasattr(backend, "drop"):
            backend.drop()


def run_backend(backend, n, corpus, reuse=False):
    from evidence_search.backends import Filters, IndexedPassage, SearchQuery, Visibility

    if reuse and type(backend).__name__ == "EmbeddedBackend":
        from evidence_search.models import IndexedPassageRow

        if IndexedPassageRow.objects.count() == n:
            print("--reuse: the index holds the corpus already; rebuild and index() not measured")
        else:
            reuse = False
    if not reuse:
        index_figures(backend, n, corpus)
    query_figures(backend)
    fresh_worker()
    recall(backend, corpus)


def index_figures(backend, n, corpus):
    from evidence_search.backends import IndexedPassage

    t, cpu = time.perf_counter(), os.times()
    backend.rebuild((p for p, _ in corpus), progress=None)
    dt, cpu2 = time.perf_counter() - t, os.times()
    used = (cpu2.user + cpu2.system + cpu2.children_user + cpu2.children_system) - (
        cpu.user + cpu.system + cpu.children_user + cpu.children_system)
    chars = sum(len(p.body) for p, _ in corpus) / max(n, 1)
    print(f"rebuild: {n / dt:.0f} passages/s at {chars:,.0f} chars/passage ({dt:.1f}s wall; {n / max(used, 1e-9):.0f} "
          f"passages per CPU-second, all processes)   target ≥ 1000/s (at ~1,700 chars/passage: "
          f"`import N --manual --rebuild`)")

    # incremental index(): new documents in batches of 200 passages (an import), then the
    # same documents again (upserts rewrite whole documents)
    extra = [p for p, _ in make_corpus(2000, seed=7)]
    extra = [IndexedPassage(**{**vars(p), "passage_id": "x" + p.passage_id, "document_id": "x" + p.document_id})
             for p in extra]
    for label in ("index() new documents", "index() upsert existing"):
        t = time.perf_counter()
        for i in range(0, len(extra), 200):
            backend.index(extra[i:i + 200])
        dt = time.perf_counter() - t
        print(f"{label}: {len(extra) / dt:.0f} passages/s (batches of 200)")
    backend.delete(list({p.document_id for p in extra}))


def query_figures(backend):
    from evidence_search.backends import Filters, SearchQuery, Visibility

    print(f"\n{'query':28s} {'total':>7s} {'p50 ms':>8s} {'p95 ms':>8s}")
    all_lat, all_cpu = [], []
    for name, text, opts in QUERIES:
        opts = dict(opts)
        vis = Visibility.everything()
        if "_units" in opts:
            vis = Visibility.units(opts.pop("_units"))
        if opts.pop("_public", False):
            vis = Visibility.public()
        q = SearchQuery(text, filters=Filters(**opts), visibility=vis)
        backend.search(q)  # warm
        lat = []
        for _ in range(15):
            t, c = time.perf_counter(), time.process_time()
            res = backend.search(q)
            lat.append((time.perf_counter() - t) * 1000)
            all_cpu.append((time.process_time() - c) * 1000)
        all_lat += lat
        print(f"{name:28s} {res.total:7d} {pct(lat, 50):8.1f} {pct(lat, 95):8.1f}")
    print(f"{'ALL':28s} {'':7s} {pct(all_lat, 50):8.1f} {pct(all_lat, 95):8.1f}   target p50 ≤ 3 ms, p95 ≤ 15 ms")
    print(f"{'ALL, CPU time of this process':28s} {pct(all_cpu, 50):8.1f} {pct(all_cpu, 95):8.1f}   "
          f"(wall time minus waiting for a core: the machine is shared; load {os.getloadavg()[0]:.1f})")
    cold_queries(backend)


def cold_queries(backend):
    """The mix again with this process's index caches emptied before each query (as for
    a term nobody searched since the last write); passage texts stay loaded."""
    from evidence_search.backends import SearchQuery

    try:
        from evidence_search.backends import index_cache
    except ImportError:
        return
    if type(backend).__name__ != "EmbeddedBackend":
        return
    lat = []
    for _ in range(3):
        for _name, text, _opts in QUERIES:
            index_cache.reset()
            t = time.perf_counter()
            backend.search(SearchQuery(text))
            lat.append((time.perf_counter() - t) * 1000)
    print(f"{'ALL, caches emptied':28s} {'':7s} {pct(lat, 50):8.1f} {pct(lat, 95):8.1f}   (no target: the cost of a new term)")


FRESH = """
import os, sys, time
sys.path[:0] = [{site!r}, {root!r}]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khamrap.settings.dev")
import django
django.setup()
from evidence_search.warmup import warm
w = warm()
from django.conf import settings
settings.DEBUG = False
from evidence_search.backends import SearchQuery, get_backend
t, c = time.perf_counter(), time.process_time()
get_backend().search(SearchQuery("ตัวชี้วัด ร้อยละ"))
print(f"{{w:.0f}} {{(time.perf_counter() - t) * 1000:.1f}} {{(time.process_time() - c) * 1000:.1f}}")
"""


def fresh_worker(runs: int = 5):
    """First query in a new process after the worker's start-up warm-up (``runs`` new
    processes: the median, and its CPU time, which the shared machine's load does not
    stretch the way it stretches wall time)."""
    import subprocess

    code = FRESH.format(site=str(ROOT / "site"), root=str(ROOT))
    got = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=os.environ).stdout.split()
        if len(out) >= 3:
            got.append(tuple(float(x) for x in out[-3:]))
    if got:
        warm_ms = statistics.median(g[0] for g in got)
        wall = sorted(g[1] for g in got)
        cpu = statistics.median(g[2] for g in got)
        print(f"fresh worker ({len(got)} processes): warm-up {warm_ms:.0f} ms, first query median {statistics.median(wall):.1f} ms "
              f"(min {wall[0]:.1f}, max {wall[-1]:.1f}; CPU {cpu:.1f} ms; load {os.getloadavg()[0]:.1f})   target ≤ 50 ms")


#: words and phrases of agency process manuals (คู่มือการปฏิบัติงาน), beside ``VOCAB``
MANUAL_VOCAB = """กระบวนการ ผู้รับผิดชอบ ขั้นตอนการปฏิบัติงาน วัตถุประสงค์ ขอบเขต คำจำกัดความ หมายถึง
หน้าที่ความรับผิดชอบ กลุ่มพัฒนาระบบบริหาร ผู้อำนวยการ หัวหน้ากลุ่ม เจ้าหน้าที่ผู้ปฏิบัติ
รวบรวม วิเคราะห์ สังเคราะห์ จัดเตรียม เสนอ ผู้บังคับบัญชา ลงนามในคำรับรอง ถ่ายทอด
ตัวชี้วัดระดับบุคคล ระดับหน่วยงาน ผลการปฏิบัติงาน ตามแบบฟอร์มที่กำหนด ภายในระยะเวลา
สำนักงาน ก.พ.ร. สำนักงานคณะกรรมการพัฒนาระบบราชการ แนวทางการประเมิน ข้อเสนอแนะ
การตรวจสอบความถูกต้อง ความครบถ้วน ของข้อมูล ระบบสารสนเทศ จัดเก็บ เผยแพร่ ประกาศ
คณะทำงาน แต่งตั้ง คำสั่ง ประชุมชี้แจง ทำความเข้าใจ หน่วยงานในสังกัด ทุกหน่วยงาน
มาตรฐาน คุณภาพ งาน ผลผลิต ผลลัพธ์ เป้าหมาย ความเสี่ยง ปัญหา อุปสรรค แนวทางแก้ไข
การติดตามและประเมินผล รายไตรมาส รอบ ๖ เดือน รอบ ๙ เดือน รอบ ๑๒ เดือน สรุปผล
เอกสารอ้างอิง แบบฟอร์มที่ใช้ ภาคผนวก หนังสือสั่งการ มติคณะรัฐมนตรี พระราชกฤษฎีกา
ว่าด้วยหลักเกณฑ์และวิธีการบริหารกิจการบ้านเมืองที่ดี พ.ศ. ๒๕๔๖ ระเบียบ ข้อบังคับ
ทั้งนี้ อย่างไรก็ตาม นอกจากนี้ ได้แก่ ดังนี้ เช่น กรณี หาก จะต้อง ควร สามารถ
ให้เป็นไปอย่างมีประสิทธิภาพ บรรลุผลสำเร็จ ตามระยะเวลาที่กำหนด เพื่อใช้เป็นแนวทาง""".split()
MANUAL_HEADINGS = ["วัตถุประสงค์", "ขอบเขต", "คำจำกัดความ", "หน้าที่ความรับผิดชอบ", "ขั้นตอนการปฏิบัติงาน",
                   "ระยะเวลาการดำเนินงาน", "มาตรฐานคุณภาพงาน", "ระบบติดตามประเมินผล", "เอกสารอ้างอิง",
                   "แบบฟอร์มที่ใช้", "ผังกระบวนการ (Work Flow)", "ข้อควรระวัง"]
THAI_NUMERALS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def manual_text(rnd: random.Random, chars: int) -> str:
    """About ``chars`` characters of manual-like Thai: numbered headings, paragraphs of
    clauses a space apart, numbered steps, figures in both scripts, a little Latin; cut at
    a space (what ``import N --manual`` files hold; the three sample agency manuals average
    1,723 characters a passage once split)."""
    words = VOCAB + MANUAL_VOCAB * 2
    out: list[str] = []
    size, section = 0, 0
    while size < chars:
        section += 1
        part = [f"## {section}. {rnd.choice(MANUAL_HEADINGS)}\n\n"]
        for step in range(rnd.randint(1, 4)):
            clauses = []
            for _ in range(rnd.randint(2, 6)):
                clause = "".join(rnd.choice(words) for _ in range(rnd.randint(3, 9)))
                r = rnd.random()
                if r < 0.12:
                    clause += f" ร้อยละ {rnd.randint(50, 100)}"
                elif r < 0.2:
                    clause += f" ภายใน {rnd.randint(1, 30)} วัน".translate(THAI_NUMERALS if rnd.random() < 0.5 else {})
                elif r < 0.26:
                    clause += f" ({rnd.choice(LATIN)} {rnd.choice(LATIN)})"
                clauses.append(clause)
            prefix = f"{section}.{step + 1} " if rnd.random() < 0.6 else ""
            part.append(prefix + " ".join(clauses) + "\n" + ("\n" if rnd.random() < 0.5 else ""))
        text = "".join(part) + "\n"
        out.append(text)
        size += len(text)
    text = "".join(out)
    cut = text.rfind(" ", 0, chars)
    return text[:cut if cut > chars // 2 else chars].rstrip() + "\n"


def bench_import(n: int, manual: bool = False):
    """import_evidence --bulk of ``n`` small text files into an existing demo database
    (``manual``: text files of agency-manual length and style, ``manual_text``: passages
    average ~1,700 characters, where the default files hold one short passage each)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khamrap.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False  # as in production (DEBUG logs every SQL query)
    rnd = random.Random(n)
    folder = Path(tempfile.mkdtemp(prefix="khamrap-import-"))
    for i in range(n):
        if manual:  # most files one page of about a passage, some long ones split in several
            chars = rnd.randint(1500, 2000) if rnd.random() < 0.7 else rnd.randint(3000, 9000)
            text = manual_text(rnd, chars)
        else:
            text = " ".join(rnd.choice(VOCAB) for _ in range(rnd.randint(40, 160)))
        (folder / f"ev{i:06d}.txt").write_text(text, encoding="utf-8")
    load = os.getloadavg()[0]
    t, cpu = time.perf_counter(), os.times()
    call_command("import_evidence", str(folder), year=2569, unit="สสบ./กค.", bulk=True, batch_size=500)
    dt, cpu2 = time.perf_counter() - t, os.times()
    used = sum(cpu2[:4]) - sum(cpu[:4])
    print(f"import_evidence --bulk: {n / dt:.0f} files/s ({n} files, {dt:.1f}s; CPU {used * 1000 / n:.2f} ms per file, "
          f"all processes; load {load:.1f} → {os.getloadavg()[0]:.1f})   target ≥ 200 files/s")
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def bench_rebuild_command():
    """``manage.py rebuild_search_index`` (the command, reading the files' extracted text
    from the database) on the current database: passages per second and CPU per passage."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khamrap.settings.dev")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    load = os.getloadavg()[0]
    t, cpu = time.perf_counter(), os.times()
    out = _Quiet()
    call_command("rebuild_search_index", stdout=out)
    dt, cpu2 = time.perf_counter() - t, os.times()
    used = sum(cpu2[:4]) - sum(cpu[:4])
    from evidence_search.models import IndexedPassageRow

    from django.db.models import Avg

    n = IndexedPassageRow.objects.count()
    chars = IndexedPassageRow.objects.aggregate(a=Avg("body_length"))["a"] or 0
    print(f"rebuild_search_index: {n / dt:.0f} passages/s at {chars:,.0f} chars/passage ({n} passages, {dt:.1f}s; "
          f"{n * chars / dt / 1e6:.2f} M chars/s; CPU {used * 1000 / max(n, 1):.2f} ms per passage, all processes; "
          f"load {load:.1f} → {os.getloadavg()[0]:.1f})   target ≥ 1000 passages/s at ~1,700 chars/passage "
          f"(agency manuals: `import N --manual --rebuild`)")


class _Quiet:
    def write(self, *_args, **_kwargs):
        pass

    def flush(self):
        pass


def recall(backend, corpus):
    """Recall/precision on the planted needles, engine vs raw icontains, per needle."""
    from thai import text as thai_text
    from evidence_search.backends import SearchQuery
    from evidence_search.query import parse

    print(f"\n{'needle':20s} {'relevant':>8s} {'engine R':>9s} {'engine P':>9s} {'icontains R':>12s}")
    tot = {"rel": 0, "eng": 0, "ic": 0, "fp": 0, "found": 0}
    macro_eng, macro_ic = [], []
    docs_text: dict[str, str] = {}
    for p, _ in corpus:
        docs_text[p.document_id] = docs_text.get(p.document_id, "") + "\n\n" + " ".join(
            [p.title, p.kpi_name, p.body, p.filename, p.kpi_code, p.unit_abbr])
    norm = {d: thai_text.compact(thai_text.normalize(t)) for d, t in docs_text.items()}
    for label, _, qtext in NEEDLES:
        terms = parse(qtext)
        # ground truth: a reader sees every term in the document (any spelling)
        relevant = {d for d, t in norm.items() if all(any(a in t for a in term.alternatives) for term in terms)}
        raw_terms = qtext.lower().split()
        ic = {d for d, t in docs_text.items() if all(w in t.lower() for w in raw_terms)}
        res = backend.search(SearchQuery(qtext, per_page=100000))
        found = {h.document_id for h in res.hits}
        r_eng = len(found & relevant) / len(relevant) if relevant else 1.0
        p_eng = len(found & relevant) / len(found) if found else 1.0
        r_ic = len(ic & relevant) / len(relevant) if relevant else 1.0
        macro_eng.append(r_eng)
        macro_ic.append(r_ic)
        tot["rel"] += len(relevant)
        tot["eng"] += len(found & relevant)
        tot["ic"] += len(ic & relevant)
        tot["found"] += len(found)
        print(f"{label:20s} {len(relevant):8d} {r_eng:9.1%} {p_eng:9.1%} {r_ic:12.1%}")
    print(f"{'ALL':20s} {tot['rel']:8d} {tot['eng'] / tot['rel']:9.1%} "
          f"{tot['eng'] / max(1, tot['found']):9.1%} {tot['ic'] / tot['rel']:12.1%}   (micro)")
    print(f"{'mean of needles':20s} {'':8s} {statistics.mean(macro_eng):9.1%} {'':9s} "
          f"{statistics.mean(macro_ic):12.1%}   (macro)")


GOLD = [  # hand-segmented government sentences (boundary F1 of segmenters)
    "ส่วนราชการ|ต้อง|จัดทำ|คำรับรอง|การ|ปฏิบัติ|ราชการ|ประจำ|ปีงบประมาณ",
    "ผู้|กำกับ|ดูแล|ตัวชี้วัด|และ|ผู้|จัดเก็บ|ข้อมูล|ต้อง|รายงาน|ผล|การ|ดำเนินงาน",
    "ค่า|เป้าหมาย|ของ|ตัวชี้วัด|นี้|คือ|ร้อยละ|ความ|พึงพอใจ|ของ|ผู้รับบริการ",
    "สำนักงาน|ปลัดกระทรวง|แจ้ง|เวียน|หนังสือ|ให้|หน่วยงาน|ใน|สังกัด|ทราบ",
    "การ|ประเมิน|ผล|การ|ปฏิบัติ|ราชการ|ใช้|เกณฑ์|การ|ให้|คะแนน|ห้า|ระดับ",
    "น้ำหนัก|ของ|ตัวชี้วัด|ทั้งหมด|รวม|กัน|ได้|ร้อยละ|หนึ่งร้อย",
    "คณะกรรมการ|ตรวจ|ประเมิน|ณ|ที่ตั้ง|เพื่อ|ตรวจสอบ|เอกสาร|หลักฐาน",
    "การ|เบิกจ่าย|งบประมาณ|รายจ่าย|ลงทุน|ตาม|มติ|คณะรัฐมนตรี",
]


def segmenters():
    from pythainlp.tokenize import word_tokenize

    def bounds(tokens):
        out, pos = set(), 0
        for t in tokens:
            pos += len(t)
            out.add(pos)
        return out

    text = "".join(g.replace("|", "") for g in GOLD) * 200
    for eng in ["nlpo3", "newmm", "mm", "longest", "nercut", "attacut", "deepcut", "icu"]:
        try:
            word_tokenize("ทดสอบ", engine=eng)
        except Exception as e:  # engine not installable here
            print(f"{eng:8s} unavailable: {type(e).__name__}: {str(e)[:60]}")
            continue
        tp = fp = fn = 0
        for g in GOLD:
            gold = bounds(g.split("|"))
            got = bounds(word_tokenize(g.replace("|", ""), engine=eng, keep_whitespace=False))
            tp += len(gold & got)
            fp += len(got - gold)
            fn += len(gold - got)
        f1 = 2 * tp / (2 * tp + fp + fn)
        sample = text if eng != "longest" else text[:3000]
        t = time.perf_counter()
        word_tokenize(sample, engine=eng)
        speed = len(sample) / (time.perf_counter() - t)
        print(f"{eng:8s} {speed / 1000:8.0f} k chars/s   boundary F1 {f1:.3f}")


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser()
    ap.add_argument("what", nargs="?", default="10000",
                    help="number of passages, 'segmenters', 'import' or 'rebuild-command'")
    ap.add_argument("count", nargs="?", type=int, default=10000, help="with 'import': number of files")
    ap.add_argument("--backend", default=None, help="comma-separated: embedded,opensearch,elasticsearch "
                                                     "(default: KHAMRAP_SEARCH_BACKEND)")
    ap.add_argument("--url", default=None, help="server URL for opensearch/elasticsearch (default: KHAMRAP_SEARCH_URL)")
    ap.add_argument("--reuse", action="store_true", help="keep an index that holds the N passages already "
                                                         "(figures of queries only)")
    ap.add_argument("--rebuild", action="store_true", help="with 'import': then run rebuild_search_index on the "
                                                            "imported files (its figure too)")
    ap.add_argument("--manual", action="store_true", help="with 'import': files of agency-manual length and style "
                                                           "(passages ~1,700 characters; default: one short passage a file)")
    ap.add_argument("--alias", default="khamrap-bench", help="index alias on the server (one per person sharing a node)")
    args = ap.parse_args()
    if args.what == "segmenters":
        segmenters()
    elif args.what == "import":
        bench_import(args.count, manual=args.manual)
        if args.rebuild:
            bench_rebuild_command()
    elif args.what == "rebuild-command":
        bench_rebuild_command()
    else:
        run(int(args.what), args.backend.split(",") if args.backend else None, args.url, args.reuse, args.alias)
