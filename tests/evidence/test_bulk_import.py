"""import_evidence --bulk: batches of files in one transaction each, a valid page tree,
extracted text kept, every file searchable, rejected files reported."""
from django.core.management import call_command
from wagtail.models import Page

from evidence.models import EvidenceFile, EvidencePage, ExtractedText
from evidence.search_service import run_search
from evidence_search.backends import Visibility


def test_bulk_import_in_batches(demo, tmp_path, capsys):
    folder = tmp_path / "batch"
    folder.mkdir()
    for i in range(7):
        (folder / f"รายงาน{i}.txt").write_text(f"ผลการดำเนินงานตามตัวชี้วัดที่ {i} รอบหกเดือน", encoding="utf-8")
    (folder / "ว่าง.txt").write_bytes(b"")  # rejected: empty
    pages_before = EvidencePage.objects.count()
    call_command("import_evidence", str(folder), "--year", "2569", "--unit", "สสบ./กค.", "--bulk", "--batch-size", "3")
    out = capsys.readouterr().out
    assert "7/8" not in out and "8/8" in out and "พร้อมค้นหา 7" in out and "ถูกปฏิเสธ 1" in out
    assert EvidencePage.objects.count() == pages_before + 7
    assert Page.find_problems() == ([], [], [], [], [])  # paths, depth and numchild stay valid
    files = EvidenceFile.objects.filter(original_name__startswith="รายงาน")
    assert files.count() == 7 and set(files.values_list("status", flat=True)) == {EvidenceFile.INDEXED}
    assert ExtractedText.objects.filter(evidence_file__in=files).count() == 7
    res = run_search("ตัวชี้วัดที่ 5", visibility=Visibility.everything(), unit_abbr="สสบ./กค.")
    assert [h.filename for h in res.hits] == ["รายงาน5.txt"] and res.total == 1
    page = EvidencePage.objects.get(title="รายงาน5")
    assert page.get_parent().specific_class.__name__ == "EvidenceFolderPage" and not page.live
    assert page.url_path.endswith(f"/{page.slug}/")
