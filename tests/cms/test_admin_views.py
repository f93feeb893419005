"""Every page type's create and edit forms, and every snippet's forms, open in the admin."""
import pytest
from wagtail.models import Page

from cms.models import EvaluationFramework, FiscalYear, Organisation, UnitGroup
from evidence.models import EvidenceFolderPage

CHILD_TYPES = ["kpitemplatepage", "kpimanualpage", "agreementpage", "actionplanpage"]


@pytest.mark.parametrize("model_name", CHILD_TYPES)
def test_create_form_opens_for_unit_staff(demo, client, model_name):
    client.force_login(demo.user("staff_finance"))
    response = client.get(f"/admin/pages/add/cms/{model_name}/{demo.folder('finance').pk}/")
    assert response.status_code == 200


def test_evidence_create_form_opens(demo, client):
    client.force_login(demo.user("staff_finance"))
    folder = EvidenceFolderPage.objects.child_of(demo.folder("finance")).get()
    assert client.get(f"/admin/pages/add/evidence/evidencepage/{folder.pk}/").status_code == 200


def test_edit_form_opens_for_every_page_type(demo, client):
    client.force_login(demo.user("admin"))
    seen = set()
    for page in Page.objects.filter(depth__gte=2).specific():
        if type(page) in seen:
            continue
        seen.add(type(page))
        assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200, type(page)
    assert len(seen) >= 7


@pytest.mark.parametrize("model", [FiscalYear, Organisation, UnitGroup, EvaluationFramework])
def test_snippet_forms_open_for_editors(demo, client, model):
    client.force_login(demo.user("editor"))
    meta = model._meta
    assert client.get(f"/admin/snippets/{meta.app_label}/{meta.model_name}/").status_code == 200
    obj = model.objects.first()
    assert client.get(f"/admin/snippets/{meta.app_label}/{meta.model_name}/edit/{obj.pk}/").status_code == 200
    assert client.get(f"/admin/snippets/{meta.app_label}/{meta.model_name}/add/").status_code == 200


def test_framework_form_rejects_bad_dimension_weights(demo, client):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    client.force_login(demo.user("editor"))
    framework = EvaluationFramework.objects.get(level=Organisation.UNIT)
    dims = list(framework.dimensions.all())
    data = nested_form_data({
        "fiscal_year": framework.fiscal_year_id, "level": framework.level, "name": framework.name, "description": "",
        "dimensions": inline_formset(
            [{"id": d.pk, "number": d.number, "name": d.name, "weight": "50" if d.number == 1 else str(d.weight), "kpi_type": d.kpi_type, "ORDER": i} for i, d in enumerate(dims)],
            initial=len(dims), min=1,
        ),
        "weight_rules": inline_formset(
            [{"id": r.pk, "greater_dimensions": r.greater_dimensions, "lesser_dimensions": r.lesser_dimensions, "ORDER": 0} for r in framework.weight_rules.all()],
            initial=framework.weight_rules.count(),
        ),
    })
    response = client.post(f"/admin/snippets/cms/evaluationframework/edit/{framework.pk}/", data)
    assert response.status_code == 200
    assert "น้ำหนักมิติการประเมินรวมกันต้องเท่ากับ 100 แต่ได้ 90" in response.content.decode()
    assert framework.dimensions.get(number=1).weight == 60
