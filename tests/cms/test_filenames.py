"""Stored and downloaded file names keep Thai letters whole and are cut only between words."""
import posixpath
import re
import zipfile

from django.core.files.base import ContentFile
from pythainlp.tokenize import subword_tokenize, word_tokenize
from wagtail.documents.models import Document

from cms.filenames import cut_at_word, shorten_name

LONG = ("รายงานผลการดำเนินงานตามคำรับรองการปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2569 "
        "ของกองคลังเพื่อประกอบการตรวจประเมินผลการปฏิบัติราชการรอบหกเดือน")


def word_prefixes(text):
    """Every prefix of ``text`` that ends between two words."""
    out, prefixes = "", {""}
    for word in word_tokenize(text, engine="newmm", keep_whitespace=True):
        out += word
        prefixes.add(out.strip())
    return prefixes


def test_cut_at_word_ends_between_words_for_every_limit():
    for limit in range(6, len(LONG), 7):  # from the first word's length (6) up
        cut = cut_at_word(LONG, limit)
        assert len(cut) <= limit and cut in word_prefixes(LONG), (limit, cut)


def test_a_word_longer_than_the_limit_is_cut_between_character_clusters():
    clusters = subword_tokenize("ประเมินผล", engine="tcc")
    cut = cut_at_word("ประเมินผล", 5)
    assert cut and len(cut) <= 5
    assert cut in {"".join(clusters[:n]) for n in range(len(clusters) + 1)}  # never "ประเม" + dangling ิ


def test_shorten_name_keeps_folder_and_extension():
    name = shorten_name(f"documents/0123456789abcdef/{LONG}.docx", 90)
    assert len(name) <= 90 and name.endswith(".docx") and name.startswith("documents/0123456789abcdef/")
    assert posixpath.basename(name)[:-5] in word_prefixes(LONG)


def test_uploaded_document_keeps_its_marks_and_is_cut_between_words(demo):
    document = Document(title="ฉบับลงนาม")
    document.file.save(f"{LONG}.pdf", ContentFile(b"%PDF-1.4 scan"), save=True)
    name = document.file.name
    assert len(name) <= 100 and name.endswith(".pdf")
    base = posixpath.basename(name)[:-4]
    assert base.startswith("รายงานผลการดำเนินงาน")  # marks kept, spaces not turned into "_"
    assert base in word_prefixes(LONG), base


def test_binder_zip_and_its_members_keep_thai_marks(demo, tmp_path):
    from evidence.exports import run_binder_export
    from evidence.models import BinderExport

    export = BinderExport.objects.create(organisation_year=demo.folder("finance"), requested_by=demo.user("preparer"))
    assert run_binder_export(export.pk) == BinderExport.DONE
    export.refresh_from_db()
    base = posixpath.basename(export.file.name)
    assert base.startswith(f"แฟ้มหลักฐาน {demo.folder('finance').title}"), base
    with export.file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        names = archive.namelist()
    assert names and not any("_" in n.split("/")[0] for n in names if "/" in n)
    # a second binder the same day: "(2)", not Django's random suffix
    again = BinderExport.objects.create(organisation_year=demo.folder("finance"), requested_by=demo.user("preparer"))
    run_binder_export(again.pk)
    again.refresh_from_db()
    stem = re.sub(r"( \(\d+\))?\.zip$", "", base)  # files of earlier test runs may hold the plain name
    assert again.file.name != export.file.name
    assert re.fullmatch(re.escape(stem) + r" \(\d+\)\.zip", posixpath.basename(again.file.name))
