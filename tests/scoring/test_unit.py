"""Unit score: weighted average, dropping KPIs, renormalising, nesting, missing policy."""
from decimal import Decimal as D

import pytest

from scoring import Kind, KpiCriteria, KpiResult, MissingPolicy
from scoring import score_results, score_unit

Q = Kind.QUALITATIVE
ZERO, EXCLUDE = MissingPolicy.ZERO, MissingPolicy.EXCLUDE


def k(code, weight, **kw):
    return KpiCriteria(code, Q, weight, **kw)


@pytest.mark.parametrize(
    ("criteria", "scores", "round_no", "policy", "expected", "dropped", "missing"),
    [
        # plain weighted average
        ([k("1", 60), k("2", 40)], {"1": 5, "2": 3}, 1, ZERO, "4.2", (), ()),
        # weights need not sum to 100
        ([k("1", 3), k("2", 1)], {"1": 5, "2": 1}, 1, ZERO, "4", (), ()),
        # cancelled for the whole year: drops and weights renormalise
        ([k("1", 60), k("2", 40, cancelled_from_round=1)], {"1": 5, "2": 1}, 3, ZERO, "5", ("2",), ()),
        # cancelled from round 3 still counts in round 2
        ([k("1", 50), k("2", 50, cancelled_from_round=3)], {"1": 5, "2": 1}, 2, ZERO, "3", (), ()),
        ([k("1", 50), k("2", 50, cancelled_from_round=3)], {"1": 5, "2": 1}, 3, ZERO, "5", ("2",), ()),
        # starting in a later round drops out of earlier rounds only
        ([k("1", 75), k("2", 25, start_round=3)], {"1": 4}, 2, ZERO, "4", ("2",), ()),
        ([k("1", 75), k("2", 25, start_round=3)], {"1": 4, "2": 2}, 3, ZERO, "3.5", (), ()),
        # missing: ZERO counts 0 with full weight, EXCLUDE renormalises; both flag it
        ([k("1", 60), k("2", 40)], {"1": 5}, 3, ZERO, "3", (), ("2",)),
        ([k("1", 60), k("2", 40)], {"1": 5, "2": None}, 1, EXCLUDE, "5", (), ("2",)),
        ([k("1", 60), k("2", 40)], {}, 1, EXCLUDE, None, (), ("1", "2")),
        ([k("1", 60), k("2", 40)], {}, 3, ZERO, "0", (), ("1", "2")),
        # nothing counts at all
        ([k("1", 60, cancelled_from_round=1)], {}, 1, ZERO, None, ("1",), ()),
        # 4-decimal rounding, HALF_UP: (5*1 + 4*1 + 4*1)/3 = 4.33333
        ([k("1", 1), k("2", 1), k("3", 1)], {"1": 5, "2": 4, "3": 4}, 1, ZERO, "4.3333", (), ()),
        # (5*1 + 4*2)/3 ... (4*1 + 5*2)/3 = 4.66666 -> 4.6667
        ([k("1", 1), k("2", 2)], {"1": 4, "2": 5}, 1, ZERO, "4.6667", (), ()),
        # exact half: (1.0001 + 1.0000)/2 = 1.00005 -> 1.0001
        ([k("1", 1), k("2", 1)], {"1": D("1.0001"), "2": 1}, 1, ZERO, "1.0001", (), ()),
    ],
)
def test_unit_average(criteria, scores, round_no, policy, expected, dropped, missing):
    unit = score_unit(criteria, scores, round_no=round_no, missing=policy)
    assert unit.score == (None if expected is None else D(expected))
    if unit.score is not None:
        assert unit.score.as_tuple().exponent == -4
    assert unit.dropped == dropped
    assert unit.missing == missing
    assert unit.complete is (not missing)


NESTED = [
    k("1", 40),
    k("1.1", 30, parent="1"),
    k("1.2", 10, parent="1"),
    k("2", 60),
]


@pytest.mark.parametrize(
    ("criteria", "scores", "round_no", "policy", "expected", "parent_score"),
    [
        # parent = (5*30 + 1*10)/40 = 4; unit = (4*40 + 2*60)/100 = 2.8
        (NESTED, {"1.1": 5, "1.2": 1, "2": 2}, 1, ZERO, "2.8", "4"),
        # a score given for the parent itself is ignored
        (NESTED, {"1": 1, "1.1": 5, "1.2": 1, "2": 2}, 1, ZERO, "2.8", "4"),
        # a cancelled child renormalises inside the parent, parent keeps its weight
        (
            [k("1", 40), k("1.1", 30, parent="1"), k("1.2", 10, parent="1", cancelled_from_round=1), k("2", 60)],
            {"1.1": 5, "1.2": 1, "2": 2},
            1, ZERO, "3.2", "5",
        ),
        # all children dropped: the parent drops and the unit renormalises
        (
            [k("1", 40), k("1.1", 30, parent="1", start_round=2), k("1.2", 10, parent="1", start_round=3), k("2", 60)],
            {"2": 2},
            1, ZERO, "2", None,
        ),
        # a cancelled parent takes its children with it
        (
            [k("1", 40, cancelled_from_round=1), k("1.1", 30, parent="1"), k("1.2", 10, parent="1"), k("2", 60)],
            {"1.1": 5, "1.2": 5, "2": 2},
            1, ZERO, "2", None,
        ),
        # missing child: ZERO -> counts 0 inside the parent
        (NESTED, {"1.1": 5, "2": 2}, 3, ZERO, "2.7", "3.75"),
        # missing child: EXCLUDE -> parent averages the rest
        (NESTED, {"1.1": 4, "2": 2}, 1, EXCLUDE, "2.8", "4"),
        # all children missing under EXCLUDE: the parent has no score and leaves the average
        (NESTED, {"2": 2}, 1, EXCLUDE, "2", None),
        # three levels deep: 1.1 = (5+3)/2 = 4; 1 = (4*1 + 1*1)/2 = 2.5; unit = 2.5
        (
            [k("1", 10), k("1.1", 1, parent="1"), k("1.1.1", 1, parent="1.1"), k("1.1.2", 1, parent="1.1"), k("1.2", 1, parent="1")],
            {"1.1.1": 5, "1.1.2": 3, "1.2": 1},
            1, ZERO, "2.5", "2.5",
        ),
    ],
)
def test_nested_roll_up(criteria, scores, round_no, policy, expected, parent_score):
    unit = score_unit(criteria, scores, round_no=round_no, missing=policy)
    assert unit.score == D(expected)
    assert unit.kpi_scores.get("1") == (None if parent_score is None else D(parent_score))


def test_nested_dropped_lists_children():
    criteria = [k("1", 40, cancelled_from_round=1), k("1.1", 30, parent="1"), k("2", 60)]
    unit = score_unit(criteria, {}, round_no=1, missing=EXCLUDE)
    assert set(unit.dropped) == {"1", "1.1"}
    assert unit.missing == ("2",)
    assert unit.weight_total == 0


def test_parent_score_is_rounded_before_entering_the_average():
    # 1 = (5 + 4 + 4)/3 = 4.3333 (published); unit = (4.3333 + 4.3333)/2, not 4.33333...
    criteria = [k("1", 1), *[k(f"1.{i}", 1, parent="1") for i in (1, 2, 3)], k("2", 1)]
    unit = score_unit(criteria, {"1.1": 5, "1.2": 4, "1.3": 4, "2": D("4.3334")}, round_no=1, missing=ZERO)
    assert unit.kpi_scores["1"] == D("4.3333")
    assert unit.score == D("4.3334")  # (4.3333 + 4.3334)/2 = 4.33335 -> HALF_UP


def test_score_results_then_unit_mixed_kinds():
    criteria = [
        KpiCriteria("1", Kind.QUANTITATIVE, 20, levels=(60, 70, 80, 90, 100)),
        KpiCriteria("2", Kind.QUANTITATIVE, 20, levels=(20, 15, 10, 5, 1), direction="lower", below_level_1="zero"),
        KpiCriteria("3", Kind.MILESTONE, 20, milestone_steps=(1, 1, 2, 1, 1), partial_credit=True),
        KpiCriteria("4", Kind.QUALITATIVE, 40),
        KpiCriteria("4.1", Kind.QUALITATIVE, 1, parent="4"),
        KpiCriteria("4.2", Kind.QUALITATIVE, 1, parent="4"),
    ]
    results = [
        KpiResult("1", value=85),  # 3.5
        KpiResult("2", value=25),  # 0
        KpiResult("3", steps_done=(1, 1, 1, 0, 0)),  # 2.5
        KpiResult("4.1", rating=5),
        KpiResult("4.2", rating=4),  # parent 4.5
    ]
    scores = score_results(criteria, results)
    assert scores == {"1": D("3.5"), "2": D("0"), "3": D("2.5"), "4.1": D("5"), "4.2": D("4")}
    unit = score_unit(criteria, scores, round_no=3, missing=ZERO)
    assert unit.score == D("3")  # (3.5*20 + 0 + 2.5*20 + 4.5*40)/100


@pytest.mark.parametrize(
    ("criteria", "scores", "kwargs", "fragment"),
    [
        ([k("1", 1), k("1", 2)], {}, {}, "ซ้ำกัน"),
        ([k("1", 1, parent="9")], {}, {}, "ไม่พบตัวชี้วัดหลัก 9"),
        ([k("1", 1, parent="2"), k("2", 1, parent="1")], {}, {}, "วงจร"),
        ([k("1", 1)], {"7": 3}, {}, "ไม่อยู่ในคำรับรอง"),
        ([k("1", 1)], {"1": 6}, {}, "ระหว่าง 0 ถึง 5"),
        ([k("1", 1)], {}, {"round_no": 0}, "รอบการประเมิน"),
        ([k("1", 1)], {}, {"missing": "maybe"}, "maybe"),
    ],
)
def test_unit_refuses_bad_input(criteria, scores, kwargs, fragment):
    args = {"round_no": 1, "missing": ZERO, **kwargs}
    with pytest.raises(ValueError, match=fragment):
        score_unit(criteria, scores, **args)


def test_missing_policy_has_no_default():
    with pytest.raises(TypeError):
        score_unit([k("1", 1)], {}, round_no=1)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"weight": 0}, "น้ำหนักต้องมากกว่า 0"),
        ({"weight": -5}, "น้ำหนักต้องมากกว่า 0"),
        ({"weight": 10, "start_round": 0}, "รอบที่เริ่มใช้"),
        ({"weight": 10, "cancelled_from_round": 0}, "รอบที่ยกเลิก"),
    ],
)
def test_criteria_validation(kwargs, fragment):
    with pytest.raises(ValueError, match=fragment):
        KpiCriteria("1", Q, **kwargs)


def test_score_results_refuses_unknown_and_duplicate_results():
    criteria = [k("1", 1)]
    with pytest.raises(ValueError, match="ไม่มีในคำรับรอง"):
        score_results(criteria, [KpiResult("2", rating=3)])
    with pytest.raises(ValueError, match="ซ้ำกัน"):
        score_results(criteria, [KpiResult("1", rating=3), KpiResult("1", rating=4)])
