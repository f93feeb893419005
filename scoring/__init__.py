"""Khamrap scoring engine: pure functions, no Django, Decimal throughout.

Scores KPIs of a performance agreement (คำรับรองการปฏิบัติราชการ), averages them into a
unit score per reporting round, ranks units and colours scores. Criteria are data
(:class:`KpiCriteria`), never code per year. User-facing errors are ValueError with Thai
messages naming the KPI.

API
---
Types (``scoring.types``)::

    Direction.HIGHER_IS_BETTER | Direction.LOWER_IS_BETTER
    Kind.QUANTITATIVE | Kind.MILESTONE | Kind.QUALITATIVE
    BelowLevel1.ZERO | BelowLevel1.ONE
    MissingPolicy.ZERO | MissingPolicy.EXCLUDE
    KpiCriteria(code, kind, weight, name="", levels=None, direction=HIGHER_IS_BETTER,
                below_level_1=ONE, milestone_steps=(1,1,1,1,1), partial_credit=False,
                parent=None, start_round=1, cancelled_from_round=None)
    KpiResult(code, value=None, steps_done=None, rating=None)
    UnitScore(score, kpi_scores, missing, dropped, weight_total); .complete
    Ranking(unit, score, rank, group, group_rank, colour)

Functions (``scoring``: ``kpi``, ``unit``, ``ranking``); every score returned is a Decimal with 4 decimals
(ROUND_HALF_UP) or None::

    score_quantitative(value, levels, direction=HIGHER_IS_BETTER, below_level_1=ONE, *, label) -> Decimal
    score_milestone(steps_done, milestone_steps=(1,)*5, partial_credit=False, *, label) -> Decimal
    score_qualitative(rating, *, label) -> Decimal | None
    score_kpi(criteria: KpiCriteria, result: KpiResult | None) -> Decimal | None
    final_kpi_score(self_score, reviewer_score, appeal_score=None, *, self_if_unreviewed=False) -> Decimal | None
    score_results(criteria, results: Iterable[KpiResult]) -> dict[str, Decimal | None]
    score_unit(criteria, scores: Mapping[str, score | None], *, round_no: int, missing: MissingPolicy) -> UnitScore
    rank_units(scores: Mapping[unit, score | UnitScore | None], groups=None, *, bands=None) -> list[Ranking]
    traffic_light(score, bands: Sequence[(min_score, colour)]) -> str | None

Typical round::

    scores = score_results(criteria, results)            # or final_kpi_score(...) per KPI
    unit = score_unit(criteria, scores, round_no=3, missing=MissingPolicy.ZERO)
    table = rank_units({u: s for u, s in unit_scores.items()}, groups, bands=BANDS)

Decisions where the rules were silent
-------------------------------------
- Numbers: ints, strings, Decimals and floats (via ``repr``) are accepted; bools, NaN
  and infinities are refused. Every KPI score is quantised to 4 decimals, and averages
  are computed from those published figures (reproducible by hand from the table).
- Quantitative levels must be *strictly* monotonic (equal neighbours refused).
  ``below_level_1`` defaults to ONE, the manuals' usual rule (DOMAIN.md §5).
- Milestones: ``steps_done`` gives the count of done steps per level; no level reached
  scores 0 (``below_level_1`` applies to quantitative KPIs only). Partial credit counts
  only the next level's steps; steps done further up the ladder earn nothing.
- Qualitative ratings must lie in [1, 5] (decimals allowed); appeal, reviewer and
  self scores passed to ``final_kpi_score`` in [0, 5].
- Appeals: decision > reviewer > (self only if ``self_if_unreviewed``) > None.
- Rounds are caller-chosen ordinals (e.g. 1, 2, 3 for 6, 9, 12 months). Cancellation is
  a round (``cancelled_from_round``), so re-scoring a past round keeps its KPIs.
- Weights must be > 0 and are relative; they need not sum to 100 (checking the table's
  total is the agreement editor's job, not the engine's).
- Nesting: a KPI is a parent iff another names it in ``parent``; it is scored only from
  its children (its own result is ignored); a parent with all children dropped drops;
  with all children missing under EXCLUDE it has score None and leaves the average.
- Missing scores: explicit ``missing`` parameter, no default. ZERO counts 0 (use it for
  the final round), EXCLUDE leaves the average (progress rounds); both list the KPI in
  ``UnitScore.missing``. A unit with nothing to average has score None.
- Ranking: competition ranking on the 4-decimal figure; equal scores keep input order;
  unscored units get rank None and come last; a unit absent from ``groups`` has no
  group rank. Traffic light: highest band whose minimum is <= score; a score below every
  band raises (configuration gap).
"""
from .kpi import final_kpi_score, score_kpi, score_milestone, score_qualitative, score_quantitative
from .ranking import rank_units, traffic_light
from .unit import score_results, score_unit
from .types import (
    BelowLevel1,
    Direction,
    Kind,
    KpiCriteria,
    KpiResult,
    MissingPolicy,
    Ranking,
    UnitScore,
)

__all__ = [
    "BelowLevel1",
    "Direction",
    "Kind",
    "KpiCriteria",
    "KpiResult",
    "MissingPolicy",
    "Ranking",
    "UnitScore",
    "final_kpi_score",
    "rank_units",
    "score_kpi",
    "score_milestone",
    "score_qualitative",
    "score_quantitative",
    "score_results",
    "score_unit",
    "traffic_light",
]
