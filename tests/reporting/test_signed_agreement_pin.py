"""Issue 12 (defect 10, for agreements): a signed agreement keeps the weight and target of the
KPI revision it was signed with; a later edit of the KPI template changes neither what the
agreement prints (its page, the booklet) nor what the unit's e-SAR export shows."""
from decimal import Decimal

from cms.models import AgreementPage, KPITemplatePage, OrganisationYearPage
from doc_templates.from_pages import agreement_context
from reporting import esar


def _agreement():
    return AgreementPage.objects.child_of(OrganisationYearPage.objects.get(slug="finance")).get()


def _kpi(code):
    return KPITemplatePage.objects.child_of(OrganisationYearPage.objects.get(slug="finance")).get(code=code)


def _line(code):
    return _agreement().kpi_lines.get(kpi__code=code)


def _booklet_row(code):
    [row] = [k for k in agreement_context(_agreement()).kpis if k.code == code]
    return row.weight, row.target_text


def _publish(page, **changes):
    page = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def test_kpi_edited_after_signing_does_not_change_the_signed_weight_or_target(demo, client):
    _publish(_agreement(), status=AgreementPage.SIGNED)
    kpi = _kpi("1")
    assert kpi.kind == KPITemplatePage.QUANTITATIVE and not _line("1").target  # target from the KPI
    signed_target, signed_weight, signed_booklet = _line("1").target_display(), _line("1").weight, _booklet_row("1")
    report = demo.report("กค.")
    [signed_esar] = [k for k in esar.payload(report)["kpis"] if k["code"] == "1"]

    edited = _publish(kpi, target_level=4 if kpi.target_level != 4 else 3, weight=kpi.weight + Decimal(5))
    assert edited.target_display() != signed_target  # the live template did change

    assert _line("1").target_display() == signed_target
    assert _line("1").weight == signed_weight
    assert _booklet_row("1") == signed_booklet
    assert signed_target in client.get(_agreement().url).content.decode()
    [row] = [k for k in esar.payload(report)["kpis"] if k["code"] == "1"]
    assert (row["target"], row["weight"]) == (signed_esar["target"], signed_esar["weight"])

    # published again while signed (a typo fixed): the pin stays
    _publish(_agreement(), body=_agreement().body + "<p>แก้ไขคำผิด</p>")
    assert _line("1").target_display() == signed_target

    # back to negotiation the lines follow the live template; signed again, the new revision
    _publish(_agreement(), status=AgreementPage.NEGOTIATING)
    assert _line("1").target_display() == edited.target_display()
    _publish(_agreement(), status=AgreementPage.SIGNED)
    assert _line("1").kpi_revision_id == edited.live_revision_id
    assert _line("1").target_display() == edited.target_display()
