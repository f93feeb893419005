"""Who may download a Wagtail document: one rule for every document.

- The signed scan of a published agreement (the live page's own field) is public.
- A signed scan chosen only in a draft, or on an unpublished agreement: the read-all roles
  and users who may edit that agreement.
- A generated document: decided by ``doc_templates`` (its own ``before_serve_document``
  hook, from the source's permissions); here it is only recognised.
- Any other document: superusers, its uploader, and users holding Wagtail's document
  permissions on its collection.
Everyone else gets the same 404 as for a document that does not exist.
"""
from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType

from .permissions import reads_all


def agreements_citing(document):
    """Agreement pages whose current row or any revision names ``document`` as signed scan."""
    from wagtail.models import Revision

    from .models import AgreementPage

    content_type = ContentType.objects.get_for_model(AgreementPage)
    revision_ids = Revision.objects.filter(content_type=content_type, content__signed_scan=document.pk).values_list(
        "object_id", flat=True
    )
    ids = set(AgreementPage.objects.filter(signed_scan=document).values_list("pk", flat=True))
    ids |= {int(pk) for pk in revision_ids}
    return AgreementPage.objects.filter(pk__in=ids)


def _is_generated(document) -> bool:
    if not apps.is_installed("doc_templates"):
        return False
    from django.db.models import Q

    GeneratedDocument = apps.get_model("doc_templates", "GeneratedDocument")
    return GeneratedDocument.objects.filter(Q(document=document) | Q(pdf=document)).exists()


def can_view_document(user, document) -> bool:
    from .models import AgreementPage

    if AgreementPage.objects.live().filter(signed_scan=document).exists():
        return True
    agreements = list(agreements_citing(document))
    if agreements:
        return reads_all(user) or any(a.permissions_for_user(user).can_edit() for a in agreements)
    if _is_generated(document):
        return True  # doc_templates.wagtail_hooks.guard_generated_documents decides
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or (document.uploaded_by_user_id and document.uploaded_by_user_id == user.pk):
        return True
    from wagtail.documents.permissions import permission_policy

    return permission_policy.user_has_any_permission_for_instance(user, ["change", "choose"], document)


def visible_documents(user, queryset):
    """A subset of ``queryset`` that ``user`` may download, for listings (the admin API):
    public signed scans, the user's own uploads and documents of collections the user holds
    document permissions on. (Generated documents are listed on their source's page.)"""
    from django.db.models import Q
    from wagtail.documents.permissions import permission_policy

    from .models import AgreementPage

    if user.is_authenticated and user.is_superuser:
        return queryset
    public_scans = AgreementPage.objects.live().exclude(signed_scan=None).values("signed_scan")
    visible = Q(pk__in=public_scans)
    if user.is_authenticated and user.is_active:
        visible |= Q(uploaded_by_user=user)
        visible |= Q(pk__in=permission_policy.instances_user_has_any_permission_for(user, ["change", "choose"]).values("pk"))
    return queryset.filter(visible)
