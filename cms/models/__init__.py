"""Khamrap's content model; one module per domain idea, re-exported here."""
from .agreement import ActionPlanPage, ActionPlanProject, AgreementKPI, AgreementPage, AgreementParty  # noqa: F401
from .kpi_changes import KPIChangeRequest, KPINegotiation  # noqa: F401
from .kpi import KPIBaseline, KPIContact, KPIManualPage, KPIMilestoneStep, KPITemplatePage, kpi_sort_key  # noqa: F401
from .reference import (  # noqa: F401
    EvaluationFramework,
    FiscalYear,
    FrameworkDimension,
    FrameworkParameterValue,
    FrameworkWeightRule,
    Organisation,
    OrganisationRole,
    UnitGroup,
)
from .structure import FiscalYearPage, HomePage, OrganisationYearPage  # noqa: F401
from .workflow import OrganisationRoleTask, UnitHeadApprovalTask  # noqa: F401
