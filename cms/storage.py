"""Where files live: public media (Wagtail images) apart from private files.

``MediaStorage`` is the default storage. Wagtail images stay under ``MEDIA_ROOT``, which
nginx serves as ``/media/``. Every other file saved through the default storage — Wagtail
documents: generated memos and booklets, signed scans, uploads — is kept under the private
root (``PRIVATE_MEDIA_ROOT``, never aliased by nginx), in a folder with a random name, and
reaches users only through Wagtail's document view (``WAGTAILDOCS_SERVE_METHOD =
"serve_view"``), which runs the ``before_serve_document`` permission hooks first.

The file field keeps Django's default storage (no migration of Wagtail's own models); the
split is made here, by name.

``private_storage()`` is the storage of the other private files, which Django's file fields
name: evidence files, site-visit binders, reminder memos (the ``evidence`` entry of STORAGES,
followed at each call by ``ConfiguredStorage``).
"""
from __future__ import annotations

import os
import posixpath
import re
import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils._os import safe_join

# Names under these folders are public media (nginx serves them from MEDIA_ROOT).
PUBLIC_PREFIXES = ("images/", "original_images/")
_RANDOM_FOLDER = re.compile(r"(^|/)[0-9a-f]{16}/[^/]+$")


def is_private_name(name: str) -> bool:
    return not str(name).replace("\\", "/").lstrip("/").startswith(PUBLIC_PREFIXES)


def unguessable_name(name: str) -> str:
    """``documents/บันทึก กค.docx`` → ``documents/<16 hex>/บันทึก กค.docx``: the file keeps
    its readable name (the download name) inside a folder nobody can guess (64 random bits;
    short enough that folder + readable name fit Wagtail's 100-character file field)."""
    if _RANDOM_FOLDER.search(name):
        return name
    folder, base = posixpath.split(name)
    return posixpath.join(folder, secrets.token_hex(8), base)


class MediaStorage(FileSystemStorage):
    """The default storage: public media under ``location``, everything else private."""

    def __init__(self, private_location=None, **kwargs):
        super().__init__(**kwargs)
        self._private_location = private_location

    @property
    def private_location(self) -> str:
        return str(Path(self._private_location or settings.PRIVATE_MEDIA_ROOT).resolve())

    def path(self, name):
        if is_private_name(name):
            return safe_join(self.private_location, name)
        return super().path(name)

    def url(self, name):
        if is_private_name(name):
            # No public URL: Wagtail links documents to its serve view (document.url).
            raise NotImplementedError("private file: served only by a permission-checked view")
        return super().url(name)

    def get_valid_name(self, name):
        """Django's would turn spaces into "_" and drop Thai vowels and tone marks."""
        from .filenames import readable_name

        return readable_name(name) or "file"

    def get_available_name(self, name, max_length=None):
        """A name too long for the field is cut between words, not mid-word by Django
        (8 characters left for Django's suffix should the name be taken)."""
        from .filenames import shorten_name

        if max_length and len(name) > max_length:
            name = shorten_name(name, max_length - 8)
        return super().get_available_name(name, max_length=max_length)

    def save(self, name, content, max_length=None):
        # Every way in (a file field, or storage.save() as doc_templates.generate does)
        # gets the random folder.
        if name is not None and is_private_name(name):
            name = unguessable_name(name)
        return super().save(name, content, max_length=max_length)

    def _save(self, name, content):
        # Django stats ``location`` (MEDIA_ROOT) after every save, even for a private file
        # stored outside it: a fresh var dir has no media/ yet (first generated document failed).
        os.makedirs(self.location, exist_ok=True)
        stored = super()._save(name, content)
        if not is_private_name(name):
            return stored
        # FileSystemStorage names the file relative to ``location``; ours is the private root.
        full_path = os.path.normpath(os.path.join(self.location, stored))
        return os.path.relpath(full_path, self.private_location).replace("\\", "/")


class ConfiguredStorage(Storage):
    """Stands for ``storages[alias]``, looked up at each call.

    Django evaluates a FileField's storage once, when the model class is built; this
    stand-in keeps following STORAGES (object storage configured later, tests).
    """

    DELEGATED = (
        "_open", "_save", "delete", "exists", "listdir", "size", "url", "path", "get_valid_name",
        "get_alternative_name", "get_available_name", "generate_filename", "get_accessed_time",
        "get_created_time", "get_modified_time",
    )

    def __init__(self, alias):
        self.alias = alias

    @property
    def target(self):
        return storages[self.alias]


for _name in ConfiguredStorage.DELEGATED:
    setattr(ConfiguredStorage, _name, lambda self, *args, _name=_name, **kwargs: getattr(self.target, _name)(*args, **kwargs))


def private_storage():
    """The private storage of evidence files, binders and reminder memos: never under
    MEDIA_ROOT, never served by nginx, read only through permission-checked views. File
    fields name this function (``storage=private_storage``)."""
    return ConfiguredStorage("evidence")
