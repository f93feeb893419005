"""Table-driven tests of single-KPI scoring: quantitative, milestone, qualitative, appeals."""
from decimal import Decimal as D

import pytest

from scoring import BelowLevel1, Direction, Kind, KpiCriteria, KpiResult
from scoring import (
    final_kpi_score,
    score_kpi,
    score_milestone,
    score_qualitative,
    score_quantitative,
)

UP = [60, 70, 80, 90, 100]  # higher is better, e.g. % disbursed
DOWN = [D("20"), D("15"), D("10"), D("5"), D("2.5")]  # lower is better, days to serve
HI, LO = Direction.HIGHER_IS_BETTER, Direction.LOWER_IS_BETTER
ZERO, ONE = BelowLevel1.ZERO, BelowLevel1.ONE


@pytest.mark.parametrize(
    ("value", "levels", "direction", "below", "expected"),
    [
        # exactly on each level, both directions
        *[(v, UP, HI, ONE, str(n)) for n, v in enumerate(UP, 1)],
        *[(v, DOWN, LO, ZERO, str(n)) for n, v in enumerate(DOWN, 1)],
        # between levels
        (65, UP, HI, ONE, "1.5"),
        (D("72.5"), UP, HI, ONE, "2.25"),
        (99, UP, HI, ONE, "4.9"),
        (D("12.5"), DOWN, LO, ONE, "2.5"),
        (4, DOWN, LO, ONE, "4.4"),
        (19, DOWN, LO, ONE, "1.2"),
        # beyond level 5 is capped
        (150, UP, HI, ONE, "5"),
        (D("100.0001"), UP, HI, ZERO, "5"),
        (0, DOWN, LO, ONE, "5"),
        (-3, DOWN, LO, ZERO, "5"),
        # at or below level 1: the two rules
        (60, UP, HI, ZERO, "1"),
        (D("59.99"), UP, HI, ZERO, "0"),
        (0, UP, HI, ZERO, "0"),
        (D("59.99"), UP, HI, ONE, "1"),
        (-100, UP, HI, ONE, "1"),
        (20, DOWN, LO, ZERO, "1"),
        (D("20.01"), DOWN, LO, ZERO, "0"),
        (365, DOWN, LO, ONE, "1"),
        # strings, floats, string enums
        ("85", UP, "higher", "one", "3.5"),
        (85.5, UP, HI, ONE, "3.55"),
    ],
)
def test_quantitative(value, levels, direction, below, expected):
    assert score_quantitative(value, levels, direction, below) == D(expected)


@pytest.mark.parametrize(
    ("value", "levels", "expected"),
    [
        (1, [0, 3, 6, 9, 12], "1.3333"),  # 1/3 rounds down
        (2, [0, 3, 6, 9, 12], "1.6667"),  # 2/3 rounds up
        (D("0.00005"), [0, 1, 2, 3, 4], "1.0001"),  # exact half rounds up (HALF_UP)
        (D("0.00004"), [0, 1, 2, 3, 4], "1.0000"),
    ],
)
def test_quantitative_rounds_to_four_decimals_half_up(value, levels, expected):
    score = score_quantitative(value, levels)
    assert score == D(expected)
    assert score.as_tuple().exponent == -4


@pytest.mark.parametrize(
    ("levels", "direction", "fragment"),
    [
        ([60, 70, 65, 90, 100], HI, "ระดับ 2 = 70 และระดับ 3 = 65"),
        ([60, 70, 70, 90, 100], HI, "ระดับ 2 = 70 และระดับ 3 = 70"),
        (UP, LO, "ลดลง"),
        (DOWN, HI, "เพิ่มขึ้น"),
        ([1, 2, 3, 4], HI, "5 ระดับ"),
        ([1, 2, 3, 4, 5, 6], HI, "5 ระดับ"),
        ([1, 2, "x", 4, 5], HI, "ไม่ใช่ตัวเลข"),
        ([1, 2, float("nan"), 4, 5], HI, "จำกัดค่า"),
    ],
)
def test_bad_levels_are_refused_in_thai_naming_the_kpi(levels, direction, fragment):
    with pytest.raises(ValueError) as err:
        score_quantitative(80, levels, direction, label="ตัวชี้วัด 2.1 ร้อยละการเบิกจ่าย")
    assert fragment in str(err.value)
    assert "2.1 ร้อยละการเบิกจ่าย" in str(err.value)
    with pytest.raises(ValueError) as err:
        KpiCriteria("2.1", Kind.QUANTITATIVE, 10, name="ร้อยละการเบิกจ่าย", levels=levels, direction=direction)
    assert "ตัวชี้วัด 2.1 ร้อยละการเบิกจ่าย" in str(err.value)


def test_quantitative_criteria_need_levels():
    with pytest.raises(ValueError, match="5 ระดับ"):
        KpiCriteria("1", Kind.QUANTITATIVE, 10)


@pytest.mark.parametrize("value", [True, None, [1]])
def test_quantitative_refuses_non_numbers(value):
    with pytest.raises(TypeError):
        score_quantitative(value, UP)


@pytest.mark.parametrize(
    ("done", "steps", "partial", "expected"),
    [
        ((0, 0, 0, 0, 0), (1, 1, 1, 1, 1), False, "0"),
        ((1, 0, 0, 0, 0), (1, 1, 1, 1, 1), False, "1"),
        ((1, 1, 1, 0, 0), (1, 1, 1, 1, 1), False, "3"),
        ((1, 1, 1, 1, 1), (1, 1, 1, 1, 1), False, "5"),
        ((1, 1, 1, 1, 1), (1, 1, 1, 1, 1), True, "5"),
        # a gap stops the ladder: later steps earn nothing
        ((1, 0, 1, 1, 1), (1, 1, 1, 1, 1), False, "1"),
        ((1, 0, 1, 1, 1), (1, 1, 1, 1, 1), True, "1"),
        # several steps per level, no partial credit: only full levels count
        ((2, 3, 1, 0, 0), (2, 3, 2, 1, 1), False, "2"),
        # partial credit: level 2 reached, half of level 3's steps done -> 2.5
        ((2, 3, 1, 0, 0), (2, 3, 2, 1, 1), True, "2.5"),
        ((1, 0, 0, 0, 0), (2, 3, 2, 1, 1), True, "0.5"),
        ((2, 1, 0, 0, 0), (2, 3, 2, 1, 1), True, "1.3333"),
        ((2, 2, 2, 1, 1), (2, 3, 2, 1, 1), True, "1.6667"),
        # partial credit counts only the next level
        ((2, 3, 1, 1, 1), (2, 3, 2, 1, 1), True, "2.5"),
    ],
)
def test_milestone(done, steps, partial, expected):
    assert score_milestone(done, steps, partial) == D(expected)


@pytest.mark.parametrize(
    ("done", "steps", "fragment"),
    [
        ((1, 1, 1), (1, 1, 1, 1, 1), "ครบ 5 ระดับ"),
        ((2, 0, 0, 0, 0), (1, 1, 1, 1, 1), "ระดับ 1 มี 1 ขั้นตอน"),
        ((-1, 0, 0, 0, 0), (1, 1, 1, 1, 1), "ระดับ 1"),
        ((1, 0, 0, 0, 0), (1, 0, 1, 1, 1), "จำนวนเต็มบวก"),
        ((1, 0, 0, 0, 0), (1, 1, 1, 1), "จำนวนเต็มบวก"),
    ],
)
def test_milestone_refuses_bad_counts(done, steps, fragment):
    with pytest.raises(ValueError, match=fragment):
        score_milestone(done, steps)


@pytest.mark.parametrize(
    ("rating", "expected"),
    [(1, "1"), (5, "5"), ("3.5", "3.5"), (D("4.25"), "4.25"), (D("2.33335"), "2.3334"), (None, None)],
)
def test_qualitative(rating, expected):
    assert score_qualitative(rating) == (None if expected is None else D(expected))


@pytest.mark.parametrize("rating", [0, D("0.9999"), D("5.0001"), 6, -1])
def test_qualitative_out_of_range(rating):
    with pytest.raises(ValueError, match="ระหว่าง 1 ถึง 5"):
        score_qualitative(rating, label="ตัวชี้วัด 4 PMQA")


def test_score_kpi_dispatches_on_kind_and_reports_missing():
    quant = KpiCriteria("1", Kind.QUANTITATIVE, 10, levels=UP)
    days = KpiCriteria("2", Kind.QUANTITATIVE, 10, levels=DOWN, direction=LO, below_level_1=ZERO)
    mile = KpiCriteria("3", Kind.MILESTONE, 10, milestone_steps=(1, 1, 2, 1, 1), partial_credit=True)
    qual = KpiCriteria("4", Kind.QUALITATIVE, 10)
    assert score_kpi(quant, KpiResult("1", value=75)) == D("2.5")
    assert score_kpi(days, KpiResult("2", value=30)) == 0
    assert score_kpi(mile, KpiResult("3", steps_done=(1, 1, 1, 0, 0))) == D("2.5")
    assert score_kpi(qual, KpiResult("4", rating=4)) == 4
    # nothing reported in the kind's own field -> missing
    assert score_kpi(quant, KpiResult("1", rating=4)) is None
    assert score_kpi(mile, KpiResult("3", value=3)) is None
    assert score_kpi(qual, KpiResult("4")) is None
    assert score_kpi(quant, None) is None


@pytest.mark.parametrize(
    ("self_score", "reviewer", "appeal", "self_if_unreviewed", "expected"),
    [
        (5, 3, 4, False, "4"),  # the decision wins
        (5, 3, 2, False, "2"),  # even downwards
        (5, 3, None, False, "3"),  # no appeal: the reviewer's score stands
        (5, None, None, False, None),  # self score alone is not final
        (5, None, None, True, "5"),  # unless asked (unreviewed progress round)
        (None, None, None, True, None),
        (None, None, 4, False, "4"),
        (5, 0, None, False, "0"),
        ("4.12345", None, None, True, "4.1235"),
    ],
)
def test_final_kpi_score(self_score, reviewer, appeal, self_if_unreviewed, expected):
    got = final_kpi_score(self_score, reviewer, appeal, self_if_unreviewed=self_if_unreviewed)
    assert got == (None if expected is None else D(expected))


@pytest.mark.parametrize(("args", "fragment"), [((5, 3, 6), "อุทธรณ์"), ((5, -1), "ผู้ประเมิน"), ((9, None), "ประเมินตนเอง")])
def test_final_kpi_score_validates_range(args, fragment):
    with pytest.raises(ValueError, match=fragment):
        final_kpi_score(*args)
