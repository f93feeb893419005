"""The demo year is loaded once per test session (tests/conftest.py); each test runs
in a rolled-back transaction."""
import pytest


@pytest.fixture
def finance(db):
    from cms.models import AgreementPage, KPIManualPage, OrganisationYearPage

    class Finance:
        folder = OrganisationYearPage.objects.get(slug="finance")
        organisation = folder.organisation
        agreement = AgreementPage.objects.child_of(folder).get()
        manual = KPIManualPage.objects.child_of(folder).get()

    return Finance()


@pytest.fixture
def memo_for(db):
    """A draft Memo of a unit from a standard memo (as the admin view makes it)."""
    from doc_templates.from_pages import standard_memo_fields
    from doc_templates.models import Memo

    def make(organisation, key="report_reminder", **overrides):
        fields = standard_memo_fields(key, organisation, 2569, sender=organisation)
        fields.update(ref_no="กค 0501/1", signer_name="นายสมชาย ตัวอย่าง", signer_position=organisation.head_position)
        fields.update(overrides)
        fields.setdefault("kind", Memo.MEMO)
        memo = Memo(standard=key, live=False, **fields)
        memo.save()
        memo.save_revision()
        return memo

    return make
