"""Every app's moderation workflows, made again on a database emptied since ``migrate``
(``manage.py flush``, transactional tests, ``load_demo`` on an emptied database).

Each app defines its workflows once, in their current shape, in ``<app>/workflows.py``
(``ensure()``, idempotent: what exists is kept). ``ensure_workflows`` calls them in the order
they depend on each other (memos follow the main page workflow). tests/test_workflows.py
checks that a flushed database given ``ensure_workflows()`` holds the workflows, steps and
assignments a fresh ``migrate`` leaves."""
import importlib


def _memo_workflow():
    """Memos follow the main workflow; the roles' memo permissions. Its data migration is still
    the one definition (nothing changed it since); it uses only the model API, so it runs as
    well against the live app registry. (To move to ``doc_templates/workflows.py``.)"""
    from django.apps import apps

    importlib.import_module("doc_templates.migrations.0002_memo_workflow").forwards(apps, None)


def _app(module):
    return lambda: importlib.import_module(module).ensure()


# in the order they depend on each other
APP_WORKFLOWS = [
    ("cms", _app("cms.workflows")),
    ("evidence", _app("evidence.workflows")),
    ("doc_templates", _memo_workflow),
    ("reporting", _app("reporting.workflows")),
]


def ensure_workflows():
    """Make every app's workflows that are missing. Idempotent. Give the root page first
    (a flushed database has none) for the main workflow to be assigned to it."""
    from django.db import transaction

    with transaction.atomic():
        for _, ensure in APP_WORKFLOWS:
            ensure()
