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


def test_signed_kpi_levels_edited_while_the_round_is_open_do_not_change_the_score(demo, client):
    """The criteria a unit is scored by are the ones it signed: raising every level of a
    signed KPI while the 9-month round is open leaves the unit's score (card, line) as it
    was; only signing the agreement again on the new levels changes it."""
    from django.urls import reverse

    from reporting.scores import card, score_report, start_report

    _publish(_agreement(), status=AgreementPage.SIGNED)
    report = start_report(demo.open_round(9), demo.unit("กค."))
    line = demo.line(report, "1")
    kpi = line.kpi
    line.result_value = kpi.level_4
    line.save()
    before = score_report(report)
    assert {ln.kpi.code: ln.self_score for ln in before.lines}["1"] == Decimal("4.0000")

    result = line.result_value
    raised = {f"level_{i}": getattr(kpi, f"level_{i}") + Decimal(50) for i in range(1, 6)}
    edited = _publish(kpi, **raised)
    assert edited.levels[0] > result  # the live levels would score 1

    after = score_report(report)
    assert {ln.kpi.code: ln.self_score for ln in after.lines}["1"] == Decimal("4.0000")
    assert after.self_unit.score == before.self_unit.score
    assert card(report)["self_unit_score"] == before.self_unit.score
    client.force_login(demo.user("editor"))
    html = client.get(reverse("reporting_card", args=[report.pk])).content.decode()
    assert f"{before.self_unit.score:.4f}" in html

    _publish(_agreement(), status=AgreementPage.NEGOTIATING)
    _publish(_agreement(), status=AgreementPage.SIGNED)
    assert {ln.kpi.code: ln.self_score for ln in score_report(report).lines}["1"] == Decimal("1.0000")
