"""Keep the index's metadata and visibility in step with the pages.

An evidence file is public when its page is live and its unit's agreement is live, so
publishing or unpublishing either one rewrites the affected files' index entries.
"""
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from cms.models import AgreementPage, EvidenceFile, EvidencePage

from .indexing import reindex_page, remove_files


def _reindex(instance):
    if isinstance(instance, EvidencePage):
        reindex_page(instance)
    elif isinstance(instance, AgreementPage):
        parent = instance.organisation_year
        if parent is not None:
            for page in EvidencePage.objects.descendant_of(parent):
                reindex_page(page)


@receiver(page_published)
def page_published_handler(sender, instance, **kwargs):
    _reindex(instance.specific)


@receiver(page_unpublished)
def page_unpublished_handler(sender, instance, **kwargs):
    _reindex(instance.specific)


@receiver(pre_delete, sender=EvidenceFile)
def evidence_file_deleted(sender, instance, **kwargs):
    remove_files([instance])
    instance.file.delete(save=False)
