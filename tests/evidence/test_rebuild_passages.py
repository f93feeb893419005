"""``rebuild_search_index`` reads every indexed file's passages in batches
(``evidence.indexing.all_passages``): the same passages, fields and order as reading them
file by file (``passages_for``), for pages of several units, public and internal; its
progress shows each count once."""
import io

from django.core.management import call_command

from evidence.models import EvidenceFile, EvidencePage
from evidence.indexing import all_passages, passages_for


def test_batched_passages_equal_the_file_by_file_ones(demo, tmp_path):
    for unit, name in (("สสบ./กค.", "a"), ("สสบ./กผ.", "b")):
        folder = tmp_path / name
        folder.mkdir()
        for i in range(3):
            (folder / f"{name}{i}.txt").write_text(f"ผลการดำเนินงาน{name} ตัวชี้วัดที่ {i}\n\nหน้าสอง {i}",
                                                  encoding="utf-8")
        call_command("import_evidence", str(folder), "--year", "2569", "--unit", unit, "--bulk")
    # one page public and live: its passages are public when its unit's agreement is live
    page = EvidencePage.objects.get(title="a1")
    EvidencePage.objects.filter(pk=page.pk).update(visibility=EvidencePage.PUBLIC, live=True)
    page.refresh_from_db()

    files = list(EvidenceFile.objects.filter(status=EvidenceFile.INDEXED).order_by("pk").select_related("page"))
    expected = [p for f in files for p in passages_for(f)]
    assert len(expected) >= 6
    assert any(p.is_public for p in expected) == page.is_public()
    assert len({p.unit_id for p in expected}) >= 2
    for size in (1, 2, 500):
        assert list(all_passages(batch_size=size)) == expected


def test_the_rebuild_shows_each_progress_count_once(demo, tmp_path):
    for i in range(3):
        (tmp_path / f"f{i}.txt").write_text(f"ผลการดำเนินงาน ตัวชี้วัดที่ {i}", encoding="utf-8")
    call_command("import_evidence", str(tmp_path), "--year", "2569", "--unit", "สสบ./กค.", "--bulk")
    out = io.StringIO()
    call_command("rebuild_search_index", stdout=out)
    shown = [line for line in out.getvalue().replace("\r", "\n").splitlines() if "จัดทำดัชนีแล้ว" in line]
    assert shown and len(shown) == len(set(shown))
    assert "เสร็จแล้ว: 3 ข้อความย่อยจาก 3 ไฟล์" in out.getvalue()
