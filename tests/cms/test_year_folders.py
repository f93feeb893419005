"""A department's own กพร. (scoped editor) adds year folders for its new units, and only
for organisations of its own department (issue 11)."""
from django.urls import reverse

from cms.models import FiscalYearPage, KPITemplatePage, Organisation, OrganisationYearPage
from cms.roles import role_group

from tests.helpers.forms import form_fields
from tests.helpers.second_department import organisation
from tests.helpers.http import refused


def new_unit():
    return organisation(name_th="กองส่งเสริมเกษตรอินทรีย์", abbreviation="กสอ.", level=Organisation.UNIT,
                        parent=Organisation.find("ทนก./สกช."), head_position="ผู้อำนวยการกองส่งเสริมเกษตรอินทรีย์")


def add_url(parent, model="organisationyearpage"):
    return reverse("wagtailadmin_pages:add", args=["cms", model, parent.pk])


def post_folder(client, year_page, organisation_id, slug):
    url = add_url(year_page)
    form = client.get(url)
    assert form.status_code == 200
    data = form_fields(form.content.decode(), "page-edit-form")
    data.update(title="กองส่งเสริมเกษตรอินทรีย์ ปีงบประมาณ 2569", slug=slug, organisation=str(organisation_id))
    return client.post(url, data)


def test_department_kpr_adds_a_year_folder_for_its_new_unit(demo, client):
    unit = new_unit()
    year_page = FiscalYearPage.objects.get(fiscal_year__year_be=2569)
    client.force_login(demo.user("agri_editor"))
    choices = client.get(add_url(year_page)).context["form"].fields["organisation"].queryset
    assert unit in choices and Organisation.find("สสบ./สบป.") not in choices  # own department only
    response = post_folder(client, year_page, unit.pk, "agri-organic")
    assert response.status_code == 302, response.content.decode()[:2000]
    folder = OrganisationYearPage.objects.get(slug="agri-organic")
    assert folder.organisation == unit and folder.get_parent().pk == year_page.pk
    # the folder is theirs to fill: edit it and add the unit's KPI templates below it
    assert client.get(reverse("wagtailadmin_pages:edit", args=[folder.pk])).status_code == 200
    assert client.get(add_url(folder, "kpitemplatepage")).status_code == 200
    # and the new unit's own people get the folder too
    assert folder.permissions_for_user(_member(unit.staff_group)).can_edit()
    assert not KPITemplatePage.objects.child_of(folder).exists()


def _member(group):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("staff_agri_organic", password="x")
    user.groups.add(group)
    return user


def test_department_kpr_cannot_add_a_folder_for_another_departments_unit(demo, client):
    year_page = FiscalYearPage.objects.get(fiscal_year__year_be=2569)
    other = Organisation.find("พสบ./สสบ./กค.")
    client.force_login(demo.user("agri_editor"))
    response = post_folder(client, year_page, other.pk, "not-mine")
    assert response.status_code == 200  # the form again, with the choice refused
    assert not OrganisationYearPage.objects.filter(slug="not-mine").exists()


def test_unit_people_add_no_year_folder(demo, client):
    year_page = FiscalYearPage.objects.get(fiscal_year__year_be=2569)
    for username in ("head_agri-finance", "staff_agri-finance"):
        client.force_login(demo.user(username))
        response = client.get(add_url(year_page))
        assert refused(response)
        assert not year_page.permissions_for_user(demo.user(username)).can_add_subpage()


def test_the_new_folder_is_a_draft_until_the_departments_executive_publishes_it(demo, client):
    """The department's กพร. adds a folder as a draft (editors never publish); the department's
    own executive publishes it from the editor, and an executive of no role there cannot."""
    unit = new_unit()
    year_page = FiscalYearPage.objects.get(fiscal_year__year_be=2569)
    client.force_login(demo.user("agri_editor"))
    assert post_folder(client, year_page, unit.pk, "agri-organic").status_code == 302
    folder = OrganisationYearPage.objects.get(slug="agri-organic")
    assert not folder.live and not folder.permissions_for_user(demo.user("agri_editor")).can_publish()
    executive = demo.user("agri_executive")
    assert folder.permissions_for_user(executive).can_publish()
    client.force_login(executive)
    edit = reverse("wagtailadmin_pages:edit", args=[folder.pk])
    data = form_fields(client.get(edit).content.decode(), "page-edit-form")
    data["action-publish"] = "action-publish"
    response = client.post(edit, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert OrganisationYearPage.objects.get(pk=folder.pk).live
    # the first department's people cannot publish the second's folder
    other = demo.User.objects.create_user("first_department_executive", password="x")
    other.groups.add(role_group(Organisation.find("พสบ./สสบ."), "executive"))
    assert not OrganisationYearPage.objects.get(pk=folder.pk).permissions_for_user(other).can_publish()
