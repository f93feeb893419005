"""Who may read which evidence: the one place for the evidence scope rules.

``evidence_scope(user)`` says which evidence a user may read; the download view, the
evidence page, the admin search, the JSON API and ``search_evidence`` all apply it: pages
and files through ``can_view_evidence``, the search backends as a ``Visibility``
(``visibility_for``, applied inside the query itself). Built on ``cms.permissions``' one
definition of "reads every unit" and "the organisations this user acts for".
"""
from dataclasses import dataclass, field

from cms.permissions import organisations_acted_for, reads_all
from evidence_search.backends import Visibility


@dataclass(frozen=True)
class EvidenceScope:
    all_units: bool = False
    unit_ids: frozenset = field(default_factory=frozenset)
    public_only: bool = False


def evidence_scope(user) -> EvidenceScope:
    if not user.is_authenticated:
        return EvidenceScope(public_only=True)
    if reads_all(user):
        return EvidenceScope(all_units=True)
    unit_ids = frozenset(organisations_acted_for(user))
    return EvidenceScope(unit_ids=unit_ids, public_only=not unit_ids)


def can_view_evidence(user, evidence_page) -> bool:
    scope = evidence_scope(user)
    if scope.all_units:
        return True
    organisation = evidence_page.organisation
    if organisation is not None and organisation.pk in scope.unit_ids:
        return True
    return evidence_page.is_public()


def visibility_for(user) -> Visibility:
    """The evidence scope in the search engine's terms."""
    scope = evidence_scope(user)
    if scope.all_units:
        return Visibility.everything()
    if scope.unit_ids:
        return Visibility.units(scope.unit_ids, include_public=True)
    return Visibility.public()
