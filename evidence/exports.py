"""Runs a BinderExport: builds the ZIP into private storage, recording progress."""
import tempfile
from pathlib import Path

from django.core.files import File
from django.utils import timezone

from cms.filenames import unique_name
from cms.widgets import be_date

from .binder import build_binder, safe
from .models import BinderExport


def run_binder_export(export_id: int) -> str:
    export = BinderExport.objects.select_related("organisation_year").get(pk=export_id)
    BinderExport.objects.filter(pk=export.pk).update(status=BinderExport.RUNNING)

    def progress(done, total):
        BinderExport.objects.filter(pk=export.pk).update(done=done, total=total)

    try:
        with tempfile.TemporaryDirectory() as tmp:
            out = build_binder(export.organisation_year.specific, Path(tmp) / "binder.zip", progress=progress)
            name = f"{safe('แฟ้มหลักฐาน ' + export.organisation_year.title, limit=60)} {be_date(timezone.localdate(), sep='-')}.zip"
            with out.open("rb") as handle:
                # Through the storage itself: FieldFile.save would pass the name through
                # Django's get_valid_filename, which drops Thai marks (cms.filenames).
                storage = export.file.storage
                export.file.name = storage.save(unique_name(storage, f"binders/{name}"), File(handle), max_length=100)
        BinderExport.objects.filter(pk=export.pk).update(status=BinderExport.DONE, file=export.file.name)
    except Exception as exc:
        BinderExport.objects.filter(pk=export.pk).update(status=BinderExport.FAILED, message=f"สร้างแฟ้มหลักฐานไม่สำเร็จ: {exc}")
    return BinderExport.objects.get(pk=export.pk).status
