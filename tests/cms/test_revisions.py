"""History: every content page type keeps revisions that can be compared and reverted."""
import pytest

from cms.models import ActionPlanPage, AgreementPage, KPIManualPage, KPITemplatePage


@pytest.mark.parametrize("model", [KPITemplatePage, KPIManualPage, AgreementPage, ActionPlanPage])
def test_revisions_compare_and_revert(demo, client, model):
    admin = demo.user("admin")
    client.force_login(admin)
    page = model.objects.child_of(demo.folder("finance")).first()
    first = page.get_latest_revision()
    original_title = page.title
    page.title = original_title + " (ฉบับแก้ไข)"
    second = page.save_revision(user=admin)

    compare = client.get(f"/admin/pages/{page.pk}/revisions/compare/{first.pk}...{second.pk}/")
    assert compare.status_code == 200
    assert "(ฉบับแก้ไข)" in compare.content.decode()

    revert = client.get(f"/admin/pages/{page.pk}/revisions/{first.pk}/revert/")
    assert revert.status_code == 200
    assert original_title in revert.content.decode()

    # Reverting is saving the old revision's content as the newest draft.
    old = first.as_object()
    old.save_revision(user=admin)
    assert model.objects.get(pk=page.pk).get_latest_revision_as_object().title == original_title
    assert page.revisions.count() == 3
