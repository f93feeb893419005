"""Competition ranking overall and within groups; traffic-light bands."""
from decimal import Decimal as D

import pytest

from scoring import UnitScore
from scoring import rank_units, traffic_light

BANDS = [(0, "red"), (3, "yellow"), (D("4.5"), "green")]


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({"a": 5, "b": 4, "c": 3}, [("a", 1), ("b", 2), ("c", 3)]),
        ({"a": 4, "b": 5, "c": 4, "d": 3}, [("b", 1), ("a", 2), ("c", 2), ("d", 4)]),
        ({"a": 3, "b": 3, "c": 3}, [("a", 1), ("b", 1), ("c", 1)]),
        # ties on the 4-decimal figure: 4.00004 and 4.0000 are equal, 4.00005 is not
        ({"a": D("4.00004"), "b": 4, "c": D("4.00005")}, [("c", 1), ("a", 2), ("b", 2)]),
        # unscored units are unranked and last, in input order
        ({"x": None, "a": 2, "y": None, "b": 2}, [("a", 1), ("b", 1), ("x", None), ("y", None)]),
        ({}, []),
    ],
)
def test_competition_ranking(scores, expected):
    assert [(r.unit, r.rank) for r in rank_units(scores)] == expected


def test_group_ranking():
    scores = {"a": 5, "b": 4, "c": 4, "d": D("3.5"), "e": 3, "f": None, "g": 1}
    groups = {"a": "กอง", "b": "ศูนย์", "c": "กอง", "d": "กอง", "e": "ศูนย์", "f": "ศูนย์"}
    got = {r.unit: (r.rank, r.group, r.group_rank) for r in rank_units(scores, groups)}
    assert got == {
        "a": (1, "กอง", 1),
        "b": (2, "ศูนย์", 1),
        "c": (2, "กอง", 2),
        "d": (4, "กอง", 3),
        "e": (5, "ศูนย์", 2),
        "f": (None, "ศูนย์", None),
        "g": (6, None, None),
    }


def test_group_ties():
    scores = {"a": 4, "b": 4, "c": 3, "d": 4}
    groups = {"a": 1, "b": 1, "c": 1, "d": 2}
    got = {r.unit: r.group_rank for r in rank_units(scores, groups)}
    assert got == {"a": 1, "b": 1, "c": 3, "d": 1}


def test_rank_accepts_unit_scores_pairs_and_fills_colour():
    ranking = rank_units([(101, UnitScore(D("4.6"))), (102, UnitScore(None)), (103, UnitScore(D("3.2")))], bands=BANDS)
    assert [(r.unit, r.rank, r.colour) for r in ranking] == [(101, 1, "green"), (103, 2, "yellow"), (102, None, None)]


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (0, "red"),
        (D("2.9999"), "red"),
        (3, "yellow"),
        (D("4.4999"), "yellow"),
        (D("4.49995"), "green"),  # colours the published 4-decimal figure (4.5000)
        (D("4.5"), "green"),
        (5, "green"),
        (None, None),
    ],
)
def test_traffic_light(score, expected):
    assert traffic_light(score, BANDS) == expected
    assert traffic_light(score, list(reversed(BANDS))) == expected  # band order does not matter


@pytest.mark.parametrize(
    ("score", "bands", "fragment"),
    [
        (2, [(3, "yellow"), (4, "green")], "ต่ำกว่าเกณฑ์สี"),
        (2, [], "อย่างน้อยหนึ่งช่วง"),
        (2, [(0, "red"), (0, "green")], "ซ้ำกัน"),
    ],
)
def test_traffic_light_bad_bands(score, bands, fragment):
    with pytest.raises(ValueError, match=fragment):
        traffic_light(score, bands)
