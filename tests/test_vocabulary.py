"""One vocabulary: names and values that several apps spell are defined once, and the copies
that must stay frozen (data migrations run against historical models, so they keep their
own literals) are checked against that one definition here."""
import importlib
import pkgutil

import pytest

import cms.roles
import reporting.roles
from cms.models import KPITemplatePage
from doc_templates import contexts
from scoring.types import Direction, Kind

ROLE_CONSTANTS = {
    "EDITORS": cms.roles.EDITORS,
    "REVIEWERS": cms.roles.REVIEWERS,
    "EXECUTIVES": cms.roles.EXECUTIVES,
    "PREPARERS": cms.roles.PREPARERS,
    "SUPERVISORS": reporting.roles.SUPERVISORS,
    "OWN_KPI_SUPERVISORS": reporting.roles.OWN_KPI_SUPERVISORS,
}
MIGRATION_APPS = ["cms", "reporting", "doc_templates", "evidence", "dashboard", "evidence_search"]


def migration_modules():
    for app in MIGRATION_APPS:
        package = importlib.import_module(f"{app}.migrations")
        for info in pkgutil.iter_modules(package.__path__):
            yield importlib.import_module(f"{app}.migrations.{info.name}")


def test_role_names_frozen_in_migrations_are_the_roles_of_the_code():
    seen = []
    for module in migration_modules():
        for name, value in ROLE_CONSTANTS.items():
            if hasattr(module, name):
                seen.append((module.__name__, name))
                assert getattr(module, name) == value, f"{module.__name__}.{name}"
    # the check reads real copies: the fixed roles are created by cms 0002, reporting 0002 grants them
    assert ("cms.migrations.0002_workflows_and_roles", "REVIEWERS") in seen
    assert ("reporting.migrations.0008_report_step_two_by_kpi_supervisors", "OWN_KPI_SUPERVISORS") in seen


@pytest.mark.parametrize("kind", list(Kind))
def test_kpi_kinds_are_one_vocabulary(kind):
    assert kind.value in dict(KPITemplatePage.KIND_CHOICES)
    assert kind.value in contexts.KPI_KINDS


@pytest.mark.parametrize("direction", list(Direction))
def test_kpi_directions_are_one_vocabulary(direction):
    assert direction.value in dict(KPITemplatePage.DIRECTION_CHOICES)
    assert direction.value in contexts.DIRECTIONS
