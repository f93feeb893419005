"""Background jobs (django-tasks; the database queue by default: `manage.py db_worker`)."""
from django_tasks import task

from .ingest import process_file


@task()
def extract_evidence_file(file_id: int):
    return process_file(file_id).status


@task()
def build_binder_export(export_id: int):
    from .exports import run_binder_export

    return run_binder_export(export_id)
