"""Run an admin view again with one page row locked, so a check and the save it guards are
one step (issue 12, defect 6; the stale-edit guard in ``ops``).

``rerun_with_page_locked`` opens a transaction, locks the page row (``SELECT … FOR UPDATE`` on
PostgreSQL; on SQLite the transaction is ``BEGIN IMMEDIATE``, see ``settings.base``, which
takes the database write lock), runs ``inside()`` (a check that may answer instead of the
view) and then the view itself. Of two posts sent at the same instant one runs, the other
waits for its commit and then sees what it wrote. Inside the re-run the hooks that call this
get ``None`` back, so the view goes on as usual.
"""
from django.db import transaction
from wagtail.models import Page

FLAG = "_khamrap_page_locked"


def rerun_with_page_locked(request, page_pk, inside=None):
    if getattr(request, FLAG, False):
        return None
    setattr(request, FLAG, True)
    match = request.resolver_match
    with transaction.atomic():
        list(Page.objects.select_for_update().filter(pk=page_pk).values_list("pk", flat=True))
        answer = inside() if inside is not None else None
        if answer is not None:
            return answer
        return match.func(request, *match.args, **match.kwargs)
