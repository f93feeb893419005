"""Site-visit preparation: each KPI's required evidence against what is attached.

A file counts for a required document when it was linked to it (``EvidenceFile.required_item``,
chosen when attaching or on the files page); the checklist ticks each item that has a file.
"""
from dataclasses import dataclass, field

from cms.models import KPITemplatePage, kpi_sort_key

from .models import EvidenceFile, EvidencePage


@dataclass
class RequiredItem:
    name: str
    files: list[EvidenceFile] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return bool(self.files)


@dataclass
class ChecklistRow:
    kpi: KPITemplatePage
    required: list[str]
    evidence: list[EvidencePage] = field(default_factory=list)
    files: list[EvidenceFile] = field(default_factory=list)

    @property
    def missing(self) -> bool:
        return not self.files

    @property
    def items(self) -> list[RequiredItem]:
        """Each required document with the files linked to it, in the template's order."""
        return [RequiredItem(name, [f for f in self.files if f.required_item == name]) for name in self.required]

    @property
    def unlinked_files(self) -> list[EvidenceFile]:
        """Attached files linked to no required document (or to one the template no longer lists)."""
        return [f for f in self.files if f.required_item not in self.required]

    @property
    def items_done(self) -> int:
        return sum(item.done for item in self.items)

    @property
    def complete(self) -> bool:
        return bool(self.files) and all(item.done for item in self.items)


def checklist_for(organisation_year) -> list[ChecklistRow]:
    kpis = sorted(KPITemplatePage.objects.child_of(organisation_year), key=lambda k: kpi_sort_key(k.code))
    rows = {k.pk: ChecklistRow(kpi=k, required=k.required_evidence_items()) for k in kpis}
    for page in EvidencePage.objects.descendant_of(organisation_year).filter(kpi__in=list(rows)):
        row = rows[page.kpi_id]
        row.evidence.append(page)
        row.files.extend(page.files.all())
    return list(rows.values())


def required_item_from(request, kpi) -> str:
    """The required document chosen in an upload form ("" when none, or not one of the KPI's)."""
    chosen = (request.POST.get("required_item") or "").strip()
    return chosen if kpi is not None and chosen in kpi.required_evidence_items() else ""
