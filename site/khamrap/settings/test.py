"""Settings for the test suite: fast hashing, tasks run in-process, temp media."""
import tempfile
from pathlib import Path

from .base import *  # noqa: F401,F403
from .base import DATABASES, STORAGES, env

SECRET_KEY = "test-secret-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="khamrap-test-media-"))
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="khamrap-test-private-"))
STORAGES = {**STORAGES, "evidence": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)}}}
TASKS = {"default": {"BACKEND": env("TEST_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": None}  # in-memory
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
          "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}}
