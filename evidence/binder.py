"""The site-visit binder: a ZIP with a folder per KPI and an index document of every file."""
import zipfile
from pathlib import Path

from docx import Document

from cms.filenames import cut_at_word, readable_name

from .checklist import checklist_for


def safe(name: str, limit=80) -> str:
    """A ZIP member or file name: letters unchanged, cut between words (cms.filenames)."""
    return cut_at_word(readable_name(name), limit).strip(" .") or "ไม่มีชื่อ"


def build_binder(organisation_year, out_path: Path, progress=None) -> Path:
    """Write the ZIP to ``out_path`` (through a temporary name: never a half-written binder)."""
    rows = checklist_for(organisation_year)
    total = sum(len(r.files) for r in rows) or 1
    done = 0
    index = Document()
    index.add_heading(f"ดัชนีเอกสารหลักฐาน {organisation_year.title}", level=1)
    table = index.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ["ตัวชี้วัด", "หลักฐาน", "ไฟล์", "ตำแหน่งในแฟ้ม"]):
        cell.text = text
    temporary = out_path.with_name(out_path.name + ".part")
    try:
        with zipfile.ZipFile(temporary, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for row in rows:
                folder = safe(f"{row.kpi.code} {row.kpi.title}")
                if not row.files:
                    cells = table.add_row().cells
                    cells[0].text, cells[1].text, cells[2].text, cells[3].text = f"{row.kpi.code} {row.kpi.title}", "ยังไม่มีหลักฐาน", "-", "-"
                for evidence_file in row.files:
                    arcname = f"{folder}/{evidence_file.pk}-{safe(evidence_file.original_name)}"
                    with evidence_file.file.open("rb") as handle:
                        archive.writestr(arcname, handle.read())
                    cells = table.add_row().cells
                    cells[0].text, cells[1].text = f"{row.kpi.code} {row.kpi.title}", evidence_file.page.title
                    cells[2].text, cells[3].text = evidence_file.original_name, arcname
                    done += 1
                    if progress:
                        progress(done, total)
            index_path = temporary.with_suffix(".index.docx")
            index.save(index_path)
            archive.write(index_path, "ดัชนีเอกสารหลักฐาน.docx")
            index_path.unlink()
        temporary.replace(out_path)
    finally:
        temporary.unlink(missing_ok=True)
    return out_path
