"""Wagtail documents stored before cms.storage.MediaStorage sat under MEDIA_ROOT/documents/
(served by nginx as /media/documents/). Move each file into the private root under an
unguessable folder and record the new name. Local files only; a bucket needs no move
(the objects were never public)."""
import shutil
from pathlib import Path

from django.conf import settings
from django.db import migrations


def move(apps, schema_editor):
    from cms.storage import MediaStorage, is_private_name, unguessable_name

    Document = apps.get_model("wagtaildocs", "Document")
    media_root = Path(settings.MEDIA_ROOT)
    storage = MediaStorage()
    for document in Document.objects.all():
        name = document.file.name
        old = media_root / name
        if not name or not is_private_name(name) or not old.is_file():
            continue
        new_name = unguessable_name(name)
        target = Path(storage.path(new_name))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(old), target)
        Document.objects.filter(pk=document.pk).update(file=new_name)


class Migration(migrations.Migration):
    dependencies = [("cms", "0012_kpi_milestone_steps"), ("wagtaildocs", "0001_initial")]
    operations = [migrations.RunPython(move, migrations.RunPython.noop)]
