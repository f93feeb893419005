"""A unit's score in a round: weighted average over the KPIs that count, with roll-up.

Rules in one place:
- A KPI counts in a round when it has started (``start_round <= round_no``) and is not
  cancelled (``cancelled_from_round`` unset or later). KPIs that do not count drop out
  and the remaining weights renormalise (only weight ratios matter).
- Sub-KPIs (1.1, 1.2 under 1) roll up: the parent's score is the weighted average of its
  counting children, then the parent enters its own parent's (or the unit's) average with
  its own weight. A parent whose children all drop out drops out too. Any depth works.
- Every KPI score and every average is quantised to 4 decimals (ROUND_HALF_UP): the
  unit score is computed from the published KPI figures, so anyone can recompute it by
  hand from the published table and get the same number.
- Missing scores follow the caller's explicit :class:`MissingPolicy`.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Iterable, Mapping, Sequence

from .kpi import score_kpi
from .numbers import ZERO, check_score, q4
from .types import KpiCriteria, KpiResult, MissingPolicy, UnitScore

_ZERO_SCORE = q4(ZERO)


def score_results(
    criteria: Sequence[KpiCriteria], results: Iterable[KpiResult]
) -> dict[str, Decimal | None]:
    """Score each leaf KPI's result: {code: score or None}; feed it to :func:`score_unit`.

    Kept apart from :func:`score_unit` because the caller usually has several figures per
    KPI (self, reviewer, appeal) and averages the final one (see ``final_kpi_score``).
    Results for parent KPIs are not scored (parents roll up from their children).
    """
    by_code = _index(criteria)
    parents = {c.parent for c in criteria if c.parent is not None}
    given: dict[str, KpiResult] = {}
    for result in results:
        if result.code not in by_code:
            raise ValueError(f"ผลการดำเนินงานของตัวชี้วัด {result.code} ไม่มีในคำรับรองนี้")
        if result.code in given:
            raise ValueError(f"ผลการดำเนินงานของตัวชี้วัด {result.code} ซ้ำกัน")
        given[result.code] = result
    return {
        code: score_kpi(c, given.get(code))
        for code, c in by_code.items()
        if code not in parents
    }


def score_unit(
    criteria: Sequence[KpiCriteria],
    scores: Mapping[str, object],
    *,
    round_no: int,
    missing: MissingPolicy | str,
) -> UnitScore:
    """Weighted-average a unit's KPI scores for round ``round_no``.

    ``scores`` maps leaf KPI codes to their final score (0–5) or None; a code absent from
    the mapping is missing. Scores given for parent KPIs are ignored. ``missing`` has no
    default on purpose (see :class:`MissingPolicy`): under ZERO a missing KPI counts 0,
    under EXCLUDE it leaves the average; either way it is listed in ``UnitScore.missing``.
    """
    if type(round_no) is not int or round_no < 1:
        raise ValueError(f"รอบการประเมินต้องเป็นจำนวนเต็มตั้งแต่ 1 ได้รับ {round_no!r}")
    policy = MissingPolicy(missing)
    by_code = _index(criteria)
    unknown = [code for code in scores if code not in by_code]
    if unknown:
        raise ValueError(f"มีคะแนนของตัวชี้วัดที่ไม่อยู่ในคำรับรองนี้: {', '.join(map(str, unknown))}")
    children, roots = _tree(criteria, by_code)

    kpi_scores: dict[str, Decimal | None] = {}
    missing_codes: list[str] = []
    dropped: list[str] = []

    def drop(c: KpiCriteria) -> None:
        dropped.append(c.code)
        for child in children.get(c.code, ()):
            drop(child)

    def average(nodes: Sequence[KpiCriteria]) -> tuple[Decimal | None, Decimal, bool]:
        """(average of the scored nodes, their weight total, whether any node counted)."""
        total = ZERO
        weight = ZERO
        counted = False
        for c in nodes:
            if not c.counts_in(round_no):
                drop(c)
                continue
            kids = children.get(c.code)
            if kids:
                score, _, any_kid = average(kids)
                if not any_kid:
                    dropped.append(c.code)
                    continue
            else:
                raw = scores.get(c.code)
                if raw is None:
                    missing_codes.append(c.code)
                    score = _ZERO_SCORE if policy is MissingPolicy.ZERO else None
                else:
                    score = check_score(raw, f"{c.label}: คะแนน")
            counted = True
            kpi_scores[c.code] = score
            if score is not None:
                total += score * c.weight
                weight += c.weight
        return (q4(total / weight) if weight else None), weight, counted

    score, weight_total, _ = average(roots)
    return UnitScore(
        score=score,
        kpi_scores=kpi_scores,
        missing=tuple(missing_codes),
        dropped=tuple(dropped),
        weight_total=weight_total,
    )


def _index(criteria: Sequence[KpiCriteria]) -> dict[str, KpiCriteria]:
    by_code: dict[str, KpiCriteria] = {}
    for c in criteria:
        if c.code in by_code:
            raise ValueError(f"รหัสตัวชี้วัด {c.code} ซ้ำกันในคำรับรองเดียวกัน")
        by_code[c.code] = c
    return by_code


def _tree(
    criteria: Sequence[KpiCriteria], by_code: Mapping[str, KpiCriteria]
) -> tuple[dict[str, list[KpiCriteria]], list[KpiCriteria]]:
    """Children by parent code and the top-level KPIs, in input order; refuses bad trees."""
    children: dict[str, list[KpiCriteria]] = {}
    roots: list[KpiCriteria] = []
    for c in criteria:
        if c.parent is None:
            roots.append(c)
        elif c.parent not in by_code:
            raise ValueError(f"{c.label}: ไม่พบตัวชี้วัดหลัก {c.parent}")
        else:
            children.setdefault(c.parent, []).append(c)
    reachable = 0
    stack = list(roots)
    while stack:
        node = stack.pop()
        reachable += 1
        stack.extend(children.get(node.code, ()))
    if reachable != len(by_code):
        raise ValueError("โครงสร้างตัวชี้วัดหลัก–ตัวชี้วัดย่อยวนกลับเป็นวงจร")
    return children, roots
