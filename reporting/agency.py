"""Every level reports and is ranked among its siblings (issue 11).

Ministries, mission groups and departments file their own self-assessment like units
(``UnitReport`` is level-agnostic); ``sibling_tables`` ranks the organisations of a round per
parent organisation, so a department's units are ranked among themselves, never against
another department's, and departments of a ministry among themselves. Ranking and colours
are ``scores.round_table``'s; only the grouping is here.
"""
from __future__ import annotations

from .scores import round_table


def reporting_organisations(round_):
    """Organisations with a report in the round, of any level, and units with an agreement
    (a unit's ranking lists who has not reported yet). An agency (ministry, mission group,
    department) joins once it has reported: the demo's agencies all hold agreements, and a
    ranking of agencies none of which has reported would only push the units' rankings down."""
    from cms.models import Organisation, OrganisationYearPage

    from .models import UnitReport

    from .scores import folders_with_agreement

    ids = set(UnitReport.objects.filter(round=round_).values_list("organisation_id", flat=True))
    page = getattr(round_.fiscal_year, "page", None)
    if page is not None:
        with_agreement = folders_with_agreement(page)
        folders = OrganisationYearPage.objects.filter(path__startswith=page.path, organisation__level=Organisation.UNIT)
        ids |= {organisation_id for path, organisation_id in folders.values_list("path", "organisation_id") if path in with_agreement}
    from .rounds import organisations_in

    # only who reports in this round: a department's own round ranks its own units, and
    # OPDC's round of the same month no longer lists them (reporting.rounds)
    return organisations_in(round_, Organisation.objects.filter(pk__in=ids).select_related("group", "parent"))


def sibling_tables(round_, organisations=None) -> dict:
    """{parent organisation (None = top level): ranked rows of its reporting children}."""
    organisations = reporting_organisations(round_) if organisations is None else organisations
    by_parent: dict = {}
    for org in organisations:
        by_parent.setdefault(org.parent_id, []).append(org)
    parents = {org.parent_id: org.parent for org in organisations}
    return {parents[parent_id]: round_table(round_, organisations=children) for parent_id, children in by_parent.items()}


def sibling_table(round_, parent):
    """The ranked rows of one parent's reporting children (a department's units, a ministry's departments)."""
    children = [o for o in reporting_organisations(round_) if o.parent_id == (parent.pk if parent else None)]
    return round_table(round_, organisations=children)
