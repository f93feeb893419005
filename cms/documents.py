"""Who may download a Wagtail document: one rule for every document.

- The signed scan of a published agreement (the live page's own field) is public.
- A signed scan chosen only in a draft, or on an unpublished agreement: the read-all roles
  and users who may edit that agreement.
- A generated document: users who may generate from its source (``doc_templates.generate.
  can_generate``; ``doc_templates`` also checks it in its own ``before_serve_document`` hook).
- Any other document: superusers, its uploader, and users holding Wagtail's document
  permissions on its collection.
Everyone else gets the same 404 as for a document that does not exist. The serve view
(``before_serve_document``) and Wagtail's own document admin views (through
``DocumentPermissionPolicy`` below) apply this same rule.
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


def generated_source(document):
    """(is generated, its source or None): a document made by ``doc_templates``."""
    if not apps.is_installed("doc_templates"):
        return False, None
    from django.db.models import Q

    GeneratedDocument = apps.get_model("doc_templates", "GeneratedDocument")
    generated = GeneratedDocument.objects.filter(Q(document=document) | Q(pdf=document)).first()
    if generated is None:
        return False, None
    return True, generated.source


def _generated_ids(user, queryset):
    """(ids of every generated document in ``queryset``, those ``user`` may download)."""
    if not apps.is_installed("doc_templates"):
        return set(), set()
    from django.db.models import Q

    from doc_templates.generate import can_generate

    GeneratedDocument = apps.get_model("doc_templates", "GeneratedDocument")
    ids = queryset.values("pk")
    every, allowed, by_source = set(), set(), {}
    rows = GeneratedDocument.objects.filter(Q(document__in=ids) | Q(pdf__in=ids)).prefetch_related("source")
    for generated in rows:  # sources fetched in one query per model, not one per document
        key = (generated.source_content_type_id, generated.source_object_id)
        if key not in by_source:
            source = generated.source
            by_source[key] = source is not None and can_generate(user, source)
        for pk in (generated.document_id, generated.pdf_id):
            if pk is not None:
                every.add(pk)
                if by_source[key]:
                    allowed.add(pk)
    return every, allowed


def _wagtail_collection_policy():
    """Wagtail's own collection-and-owner check, without our rule on top (no recursion)."""
    from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

    return CollectionOwnershipPermissionPolicy(
        "wagtaildocs.Document", auth_model="wagtaildocs.Document", owner_field_name="uploaded_by_user")


def can_view_document(user, document) -> bool:
    """The one rule (module docstring), for the serve view and every Wagtail document view."""
    from .models import AgreementPage

    if AgreementPage.objects.live().filter(signed_scan=document).exists():
        return True
    agreements = list(agreements_citing(document))
    if agreements:
        return reads_all(user) or any(a.permissions_for_user(user).can_edit() for a in agreements)
    is_generated, source = generated_source(document)
    if is_generated:
        from doc_templates.generate import can_generate

        return source is not None and can_generate(user, source)
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or (document.uploaded_by_user_id and document.uploaded_by_user_id == user.pk):
        return True
    return _wagtail_collection_policy().user_has_any_permission_for_instance(user, ["change", "choose"], document)


def visible_documents(user, queryset):
    """A subset of ``queryset`` that ``user`` may download, for listings (the admin API,
    Wagtail's document index, chooser and bulk "all"): public signed scans, scans of
    agreements the user may edit (every scan for the read-all roles), the user's own uploads
    and documents of collections the user holds document permissions on; generated documents
    of sources the user may generate from."""
    from django.db.models import Q
    from wagtail.models import Revision

    from .models import AgreementPage

    if user.is_authenticated and user.is_superuser:
        return queryset
    public_scans = AgreementPage.objects.live().exclude(signed_scan=None).values("signed_scan")
    visible = Q(pk__in=public_scans)
    if user.is_authenticated and user.is_active:
        content_type = ContentType.objects.get_for_model(AgreementPage)
        cited = {}  # scan id → agreement ids citing it
        for pk, scan in AgreementPage.objects.exclude(signed_scan=None).values_list("pk", "signed_scan"):
            cited.setdefault(scan, set()).add(pk)
        # the scan id read from each revision's JSON by the database (not every revision's whole
        # content decoded here: agreement revisions are ~4.5 KB each and only grow in number)
        revisions = Revision.objects.filter(content_type=content_type, content__signed_scan__isnull=False)
        for object_id, scan in revisions.values_list("object_id", "content__signed_scan").distinct():
            if scan:
                cited.setdefault(int(scan), set()).add(int(object_id))
        if reads_all(user):
            allowed_scans = set(cited)
        else:
            agreement_ids = {pk for pks in cited.values() for pk in pks}
            editable = {a.pk for a in AgreementPage.objects.filter(pk__in=agreement_ids)
                        if a.permissions_for_user(user).can_edit()}
            allowed_scans = {scan for scan, pks in cited.items() if pks & editable}
        visible |= Q(pk__in=allowed_scans)
        generated, allowed_generated = _generated_ids(user, queryset.exclude(pk__in=set(cited)))
        visible |= Q(pk__in=allowed_generated)
        others = Q(uploaded_by_user=user) | Q(pk__in=_wagtail_collection_policy().instances_user_has_any_permission_for(
            user, ["change", "choose"]).values("pk"))
        visible |= others & ~Q(pk__in=set(cited) | generated)
    return queryset.filter(visible)


class DocumentPermissionPolicy:
    """Wagtail's document permission policy with the project's document rule on top.

    Wagtail's documents app (index, edit, delete, usage, chooser, chosen, multiple upload,
    bulk actions) asks one object, ``wagtail.documents.permissions.permission_policy``, in
    ``get_object`` and for its listings. ``install_document_policy`` gives that object this
    class: Wagtail's collection-and-owner permissions as before, and besides, every instance
    check needs ``cms.documents.can_view_document`` (generated documents: the source's rule;
    signed scans: the agreement's; other uploads: uploader or collection permission) and every
    listing is cut to ``visible_documents``. A document the rule hides answers
    Wagtail's 404/permission-denied, as one that does not exist."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return super().user_has_any_permission_for_instance(user, actions, instance) and can_view_document(user, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return visible_documents(user, super().instances_user_has_any_permission_for(user, actions))


def install_document_policy():
    """Put ``DocumentPermissionPolicy`` in front of Wagtail's own policy object (every
    Wagtail document view imported that one object, so it is changed in place)."""
    from wagtail.documents import permissions

    policy = permissions.permission_policy
    if not isinstance(policy, DocumentPermissionPolicy):
        policy.__class__ = type("KhamrapDocumentPermissionPolicy", (DocumentPermissionPolicy, policy.__class__), {})
