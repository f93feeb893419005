"""Value types of the scoring engine: criteria (what a KPI promises) and results.

Criteria are data on each KPI, never code per year: one :class:`KpiCriteria` per KPI per
agreement, built by the caller from the database. They are validated once, at
construction, so that scoring thousands of results does not re-check them; errors a user
may see (an editor typing levels in the wrong order) carry Thai messages naming the KPI.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Hashable, Mapping

from .numbers import to_decimal

LEVEL_COUNT = 5


class Direction(str, Enum):
    """Which way a quantitative result is better."""

    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"  # e.g. days to serve a citizen


class Kind(str, Enum):
    """The three report forms of the manuals (DOMAIN.md §5)."""

    QUANTITATIVE = "quantitative"  # เชิงปริมาณ
    MILESTONE = "milestone"  # ระดับความสำเร็จ
    QUALITATIVE = "qualitative"  # เชิงคุณภาพ


class BelowLevel1(str, Enum):
    """What a quantitative result at or below level 1 (in the KPI's direction) scores."""

    ZERO = "zero"  # 0 strictly below level 1, 1 exactly at level 1
    ONE = "one"  # 1 for anything at or below level 1 (the manuals' usual rule)


class MissingPolicy(str, Enum):
    """What a KPI that is active in the round but has no score yet does to the unit score.

    There is deliberately no default: the caller must choose per round. The usual choice
    is EXCLUDE for the 6- and 9-month progress rounds (show a provisional average over
    what has been scored, flagged as incomplete) and ZERO for the final 12-month round
    (an unreported KPI earns nothing, as in the manuals).
    """

    ZERO = "zero"  # counts as score 0 with its full weight; still listed as missing
    EXCLUDE = "exclude"  # leaves the average, weights renormalise; listed as missing


def _label(code: str, name: str) -> str:
    return f"ตัวชี้วัด {code} {name}".rstrip()


@dataclass(frozen=True, slots=True)
class KpiCriteria:
    """One KPI's scoring criteria (เกณฑ์การให้คะแนน) in one agreement.

    - ``weight`` is relative: only the ratios among the KPIs that count in a round matter,
      so 100-point tables, renormalised tables and sub-KPI weights all work. A sub-KPI's
      weight is relative to its siblings under the same ``parent``.
    - ``parent`` makes this a sub-KPI (1.1 under 1). A KPI that is some KPI's parent is
      scored only from its children; its own ``kind``, ``levels`` and any result given for
      it are not used.
    - ``levels`` (quantitative only): the values of levels 1..5, strictly monotonic in
      ``direction`` (increasing for higher-is-better, decreasing for lower-is-better).
    - ``milestone_steps`` (milestone only): how many steps each level 1..5 has.
    - ``start_round``: first reporting round (1 = 6 months, 2 = 9, 3 = 12, or whatever
      ordinals the caller uses) in which the KPI counts; earlier rounds leave it out.
    - ``cancelled_from_round``: the KPI was cancelled by a change request and does not
      count from this round on (1 = cancelled for the whole year). A round number, not a
      flag, so past rounds re-scored later keep the KPI they really had.
    """

    code: str
    kind: Kind
    weight: Decimal
    name: str = ""
    levels: tuple[Decimal, ...] | None = None
    direction: Direction = Direction.HIGHER_IS_BETTER
    below_level_1: BelowLevel1 = BelowLevel1.ONE
    milestone_steps: tuple[int, ...] = (1, 1, 1, 1, 1)
    partial_credit: bool = False
    parent: str | None = None
    start_round: int = 1
    cancelled_from_round: int | None = None

    def __post_init__(self) -> None:
        label = self.label
        setattr_ = object.__setattr__
        setattr_(self, "kind", Kind(self.kind))
        setattr_(self, "direction", Direction(self.direction))
        setattr_(self, "below_level_1", BelowLevel1(self.below_level_1))
        weight = to_decimal(self.weight, f"{label}: น้ำหนัก")
        if weight <= 0:
            raise ValueError(f"{label}: น้ำหนักต้องมากกว่า 0 ได้รับ {weight}")
        setattr_(self, "weight", weight)
        if self.kind is Kind.QUANTITATIVE:
            if self.levels is None:
                raise ValueError(f"{label}: ตัวชี้วัดเชิงปริมาณต้องกำหนดค่าเกณฑ์ 5 ระดับ")
            setattr_(self, "levels", check_levels(self.levels, self.direction, label))
        elif self.levels is not None:
            setattr_(self, "levels", tuple(self.levels))
        if self.kind is Kind.MILESTONE:
            setattr_(self, "milestone_steps", check_steps(self.milestone_steps, label))
        if type(self.start_round) is not int or self.start_round < 1:
            raise ValueError(f"{label}: รอบที่เริ่มใช้ต้องเป็นจำนวนเต็มตั้งแต่ 1")
        cancel = self.cancelled_from_round
        if cancel is not None and (type(cancel) is not int or cancel < 1):
            raise ValueError(f"{label}: รอบที่ยกเลิกต้องเป็นจำนวนเต็มตั้งแต่ 1")

    @property
    def label(self) -> str:
        """How Thai messages name this KPI."""
        return _label(self.code, self.name)

    def counts_in(self, round_no: int) -> bool:
        """Whether the KPI takes part in ``round_no`` (started and not cancelled)."""
        if self.start_round > round_no:
            return False
        return self.cancelled_from_round is None or round_no < self.cancelled_from_round


def check_levels(levels: object, direction: Direction, label: str) -> tuple[Decimal, ...]:
    """Return the five level values as Decimals, or raise ValueError (Thai) naming the KPI.

    Levels must be strictly monotonic in the KPI's direction: equal neighbours would make
    interpolation divide by zero, and a reversed pair is almost always a typing mistake.
    """
    try:
        values = tuple(levels)  # type: ignore[arg-type]
    except TypeError:
        raise ValueError(f"{label}: ค่าเกณฑ์ต้องเป็นลำดับของตัวเลข 5 ค่า") from None
    if len(values) != LEVEL_COUNT:
        raise ValueError(f"{label}: ค่าเกณฑ์ต้องมี 5 ระดับ ได้รับ {len(values)} ระดับ")
    values = tuple(to_decimal(v, f"{label}: ค่าเกณฑ์ระดับ {i}") for i, v in enumerate(values, 1))
    higher = Direction(direction) is Direction.HIGHER_IS_BETTER
    for i in range(LEVEL_COUNT - 1):
        a, b = values[i], values[i + 1]
        if (a >= b) if higher else (a <= b):
            trend = "เพิ่มขึ้น (ยิ่งมากยิ่งดี)" if higher else "ลดลง (ยิ่งน้อยยิ่งดี)"
            raise ValueError(
                f"{label}: ค่าเกณฑ์ต้อง{trend}อย่างเคร่งครัดจากระดับ 1 ถึง 5 "
                f"แต่ระดับ {i + 1} = {a} และระดับ {i + 2} = {b}"
            )
    return values


def check_steps(steps: object, label: str) -> tuple[int, ...]:
    """Return the per-level step counts of a milestone KPI (five positive ints)."""
    try:
        values = tuple(steps)  # type: ignore[arg-type]
    except TypeError:
        raise ValueError(f"{label}: จำนวนขั้นตอนต้องเป็นลำดับของจำนวนเต็ม 5 ค่า") from None
    if len(values) != LEVEL_COUNT or any(type(v) is not int or v < 1 for v in values):
        raise ValueError(
            f"{label}: ต้องกำหนดจำนวนขั้นตอนของแต่ละระดับ 1–5 เป็นจำนวนเต็มบวก 5 ค่า ได้รับ {values!r}"
        )
    return values


@dataclass(frozen=True, slots=True)
class KpiResult:
    """What was reported (or verified) for one KPI in one round.

    Only the field for the KPI's kind is read; None there means "not reported / not yet
    scored" and makes the KPI missing.
    - ``value``: the measured figure of a quantitative KPI.
    - ``steps_done``: for a milestone KPI, how many steps of each level 1..5 are done.
    - ``rating``: the reviewer's 1–5 score of a qualitative KPI.
    """

    code: str
    value: Decimal | int | float | str | None = None
    steps_done: tuple[int, ...] | None = None
    rating: Decimal | int | float | str | None = None


@dataclass(frozen=True, slots=True)
class UnitScore:
    """A unit's score in one round, with what went into it.

    - ``score``: the weighted average, 4 decimals; None when nothing counted.
    - ``kpi_scores``: the score used for every KPI that counts in the round, parents
      included (rolled up from their children); None for a missing KPI (or a parent whose
      children are all missing under EXCLUDE).
    - ``missing``: KPIs that count in the round but had no score (leaf KPIs only).
      Under ZERO they entered as 0; under EXCLUDE they left the average.
    - ``dropped``: KPIs that do not count in the round (cancelled or not started yet),
      children of a dropped parent included.
    - ``weight_total``: sum of the top-level weights that entered the average.
    """

    score: Decimal | None
    kpi_scores: Mapping[str, Decimal | None] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    weight_total: Decimal = Decimal(0)

    @property
    def complete(self) -> bool:
        """True when every KPI counting in the round had a score."""
        return not self.missing


@dataclass(frozen=True, slots=True)
class Ranking:
    """A unit's place overall and in its group (competition ranking, 1,2,2,4)."""

    unit: Hashable
    score: Decimal | None
    rank: int | None
    group: Hashable | None = None
    group_rank: int | None = None
    colour: str | None = None
