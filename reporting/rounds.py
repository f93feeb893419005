"""Which reporting round an organisation reports in (issue 11: rounds belong to the
organisation that runs them).

A round with ``organisation`` set is that organisation's own calendar, for it and its whole
subtree (a department's 5- and 7-month rounds for its units); a round without one is the
installation-wide calendar (OPDC's 6/9/12 months) that every organisation uses unless it, or
an organisation above it, runs its own round in that month. ``round_for`` is the one answer
to "the round for this organisation and month": the organisation's own round first, then its
ancestors' nearest first, then the installation-wide one. Reporting, scoring, rankings,
dashboards, reminders, e-SAR and documents all ask it (directly or through ``applies_to`` /
``rounds_for`` / ``organisations_in``).
"""
from __future__ import annotations

from . import calendars
from .models import ReportingRound


class Calendar(calendars.Calendar):
    """Every round (of one fiscal year, or all) and the tree's parent links, read once
    (``reporting.calendars.Calendar`` over every ``ReportingRound``)."""

    def __init__(self, fiscal_year=None):
        super().__init__(ReportingRound.objects.all(), fiscal_year)


def _lineage_ids(organisation) -> list:
    """[own pk, parent pk, …, None]: the calendars an organisation sees, nearest first."""
    if organisation is None:
        return [None]
    return [o.pk for o in organisation.lineage()] + [None]


def rounds_for(organisation, fiscal_year=None, calendar: Calendar | None = None) -> list:
    """Every round the organisation reports in (one per fiscal year and month, the nearest
    calendar's), ordered by year then month. ``organisation`` None = the installation-wide
    calendar. ``calendar``: a ``Calendar`` already read (many organisations in a row)."""
    return (calendar or Calendar(fiscal_year)).rounds_for(organisation, fiscal_year)


def round_for(organisation, fiscal_year, month, calendar: Calendar | None = None):
    """The round ``organisation`` reports in at ``month`` of ``fiscal_year``, or None."""
    return (calendar or Calendar(fiscal_year)).round_for(organisation, fiscal_year, month)


def applies_to(round_, organisation, calendar: Calendar | None = None) -> bool:
    """Whether ``organisation`` reports in ``round_``: the round is the nearest calendar's
    round of its month for it (a department's own 6-month round hides OPDC's from its units)."""
    return (calendar or Calendar(round_.fiscal_year_id)).applies_to(round_, organisation)


def runs_round(round_, organisation) -> bool:
    """Whether the round's calendar reaches ``organisation`` at all (its own, an ancestor's or
    the installation-wide one), whatever a nearer calendar says."""
    return round_.organisation_id is None or round_.organisation_id in _lineage_ids(organisation)


def organisations_in(round_, organisations, calendar: Calendar | None = None):
    """The organisations of ``organisations`` that report in ``round_`` (one ``Calendar`` for all)."""
    return (calendar or Calendar(round_.fiscal_year_id)).organisations_in(round_, organisations)


def round_no(round_, organisation=None, calendar: Calendar | None = None) -> int:
    """The round's place among the year's rounds ``organisation`` reports in (default: the
    round's own organisation's calendar): 1, 2, 3 for OPDC's 6, 9, 12; a unit whose department
    adds 5 and 7 reports in 5, 6, 7, 9, 12, so OPDC's 6-month round is its round 2."""
    return calendars.round_no(round_, calendar or Calendar(round_.fiscal_year_id), organisation)


def wrong_round_message(round_, organisation, calendar: Calendar | None = None) -> str:
    return calendars.wrong_round_message(round_, organisation, calendar or Calendar(round_.fiscal_year_id))
