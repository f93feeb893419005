"""Keep the index's metadata and visibility in step with the pages.

A new evidence folder gives its unit's heads the publish permission on it.
An evidence file is public when its page is live and its unit's agreement is live, so
publishing or unpublishing either one rewrites the affected files' index entries.
`connect()` (from `EvidenceConfig.ready`) wires the handlers, each with a dispatch_uid.
"""
from django.db.models.signals import post_save, pre_delete
from wagtail.signals import page_published, page_unpublished

from cms.models import AgreementPage
from cms.roles import grant_evidence_folder_permissions

from .indexing import reindex_page, remove_files
from .models import EvidenceFile, EvidenceFolderPage, EvidencePage


def _reindex(instance):
    if isinstance(instance, EvidencePage):
        reindex_page(instance)
    elif isinstance(instance, AgreementPage):
        parent = instance.organisation_year
        if parent is not None:
            for page in EvidencePage.objects.descendant_of(parent):
                reindex_page(page)


def page_published_handler(sender, instance, **kwargs):
    _reindex(instance.specific)


def page_unpublished_handler(sender, instance, **kwargs):
    _reindex(instance.specific)


def evidence_file_deleted(sender, instance, **kwargs):
    remove_files([instance])
    instance.file.delete(save=False)


def evidence_folder_saved(sender, instance, created, raw=False, **kwargs):
    """Unit heads publish (approve) their unit's evidence, in its new folder."""
    if created and not raw:
        grant_evidence_folder_permissions(instance)


def connect():
    page_published.connect(page_published_handler, dispatch_uid="evidence-page-published")
    page_unpublished.connect(page_unpublished_handler, dispatch_uid="evidence-page-unpublished")
    post_save.connect(evidence_folder_saved, sender=EvidenceFolderPage, dispatch_uid="evidence-folder-saved")
    pre_delete.connect(evidence_file_deleted, sender=EvidenceFile, dispatch_uid="evidence-file-deleted")
