"""Background jobs (django-tasks; the database queue by default: `manage.py db_worker`)."""
from django_tasks import task

from .ingest import process_file


@task()
def extract_evidence_file(file_id: int):
    return process_file(file_id).status
