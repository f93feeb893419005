"""Property tests: monotonicity in the KPI's direction, score bounds, average bounds."""
from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import BelowLevel1, Direction, Kind, KpiCriteria, MissingPolicy
from scoring import rank_units, score_milestone, score_quantitative, score_unit

decimals = st.decimals(min_value=-10_000, max_value=10_000, places=3, allow_nan=False, allow_infinity=False)


@st.composite
def quantitative(draw):
    """Strictly monotonic levels in a random direction, plus the rule below level 1."""
    direction = draw(st.sampled_from(Direction))
    levels = sorted(draw(st.sets(decimals, min_size=5, max_size=5)))
    if direction is Direction.LOWER_IS_BETTER:
        levels.reverse()
    return levels, direction, draw(st.sampled_from(BelowLevel1))


@given(quantitative(), decimals, decimals)
def test_better_result_never_scores_lower(criteria, a, b):
    levels, direction, below = criteria
    worse, better = sorted((a, b))
    if direction is Direction.LOWER_IS_BETTER:
        worse, better = better, worse
    assert score_quantitative(worse, levels, direction, below) <= score_quantitative(
        better, levels, direction, below
    )


@given(quantitative(), decimals)
def test_quantitative_score_bounds(criteria, value):
    levels, direction, below = criteria
    score = score_quantitative(value, levels, direction, below)
    low = D(1) if below is BelowLevel1.ONE else D(0)
    assert low <= score <= 5
    assert score.as_tuple().exponent == -4


@given(quantitative(), st.integers(min_value=0, max_value=4))
def test_on_a_level_gives_that_level(criteria, index):
    levels, direction, below = criteria
    assert score_quantitative(levels[index], levels, direction, below) == index + 1


@st.composite
def milestone(draw):
    steps = tuple(draw(st.lists(st.integers(1, 4), min_size=5, max_size=5)))
    done = tuple(draw(st.integers(0, s)) for s in steps)
    return steps, done, draw(st.booleans())


@given(milestone(), st.integers(0, 4))
def test_milestone_more_steps_never_lower_and_bounded(m, index):
    steps, done, partial = m
    score = score_milestone(done, steps, partial)
    assert 0 <= score <= 5
    if done[index] < steps[index]:
        more = done[:index] + (done[index] + 1,) + done[index + 1 :]
        assert score_milestone(more, steps, partial) >= score
    if not partial:
        assert score == int(score)


scores = st.one_of(st.none(), st.decimals(min_value=0, max_value=5, places=4))


@st.composite
def unit(draw):
    """Random flat-or-nested KPIs with weights, rounds, cancellations and scores."""
    n = draw(st.integers(1, 8))
    criteria, given_scores = [], {}
    for i in range(n):
        code = str(i + 1)
        parent = None
        if i and draw(st.booleans()):
            parent = str(draw(st.integers(1, i)))  # any earlier KPI: nesting of any depth
        criteria.append(
            KpiCriteria(
                code,
                Kind.QUALITATIVE,
                draw(st.integers(1, 50)),
                parent=parent,
                start_round=draw(st.sampled_from([1, 1, 1, 2, 3])),
                cancelled_from_round=draw(st.sampled_from([None, None, None, 1, 2, 3])),
            )
        )
        given_scores[code] = draw(scores)
    return criteria, given_scores


@settings(max_examples=300)
@given(unit(), st.integers(1, 3), st.sampled_from(MissingPolicy))
def test_unit_score_between_min_and_max_kpi_score(u, round_no, policy):
    criteria, given_scores = u
    result = score_unit(criteria, given_scores, round_no=round_no, missing=policy)
    parents = {c.parent for c in criteria}
    leaves = [s for code, s in result.kpi_scores.items() if code not in parents and s is not None]
    if result.score is None:
        assert not leaves
        return
    assert result.score.as_tuple().exponent == -4
    assert min(leaves) <= result.score <= max(leaves)
    assert all(0 <= s <= 5 for s in result.kpi_scores.values() if s is not None)
    counted = set(result.kpi_scores)
    assert counted.isdisjoint(result.dropped)
    assert counted | set(result.dropped) == {c.code for c in criteria}


@given(st.dictionaries(st.integers(0, 50), st.one_of(st.none(), st.decimals(0, 5, places=2)), max_size=30))
def test_competition_ranking_properties(unit_scores):
    ranking = rank_units(unit_scores)
    ranked = [r for r in ranking if r.rank is not None]
    for position, r in enumerate(ranked, 1):
        # competition rank = 1 + number of units strictly better
        assert r.rank == 1 + sum(1 for other in ranked if other.score > r.score)
        assert r.rank <= position
    assert all(r.score is None for r in ranking[len(ranked) :])


# --- milestones with any number of steps per level (issue 12) -------------------------------
from hypothesis import given as _given  # noqa: E402
from hypothesis import strategies as _st  # noqa: E402

from scoring import score_milestone as _score_milestone  # noqa: E402


@_st.composite
def _ladder_and_done(draw):
    steps = tuple(draw(_st.lists(_st.integers(1, 6), min_size=5, max_size=5)))
    done = tuple(draw(_st.integers(0, n)) for n in steps)
    return steps, done


@_given(_ladder_and_done())
def test_milestone_score_is_the_highest_level_fully_reached(case):
    steps, done = case
    reached = 0
    while reached < 5 and done[reached] == steps[reached]:
        reached += 1
    assert _score_milestone(done, steps) == reached


@_given(_ladder_and_done())
def test_partial_credit_adds_only_the_next_levels_fraction_and_stays_below_the_next_level(case):
    steps, done = case
    plain = _score_milestone(done, steps)
    partial = _score_milestone(done, steps, partial_credit=True)
    assert plain <= partial <= 5
    if plain < 5:
        assert partial < plain + 1
        assert partial - plain == (D(done[int(plain)]) / D(steps[int(plain)])).quantize(D("0.0001"))


@_given(_ladder_and_done(), _st.integers(0, 4))
def test_one_more_step_never_lowers_the_score(case, level):
    steps, done = case
    if done[level] < steps[level]:
        more = tuple(d + 1 if i == level else d for i, d in enumerate(done))
        for partial in (False, True):
            assert _score_milestone(more, steps, partial_credit=partial) >= _score_milestone(done, steps, partial_credit=partial)


@_st.composite
def _long_ladder_and_done(draw):
    """Any number of steps per level (1–25), as a unit may define them in its template."""
    steps = tuple(draw(_st.lists(_st.integers(1, 25), min_size=5, max_size=5)))
    done = tuple(draw(_st.integers(0, n)) for n in steps)
    return steps, done, draw(_st.booleans())


@_given(_long_ladder_and_done())
def test_a_kpi_scored_through_its_criteria_equals_the_milestone_rule(case):
    """The service's path (``score_kpi`` with ``KpiCriteria``) gives the engine's milestone score,
    whatever the ladder; the score is on the 0–5 scale with 4 decimals and, without partial
    credit, a whole level."""
    from scoring import KpiResult, score_kpi

    steps, done, partial = case
    criteria = KpiCriteria(code="4", kind=Kind.MILESTONE, weight=D(10), milestone_steps=steps, partial_credit=partial)
    score = score_kpi(criteria, KpiResult("4", steps_done=done))
    assert score == _score_milestone(done, steps, partial_credit=partial)
    assert 0 <= score <= 5 and score.as_tuple().exponent == -4
    if not partial:
        assert score == int(score)


@_given(_long_ladder_and_done(), _st.integers(0, 4))
def test_steps_done_above_the_next_level_earn_nothing(case, level):
    """The levels are a ladder: steps done beyond the first level not fully done change nothing."""
    steps, done, partial = case
    reached = 0
    while reached < 5 and done[reached] == steps[reached]:
        reached += 1
    if level > reached:
        other = tuple(steps[i] if i == level else d for i, d in enumerate(done))
        other = tuple(0 if i == level and other[i] == done[i] else d for i, d in enumerate(other))
        assert _score_milestone(other, steps, partial_credit=partial) == _score_milestone(done, steps, partial_credit=partial)


@_given(_st.lists(_st.integers(1, 25), min_size=5, max_size=5), _st.booleans())
def test_every_step_done_is_five_and_none_done_is_zero(steps, partial):
    steps = tuple(steps)
    assert _score_milestone(steps, steps, partial_credit=partial) == 5
    assert _score_milestone((0,) * 5, steps, partial_credit=partial) == 0
