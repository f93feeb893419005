"""Scoring one KPI: quantitative, milestone, qualitative, and the appeals rule.

Every function returns the published figure: a Decimal quantised to 4 decimals
(ROUND_HALF_UP), or None when there is nothing to score yet.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Sequence

from .numbers import FIVE, ONE, ZERO, check_score, q4, to_decimal
from .types import (
    LEVEL_COUNT,
    BelowLevel1,
    Direction,
    Kind,
    KpiCriteria,
    KpiResult,
    check_levels,
    check_steps,
)

_DEFAULT_LABEL = "ตัวชี้วัด"
_LEVEL_SCORES = tuple(Decimal(n) for n in range(1, LEVEL_COUNT + 1))


def score_quantitative(
    value: object,
    levels: Sequence[object],
    direction: Direction | str = Direction.HIGHER_IS_BETTER,
    below_level_1: BelowLevel1 | str = BelowLevel1.ONE,
    *,
    label: str = _DEFAULT_LABEL,
) -> Decimal:
    """Score a measured value against five level values.

    Exactly on a level gives that level; between two levels interpolates linearly; at or
    beyond level 5 (in the KPI's direction) gives 5; at or below level 1 follows
    ``below_level_1``. ``levels`` are validated (strictly monotonic in ``direction``);
    a ValueError with a Thai message naming ``label`` says what is wrong.
    """
    direction = Direction(direction)
    checked = check_levels(levels, direction, label)
    x = to_decimal(value, f"{label}: ผลการดำเนินงาน")
    return _interpolate(x, checked, direction, BelowLevel1(below_level_1))


def _interpolate(
    x: Decimal, levels: tuple[Decimal, ...], direction: Direction, below: BelowLevel1
) -> Decimal:
    """The interpolation proper, on levels already validated.

    Lower-is-better is handled by negating values and levels: negation is exact in
    Decimal and turns the problem into the higher-is-better one.
    """
    if direction is Direction.LOWER_IS_BETTER:
        x = -x
        levels = tuple(-v for v in levels)
    if x >= levels[-1]:
        return q4(FIVE)
    first = levels[0]
    if x <= first:
        if x == first or below is BelowLevel1.ONE:
            return q4(ONE)
        return q4(ZERO)
    for i in range(LEVEL_COUNT - 1):
        low, high = levels[i], levels[i + 1]
        if x < high:
            return q4(_LEVEL_SCORES[i] + (x - low) / (high - low))
    raise AssertionError("unreachable: x is below level 5")  # pragma: no cover


def score_milestone(
    steps_done: Sequence[int],
    milestone_steps: Sequence[int] = (1, 1, 1, 1, 1),
    partial_credit: bool = False,
    *,
    label: str = _DEFAULT_LABEL,
) -> Decimal:
    """Score a level-of-success KPI from the steps done at each level.

    Level n is reached when every step of levels 1..n is done; the score is the highest
    level reached (0 if level 1 is not). With ``partial_credit`` the next level's
    fraction of done steps is added (level 2 reached and 1 of 2 steps of level 3 done →
    2.5). Steps done at levels beyond the next one earn nothing: the levels are a ladder.
    """
    steps = check_steps(milestone_steps, label)
    done = _check_done(steps_done, steps, label)
    return _milestone(done, steps, partial_credit)


def _check_done(steps_done: object, steps: tuple[int, ...], label: str) -> tuple[int, ...]:
    try:
        done = tuple(steps_done)  # type: ignore[arg-type]
    except TypeError:
        raise ValueError(f"{label}: ต้องระบุจำนวนขั้นตอนที่ทำแล้วของแต่ละระดับ 1–5") from None
    if len(done) != LEVEL_COUNT:
        raise ValueError(
            f"{label}: ต้องระบุจำนวนขั้นตอนที่ทำแล้วครบ 5 ระดับ ได้รับ {len(done)} ระดับ"
        )
    for level, (d, total) in enumerate(zip(done, steps), 1):
        if type(d) is not int or not 0 <= d <= total:
            raise ValueError(
                f"{label}: ระดับ {level} มี {total} ขั้นตอน "
                f"จำนวนที่ทำแล้วต้องอยู่ระหว่าง 0 ถึง {total} ได้รับ {d!r}"
            )
    return done


def _milestone(done: tuple[int, ...], steps: tuple[int, ...], partial: bool) -> Decimal:
    reached = 0
    while reached < LEVEL_COUNT and done[reached] == steps[reached]:
        reached += 1
    score = Decimal(reached)
    if partial and reached < LEVEL_COUNT:
        score += Decimal(done[reached]) / Decimal(steps[reached])
    return q4(score)


def score_qualitative(rating: object, *, label: str = _DEFAULT_LABEL) -> Decimal | None:
    """A reviewer's score on the 1–5 scale, validated; None means not yet scored."""
    if rating is None:
        return None
    return check_score(rating, f"{label}: คะแนนของผู้ประเมิน", low=ONE)


def score_kpi(criteria: KpiCriteria, result: KpiResult | None) -> Decimal | None:
    """Score one KPI's result by its criteria; None when nothing was reported.

    ``criteria`` are already validated (at construction), so this path does no
    re-checking of levels; the reported figures are still validated.
    """
    if result is None:
        return None
    label = criteria.label
    kind = criteria.kind
    if kind is Kind.QUANTITATIVE:
        if result.value is None:
            return None
        x = to_decimal(result.value, f"{label}: ผลการดำเนินงาน")
        return _interpolate(x, criteria.levels, criteria.direction, criteria.below_level_1)  # type: ignore[arg-type]
    if kind is Kind.MILESTONE:
        if result.steps_done is None:
            return None
        steps = criteria.milestone_steps
        done = _check_done(result.steps_done, steps, label)
        return _milestone(done, steps, criteria.partial_credit)
    return score_qualitative(result.rating, label=label)


def final_kpi_score(
    self_score: object,
    reviewer_score: object,
    appeal_score: object = None,
    *,
    self_if_unreviewed: bool = False,
) -> Decimal | None:
    """The score a KPI ends with: appeal decision, else reviewer, else (optionally) self.

    Appeals change scores only through a recorded decision, so a decision always wins;
    otherwise the reviewer's checked score stands. The unit's self-assessment is a claim,
    not a score: it is used only when the caller asks (``self_if_unreviewed=True``, e.g.
    for a progress round nobody reviews) and no reviewer score exists. History (all three
    figures) is the caller's to keep. Scores are validated on the 0–5 scale.
    """
    if appeal_score is not None:
        return check_score(appeal_score, "คะแนนตามผลการพิจารณาอุทธรณ์")
    if reviewer_score is not None:
        return check_score(reviewer_score, "คะแนนของผู้ประเมิน")
    if self_score is not None:
        checked = check_score(self_score, "คะแนนประเมินตนเอง")
        return checked if self_if_unreviewed else None
    return None
