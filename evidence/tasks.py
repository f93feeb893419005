"""Background jobs (django-tasks; the database queue by default: `manage.py db_worker`)."""
from django.db import transaction
from django_tasks import task

from .processing import process_file


def queue(file_id: int):
    """Extract ``file_id`` in the background once the current transaction commits."""
    transaction.on_commit(lambda: extract_evidence_file.enqueue(file_id))


@task()
def extract_evidence_file(file_id: int):
    return process_file(file_id).status


@task()
def build_binder_export(export_id: int):
    from .exports import run_binder_export

    return run_binder_export(export_id)
