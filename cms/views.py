"""The public agreement booklet (the evidence download is ``evidence.views.download_evidence_file``)."""
from django.http import FileResponse, Http404


def public_agreement_booklet(request, page_id):
    """The agreement booklet for anyone, only for a live agreement open to the public.

    Generated documents sit in a login-restricted collection; this view checks the page
    instead (live, no view restriction) and serves the booklet of its live revision, built
    once per live revision (PDF when LibreOffice is there, else the .docx) and reused after.
    Anything else is the same 404 as a page that does not exist."""
    from django.contrib.contenttypes.models import ContentType

    from doc_templates.errors import DocumentError, PdfUnavailable
    from doc_templates.generate import generate, safe_filename
    from doc_templates.models import GeneratedDocument

    from .models import AgreementPage

    page = AgreementPage.objects.live().public().filter(pk=page_id).first()
    if page is None or page.live_revision_id is None:
        raise Http404("ไม่พบเอกสาร")
    content_type = ContentType.objects.get_for_model(AgreementPage)

    def existing():
        return (GeneratedDocument.objects.filter(source_content_type=content_type, source_object_id=str(page.pk),
                                                 source_revision_id=page.live_revision_id, kind="agreement_booklet")
                .select_related("document", "pdf").order_by("-pdf_id", "-pk").first())

    generated = existing()
    if generated is None:
        # Not under the page's row lock: LibreOffice takes seconds and editors' saves would
        # wait. Two first visitors at once may build it twice; both copies are the same booklet.
        try:
            generated = generate(page, "agreement_booklet", user=None, pdf=True)
        except PdfUnavailable:
            generated = generate(page, "agreement_booklet", user=None)
        except DocumentError:
            raise Http404("ไม่พบเอกสาร")
    document = generated.pdf or generated.document
    extension = "pdf" if generated.pdf_id else "docx"
    content_type_header = "application/pdf" if extension == "pdf" else (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response = FileResponse(document.file.open("rb"), as_attachment=True,
                            filename=safe_filename(page.title, extension), content_type=content_type_header)
    response["X-Content-Type-Options"] = "nosniff"
    return response
