"""Roles scoped to one organisation's subtree: a department's กพร. edits its own department's
pages and snippets, never another department's. The matrix is role × own / other department
× object kind × action; every "other department" cell must be refused."""
import pytest

from cms.models import Organisation
from cms.permissions import organisations_acted_for
from cms.roles import role_group
from evidence.permissions import evidence_scope

from tests.helpers.second_department import build_second_department, kpi, one_dimension_framework, two_departments, year_folder  # noqa: F401 (fixture)
from tests.helpers.http import refused


ROLES = ["editor", "reviewer", "executive", "preparer"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("mine", ["first", "second"])
def test_matrix_no_cross_department_leak(two_departments, client, role, mine):
    other = "second" if mine == "first" else "first"
    user = two_departments[mine]["users"][role]
    own, theirs = two_departments[mine], two_departments[other]
    client.force_login(user)
    # acting scope: own department's subtree only
    acted = organisations_acted_for(user)
    assert own["unit"].pk in acted and own["department"].pk in acted
    assert theirs["unit"].pk not in acted and theirs["department"].pk not in acted
    # pages: view draft / edit / publish
    their_perms = theirs["kpi"].permissions_for_user(user)
    assert not their_perms.can_edit() and not their_perms.can_publish()
    assert refused(client.get(f"/admin/pages/{theirs['kpi'].pk}/edit/"))
    assert refused(client.get(f"/admin/pages/{theirs['kpi'].pk}/view_draft/"))
    own_perms = own["kpi"].permissions_for_user(user)
    assert own_perms.can_edit() == (role == "editor")
    assert own_perms.can_publish() == (role == "executive")
    if role == "editor":
        assert client.get(f"/admin/pages/{own['kpi'].pk}/edit/").status_code == 200
        assert client.get(f"/admin/pages/add/cms/kpitemplatepage/{own['folder'].pk}/").status_code == 200
    # snippets (memos): the one permission policy the snippet views ask (issue 9 makes every
    # snippet view ask it per object): edit own as editor, never another department's
    from doc_templates.models import Memo
    from doc_templates.permissions import MemoPermissionPolicy

    policy = MemoPermissionPolicy(Memo)
    for action in ("view", "change", "lock"):
        assert not policy.user_has_permission_for_instance(user, action, theirs["memo"])
    assert theirs["memo"].pk not in set(policy.instances_user_has_permission_for(user, "change").values_list("pk", flat=True))
    assert policy.user_has_permission_for_instance(user, "change", own["memo"]) == (role == "editor")
    # evidence: read within the subtree only
    assert client.get(f"/evidence/file/{theirs['evidence_file'].pk}/").status_code == 404
    assert client.get(f"/evidence/file/{own['evidence_file'].pk}/").status_code == 200
    scope = evidence_scope(user)
    assert not scope.all_units and theirs["unit"].pk not in scope.unit_ids


def test_department_editor_manages_its_own_reference_data(demo, client):
    """The second department's กพร. adds a unit and a framework for its own units in the admin,
    and cannot place either in another department."""
    from cms.models import EvaluationFramework, FiscalYear
    from cms.permissions import OrganisationScopedPolicy

    _, second, units = build_second_department()
    first = Organisation.find("สสบ.")
    editor = demo.User.objects.create_user("editor_second_reference", password="x")
    editor.groups.add(role_group(second, "editor"))
    client.force_login(editor)
    unit = {"name_th": "ศูนย์เทคโนโลยีสารสนเทศ", "abbreviation": "ศทส.", "level": "unit", "group": "",
            "head_position": "ผู้อำนวยการศูนย์", "phone": "", "fax": "", "address": "", "global_reviewers_fallback": "on"}
    assert client.post("/admin/snippets/cms/organisation/add/", {**unit, "parent": first.pk}).status_code == 200  # refused
    assert not Organisation.objects.filter(abbreviation="ศทส.", parent=first).exclude(name_th="ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร").exists()
    assert client.post("/admin/snippets/cms/organisation/add/", {**unit, "parent": ""}).status_code == 200  # no top level
    response = client.post("/admin/snippets/cms/organisation/add/", {**unit, "parent": second.pk})
    assert response.status_code == 302
    assert Organisation.objects.filter(abbreviation="ศทส.", parent=second).exists()
    policy = OrganisationScopedPolicy(Organisation)
    assert policy.user_has_permission_for_instance(editor, "change", units["กค."])
    assert not policy.user_has_permission_for_instance(editor, "change", Organisation.objects.get(abbreviation="กค.", parent=first))
    other_unit = Organisation.objects.get(abbreviation="กค.", parent=first)
    assert client.get(f"/admin/snippets/cms/organisation/edit/{units['กค.'].pk}/").status_code == 200
    assert refused(client.get(f"/admin/snippets/cms/organisation/edit/{other_unit.pk}/"))
    client.post(f"/admin/snippets/cms/organisation/edit/{other_unit.pk}/", {**unit, "name_th": "ถูกแก้", "abbreviation": "กค.", "parent": first.pk})
    assert Organisation.objects.get(pk=other_unit.pk).name_th == "กองคลัง"
    listed = set(policy.instances_user_has_permission_for(editor, "change").values_list("pk", flat=True))
    assert first.pk not in listed and second.pk in listed
    framework_policy = OrganisationScopedPolicy(EvaluationFramework)
    general = EvaluationFramework.objects.get(level=Organisation.UNIT, organisation=None)
    assert not framework_policy.user_has_permission_for_instance(editor, "change", general)
    own = one_dimension_framework(Organisation.UNIT, organisation=second, name="กรอบของกรมที่สอง")
    assert framework_policy.user_has_permission_for_instance(editor, "change", own)
    assert FiscalYear.objects.exists()
