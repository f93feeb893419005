"""Settings shared by every environment.

Everything that differs between machines comes from the environment (see ``env``),
so the same code runs as the embedded single-machine install (SQLite, embedded search,
database task queue, local media) or scaled out, with no code change.
"""
import os
from pathlib import Path

import dj_database_url

SITE_DIR = Path(__file__).resolve().parent.parent.parent  # site/
BASE_DIR = SITE_DIR.parent  # repository root
VAR_DIR = Path(os.environ.get("KHAMRAP_VAR_DIR", BASE_DIR / "var"))


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = env("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cms",
    "evidence_search",
    "doc_templates",
    "reporting",
    "evidence",
    "ops",
    "dashboard",
    "demo",  # the demo year: load_demo, load_demo_rounds
    "wagtail.contrib.settings",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django_tasks_rq",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.humanize",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "evidence.api.JsonErrorsMiddleware",  # JSON (never HTML) errors under /api/
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "khamrap.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "khamrap.wsgi.application"

# Database: SQLite under var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'khamrap.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A worker keeps its SQLite connection between requests unless DATABASE_CONN_MAX_AGE
    # says otherwise: a new connection per request re-read the schema (every app's tables)
    # and started with an empty page cache, which doubled the search API's CPU per request
    # (bench/load.py at 100 k passages: 72 → 146 req/s). Nothing is held open between
    # requests (autocommit; WAL readers do not block the writer).
    if env("DATABASE_CONN_MAX_AGE") is None:
        DATABASES["default"]["CONN_MAX_AGE"] = 600
    # WAL lets the web process read while the task worker writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", 20)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Thai first.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("th", "ไทย"), ("en", "English")]
WAGTAIL_CONTENT_LANGUAGES = [("th", "ไทย")]
TIME_ZONE = "Asia/Bangkok"
# Users choose no other zone: B.E. dates and deadlines are Bangkok time everywhere.
WAGTAIL_USER_TIME_ZONES = ["Asia/Bangkok"]
USE_I18N = True
# The project's own Thai catalogue completes and corrects Django's and Wagtail's
# (LOCALE_PATHS win over app catalogues); compiled by scripts/python-env.sh.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [SITE_DIR / "static"]
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    # Wagtail images under MEDIA_ROOT (/media/); every other file, Wagtail documents
    # included, under PRIVATE_MEDIA_ROOT with an unguessable folder (cms.storage).
    "default": {"BACKEND": "cms.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Background jobs: database-backed queue by default (run `manage.py db_worker`). For
# scale-out set TASKS_BACKEND=django_tasks_rq.RQBackend and REDIS_URL, and run as many
# `manage.py rqworker --job-class django_tasks_rq.Job default` processes as needed.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# Extraction of one evidence file runs in a child process under these limits
# (evidence_search.extraction.limits.Limits; a file over one fails with a Thai reason).
KHAMRAP_EXTRACTION_LIMITS = {
    "seconds": float(env("KHAMRAP_EXTRACTION_SECONDS", "900")),
    "memory_mb": int(env("KHAMRAP_EXTRACTION_MEMORY_MB", "1024")),
    "max_pages": int(env("KHAMRAP_EXTRACTION_MAX_PAGES", "2000")),
    "max_ocr_pages": int(env("KHAMRAP_EXTRACTION_MAX_OCR_PAGES", "300")),
    "max_render_pixels": int(env("KHAMRAP_EXTRACTION_MAX_RENDER_PIXELS", "40000000")),
    "max_text_chars": int(env("KHAMRAP_EXTRACTION_MAX_TEXT_CHARS", "20000000")),
}
# A file extracting under a worker on another host whose heartbeat (every 5 s) is older than
# this is requeued when a worker starts (evidence.recovery); same-host workers are checked
# directly.
KHAMRAP_WORKER_STALE_SECONDS = int(env("KHAMRAP_WORKER_STALE_SECONDS", "60"))
REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 1800}}
RQ_SHOW_ADMIN_LINK = False

# Wagtail
WAGTAIL_SITE_NAME = "Khamrap คำรับรองการปฏิบัติราชการ"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Evidence search: the embedded index by default; OpenSearch (or Elasticsearch) for a national
# roll-out: KHAMRAP_SEARCH_BACKEND=opensearch|elasticsearch (or a dotted path) and
# KHAMRAP_SEARCH_URL (ELASTICSEARCH_URL is read as an alias of it).
KHAMRAP_SEARCH_BACKEND = env("KHAMRAP_SEARCH_BACKEND", "evidence_search.backends.embedded.EmbeddedBackend")
KHAMRAP_SEARCH_URL = env("KHAMRAP_SEARCH_URL") or env("ELASTICSEARCH_URL")
ELASTICSEARCH_URL = KHAMRAP_SEARCH_URL
KHAMRAP_SEARCH_ES_ALIAS = env("KHAMRAP_SEARCH_ES_ALIAS", "khamrap-evidence")  # index alias on the server
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip", "png", "jpg", "jpeg", "tif", "tiff"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(env("KHAMRAP_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"

LOGIN_URL = "wagtailadmin_login"
WAGTAILADMIN_USER_LOGIN_FORM = "khamrap.security.ThrottledLoginForm"
KHAMRAP_LOGIN_MAX_FAILURES = int(env("KHAMRAP_LOGIN_MAX_FAILURES", "5"))
KHAMRAP_LOGIN_LOCKOUT_SECONDS = int(env("KHAMRAP_LOGIN_LOCKOUT_SECONDS", "900"))
KHAMRAP_LOGIN_ADDRESS_MAX_FAILURES = int(env("KHAMRAP_LOGIN_ADDRESS_MAX_FAILURES", "20"))
KHAMRAP_LOGIN_ACCOUNT_DELAY_SECONDS = float(env("KHAMRAP_LOGIN_ACCOUNT_DELAY_SECONDS", "0.5"))
KHAMRAP_LOGIN_ACCOUNT_DELAY_MAX_SECONDS = float(env("KHAMRAP_LOGIN_ACCOUNT_DELAY_MAX_SECONDS", "4"))
# Peers whose X-Forwarded-For is believed (nginx); `unix` = a peer on gunicorn's unix socket.
KHAMRAP_TRUSTED_PROXIES = env("KHAMRAP_TRUSTED_PROXIES", "127.0.0.1,::1,unix")
# Every login path (admin, Django admin, /_util/login/) authenticates through the throttle.
AUTHENTICATION_BACKENDS = ["khamrap.security.ThrottledModelBackend"]

# One cache shared by every process of the machine (file based), or Redis for several.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("KHAMRAP_CACHE_URL")}
        if env("KHAMRAP_CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(VAR_DIR / "cache")}
    )
}
# Public pages for anonymous readers are cached for KHAMRAP_PAGE_CACHE_SECONDS (0 = off);
# publishing or unpublishing any page clears that cache (cms.signals).
KHAMRAP_PAGE_CACHE_SECONDS = int(env("KHAMRAP_PAGE_CACHE_SECONDS", "0"))
CACHES["pages"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("KHAMRAP_CACHE_URL"), "KEY_PREFIX": "pages"}
    if env("KHAMRAP_CACHE_URL")
    else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(VAR_DIR / "cache-pages")}
)
if KHAMRAP_PAGE_CACHE_SECONDS:
    MIDDLEWARE = ["django.middleware.cache.UpdateCacheMiddleware", *MIDDLEWARE, "django.middleware.cache.FetchFromCacheMiddleware"]
    CACHE_MIDDLEWARE_ALIAS = "pages"
    CACHE_MIDDLEWARE_SECONDS = KHAMRAP_PAGE_CACHE_SECONDS
    CACHE_MIDDLEWARE_KEY_PREFIX = "khamrap"
# Uploaded files are always downloaded, never shown inline (no HTML/SVG script from uploads).
WAGTAILDOCS_INLINE_CONTENT_TYPES = []

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "khamrap@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "WARNING")},
}

# Private files (evidence, binders, reminder memos: cms.storage.private_storage(), which reads
# the "evidence" entry) are kept apart from MEDIA_ROOT and served only by views that check
# permissions (evidence.views.download_evidence_file for evidence).
PRIVATE_MEDIA_ROOT = Path(env("KHAMRAP_PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
STORAGES["evidence"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
}
# Wagtail's document view hands the file to nginx after the permission check when
# KHAMRAP_X_ACCEL_REDIRECT names nginx's internal location for PRIVATE_MEDIA_ROOT
# (docs/deploy.md); otherwise gunicorn streams it.
KHAMRAP_X_ACCEL_REDIRECT = env("KHAMRAP_X_ACCEL_REDIRECT", "")
SENDFILE_BACKEND = "khamrap.sendfile"

# Object storage (S3-compatible: AWS S3, MinIO, Ceph…) for media and evidence when a bucket
# is named; local files otherwise. Evidence stays private either way: no public ACL, and
# files reach users only through the permission-checked download view.
S3_BUCKET = env("KHAMRAP_S3_BUCKET")
if S3_BUCKET:
    S3_OPTIONS = {
        "bucket_name": S3_BUCKET,
        "endpoint_url": env("KHAMRAP_S3_ENDPOINT_URL"),
        "region_name": env("KHAMRAP_S3_REGION", "us-east-1"),
        "access_key": env("KHAMRAP_S3_ACCESS_KEY"),
        "secret_key": env("KHAMRAP_S3_SECRET_KEY"),
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
    }
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**S3_OPTIONS, "location": "media"}}
    STORAGES["evidence"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**S3_OPTIONS, "location": "private"}}
