"""Who may see what: one place for the evidence visibility rules.

``evidence_scope(user)`` says which evidence a user may read; the download view, the
evidence page and the search backends all apply the same scope (search applies it inside
the query itself).
"""
from dataclasses import dataclass, field

from .roles import READ_ALL_EVIDENCE, user_in


@dataclass(frozen=True)
class EvidenceScope:
    all_units: bool = False
    unit_ids: frozenset = field(default_factory=frozenset)
    public_only: bool = False


def evidence_scope(user) -> EvidenceScope:
    if not user.is_authenticated:
        return EvidenceScope(public_only=True)
    if user.is_superuser or user_in(user, *READ_ALL_EVIDENCE):
        return EvidenceScope(all_units=True)
    from .models import Organisation

    unit_ids = frozenset(
        Organisation.objects.filter(staff_group__user=user).values_list("pk", flat=True)
    ) | frozenset(Organisation.objects.filter(head_group__user=user).values_list("pk", flat=True))
    return EvidenceScope(unit_ids=unit_ids, public_only=not unit_ids)


def can_view_evidence(user, evidence_page) -> bool:
    scope = evidence_scope(user)
    if scope.all_units:
        return True
    organisation = evidence_page.organisation
    if organisation is not None and organisation.pk in scope.unit_ids:
        return True
    return evidence_page.is_public()
