"""Benchmark: score and rank a ministry-sized year with the pure scoring engine.

300 units x 20 KPI rows (a parent with 3 sub-KPIs, quantitative both directions,
milestones with and without partial credit, qualitative), some starting late and some
cancelled, 3 rounds (6, 9, 12 months). Round 3 scores both the self-reported and the
reviewer-verified figures and applies a few appeal decisions. Data is synthetic and
deterministic (seeded). Target: <= 2 s for the whole year on a 2-core machine.

Run: cd /work/main && .venv/bin/python bench/scoring.py
"""
from __future__ import annotations

import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scoring import Direction, Kind, KpiCriteria, KpiResult, MissingPolicy  # noqa: E402
from scoring import final_kpi_score, rank_units, score_results, score_unit  # noqa: E402

UNITS = 300
GROUPS = 15
ROUNDS = (1, 2, 3)
BANDS = [(0, "แดง"), (3, "เหลือง"), (Decimal("4.5"), "เขียว")]
TARGET_SECONDS = 2.0


def d(x: float, places: int = 2) -> Decimal:
    return Decimal(f"{x:.{places}f}")


def build_criteria(rng: random.Random) -> list[KpiCriteria]:
    """20 KPI rows for one unit; weights of the top level sum to 100."""
    rows: list[KpiCriteria] = []

    def common() -> dict:
        r = rng.random()
        if r < 0.04:
            return {"cancelled_from_round": rng.choice((1, 2, 3))}
        if r < 0.12:
            return {"start_round": rng.choice((2, 3))}
        return {}

    rows.append(KpiCriteria("1", Kind.QUALITATIVE, Decimal(20), name="ผลสัมฤทธิ์ตามแผนปฏิบัติราชการ"))
    rows.append(KpiCriteria("1.1", Kind.QUANTITATIVE, Decimal(10), parent="1", levels=(60, 70, 80, 90, 100), **common()))
    rows.append(KpiCriteria("1.2", Kind.MILESTONE, Decimal(5), parent="1", milestone_steps=(1, 2, 2, 1, 1), partial_credit=True, **common()))
    rows.append(KpiCriteria("1.3", Kind.QUALITATIVE, Decimal(5), parent="1", **common()))
    code = 2
    for i in range(8):  # quantitative, half of them lower-is-better
        if i % 2:
            base = rng.randint(10, 40)
            step = rng.randint(1, 5)
            levels = tuple(Decimal(base - n * step) for n in range(5))
            kw = {"direction": Direction.LOWER_IS_BETTER, "below_level_1": rng.choice(("zero", "one"))}
        else:
            base = rng.randint(50, 80)
            levels = tuple(d(base + n * 5 + rng.random()) for n in range(5))
            kw = {}
        rows.append(KpiCriteria(str(code), Kind.QUANTITATIVE, Decimal(6), name=f"ตัวชี้วัดเชิงปริมาณ {code}", levels=levels, **kw, **common()))
        code += 1
    for i in range(4):
        steps = tuple(rng.randint(1, 3) for _ in range(5))
        rows.append(KpiCriteria(str(code), Kind.MILESTONE, Decimal(4), milestone_steps=steps, partial_credit=bool(i % 2), **common()))
        code += 1
    for _ in range(4):
        rows.append(KpiCriteria(str(code), Kind.QUALITATIVE, Decimal(4), **common()))
        code += 1
    assert len(rows) == 20
    return rows


def build_results(rng: random.Random, criteria: list[KpiCriteria], round_no: int, noise: float) -> list[KpiResult]:
    """Results for one round; progress grows with the round, a few are not reported."""
    results = []
    progress = round_no / 3
    for c in criteria:
        if c.code == "1" or (round_no < 3 and rng.random() < 0.03):
            continue
        if c.kind is Kind.QUANTITATIVE:
            lo, hi = c.levels[0], c.levels[-1]
            span = float(hi - lo)
            value = float(lo) + span * (rng.uniform(-0.3, 1.3) * progress + noise)
            results.append(KpiResult(c.code, value=d(value)))
        elif c.kind is Kind.MILESTONE:
            reach = min(5, int(rng.uniform(0, 6) * progress + noise))
            done = tuple(s if n < reach else (rng.randint(0, s) if n == reach else 0) for n, s in enumerate(c.milestone_steps))
            results.append(KpiResult(c.code, steps_done=done))
        else:
            results.append(KpiResult(c.code, rating=d(min(5.0, max(1.0, rng.uniform(1, 5) + noise)), 1)))
    return results


def main() -> None:
    rng = random.Random(2569)
    t0 = time.perf_counter()
    criteria = {f"U{u:03d}": build_criteria(rng) for u in range(UNITS)}
    groups = {unit: f"G{i % GROUPS:02d}" for i, unit in enumerate(criteria)}
    reported = {
        r: {u: build_results(rng, c, r, 0.0) for u, c in criteria.items()} for r in ROUNDS
    }
    verified = {u: build_results(rng, c, 3, -0.05) for u, c in criteria.items()}
    setup = time.perf_counter() - t0

    per_round = {}
    tables = {}
    start = time.perf_counter()
    for r in ROUNDS:
        t = time.perf_counter()
        policy = MissingPolicy.ZERO if r == 3 else MissingPolicy.EXCLUDE
        unit_scores = {}
        for unit, crit in criteria.items():
            self_scores = score_results(crit, reported[r][unit])
            if r == 3:
                reviewer = score_results(crit, verified[unit])
                final = {}
                for i, (code, own) in enumerate(self_scores.items()):
                    appeal = Decimal(4) if (i == 5 and unit.endswith("7")) else None
                    final[code] = final_kpi_score(own, reviewer[code], appeal)
            else:
                final = self_scores
            unit_scores[unit] = score_unit(crit, final, round_no=r, missing=policy)
        tables[r] = rank_units({u: s.score for u, s in unit_scores.items()}, groups, bands=BANDS)
        per_round[r] = time.perf_counter() - t
    total = time.perf_counter() - start

    kpi_rows = UNITS * 20
    print(f"scoring bench: {UNITS} units x 20 KPIs x {len(ROUNDS)} rounds, {GROUPS} groups (setup {setup:.3f} s)")
    for r in ROUNDS:
        top = tables[r][0]
        print(f"  round {r}: {per_round[r]:.3f} s  (top {top.unit} {top.score} {top.colour}, {kpi_rows / per_round[r]:,.0f} KPI rows/s)")
    verdict = "OK" if total <= TARGET_SECONDS else "MISSED"
    print(f"total: {total:.3f} s (target <= {TARGET_SECONDS} s) {verdict}")


if __name__ == "__main__":
    main()
