"""The staff home page's report link opens the report form with round and unit preset."""
import html as html_lib
import re

from cms.models import Organisation
from reporting.models import ReportingRound


def selected(form_html, name):
    """The value chosen in the form's chooser for ``name`` (Wagtail's snippet chooser keeps it
    in a hidden input); None when nothing is chosen."""
    field = re.search(rf'<input type="hidden" name="{name}"([^>]*)>', form_html)
    assert field, name
    value = re.search(r'value="([^"]*)"', field.group(1))
    return value.group(1) if value else None


def test_start_report_link_presets_round_and_unit(client, user):
    staff = user("staff_finance")
    client.force_login(staff)
    home = client.get("/admin/").content.decode()
    match = re.search(r'<a href="([^"]+)">เริ่มรายงานผลรอบนี้</a>', home)
    assert match, "the home page offers to start the report"
    url = html_lib.unescape(match.group(1))
    rnd = ReportingRound.objects.get(fiscal_year__year_be=2569, month=9)
    finance = Organisation.find("สสบ./กค.")
    assert url == f"/admin/snippets/reporting/unitreport/add/?round={rnd.pk}&organisation={finance.pk}"
    form = client.get(url).content.decode()
    assert selected(form, "round") == str(rnd.pk)
    assert selected(form, "organisation") == str(finance.pk)


def test_a_unit_the_user_does_not_report_for_is_not_preset(client, user):
    client.force_login(user("staff_finance"))
    rnd = ReportingRound.objects.get(fiscal_year__year_be=2569, month=9)
    service = Organisation.find("สสบ./สบป.")
    form = client.get(f"/admin/snippets/reporting/unitreport/add/?round={rnd.pk}&organisation={service.pk}").content.decode()
    assert selected(form, "organisation") is None and selected(form, "round") == str(rnd.pk)
    assert selected(client.get("/admin/snippets/reporting/unitreport/add/?round=x&organisation=").content.decode(), "round") is None
