"""cms.permissions' evidence scope, in the search engine's terms."""
from cms.permissions import evidence_scope
from search.backends import Visibility


def visibility_for(user) -> Visibility:
    scope = evidence_scope(user)
    if scope.all_units:
        return Visibility.everything()
    if scope.unit_ids:
        return Visibility.units(scope.unit_ids, include_public=True)
    return Visibility.public()
