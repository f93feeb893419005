"""Site-visit preparation: each KPI's required evidence against what is attached."""
from dataclasses import dataclass, field

from cms.models import EvidenceFile, EvidencePage, KPITemplatePage, kpi_sort_key


@dataclass
class ChecklistRow:
    kpi: KPITemplatePage
    required: list[str]
    evidence: list[EvidencePage] = field(default_factory=list)
    files: list[EvidenceFile] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return not self.files


def checklist_for(organisation_year) -> list[ChecklistRow]:
    kpis = sorted(KPITemplatePage.objects.child_of(organisation_year), key=lambda k: kpi_sort_key(k.code))
    rows = {k.pk: ChecklistRow(kpi=k, required=k.required_evidence_items()) for k in kpis}
    for page in EvidencePage.objects.descendant_of(organisation_year).filter(kpi__in=list(rows)):
        row = rows[page.kpi_id]
        row.evidence.append(page)
        row.files.extend(page.files.all())
    return list(rows.values())
