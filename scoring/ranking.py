"""Ranking units and colouring scores.

Ranking is competition ranking ("1, 2, 2, 4"): tied units share the best place and the
next place skips. Ties are decided on the published 4-decimal figure, so two units that
look equal in the table are ranked equal. Units without a score are not ranked
(rank None) and come last, in input order.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Hashable, Iterable, Mapping, Sequence

from .numbers import q4, to_decimal
from .types import Ranking, UnitScore

Bands = Sequence[tuple[object, str]]


def rank_units(
    scores: Mapping[Hashable, object] | Iterable[tuple[Hashable, UnitScore]],
    groups: Mapping[Hashable, Hashable] | None = None,
    *,
    bands: Bands | None = None,
) -> list[Ranking]:
    """Rank units overall and within their group; best first.

    ``scores`` maps a unit id (anything hashable: a code, a primary key) to its score —
    a number, None, or a :class:`UnitScore`. ``groups`` maps unit ids to a group id;
    units absent from it have no group and no group rank. ``bands``, when given, fills
    ``Ranking.colour`` via :func:`traffic_light`. Equal scores keep input order.
    """
    items = scores.items() if isinstance(scores, Mapping) else scores
    groups = groups or {}
    sorted_bands = _check_bands(bands) if bands is not None else None
    entries: list[tuple[Hashable, Decimal | None]] = []
    for unit, value in items:
        if isinstance(value, UnitScore):
            value = value.score
        entries.append((unit, None if value is None else q4(to_decimal(value, f"คะแนนของหน่วยงาน {unit}"))))

    scored = sorted((e for e in entries if e[1] is not None), key=lambda e: e[1], reverse=True)  # type: ignore[arg-type,return-value]
    unscored = [e for e in entries if e[1] is None]
    overall = _competition(scored)
    by_group: dict[Hashable, list[tuple[Hashable, Decimal | None]]] = {}
    for unit, score in scored:
        if unit in groups:
            by_group.setdefault(groups[unit], []).append((unit, score))
    group_rank: dict[Hashable, int] = {}
    for members in by_group.values():
        group_rank.update(zip((u for u, _ in members), _competition(members)))

    result = []
    for (unit, score), rank in zip(scored + unscored, overall + [None] * len(unscored)):
        colour = _colour(score, sorted_bands) if sorted_bands is not None and score is not None else None
        result.append(
            Ranking(
                unit=unit,
                score=score,
                rank=rank,
                group=groups.get(unit),
                group_rank=group_rank.get(unit),
                colour=colour,
            )
        )
    return result


def _competition(ordered: Sequence[tuple[Hashable, Decimal | None]]) -> list[int]:
    """Competition ranks for entries already sorted best first."""
    ranks: list[int] = []
    previous = None
    for position, (_, score) in enumerate(ordered, 1):
        if position == 1 or score != previous:
            ranks.append(position)
        else:
            ranks.append(ranks[-1])
        previous = score
    return ranks


def traffic_light(score: object, bands: Bands) -> str | None:
    """The colour of ``score``: the band with the highest ``min_score`` not above it.

    ``bands`` is a sequence of ``(min_score, colour_name)`` in any order, e.g.
    ``[(0, "red"), (3, "yellow"), (4, "green")]``: a score of 3 is yellow, 2.9999 red.
    None (no score yet) has no colour. A score below every band is a configuration gap
    and raises ValueError (Thai); start the lowest band at 0 to cover all scores.
    """
    if score is None:
        return None
    return _colour(q4(to_decimal(score, "คะแนน")), _check_bands(bands))


def _check_bands(bands: Bands) -> list[tuple[Decimal, str]]:
    checked = sorted(
        ((to_decimal(low, "เกณฑ์สี: คะแนนขั้นต่ำ"), colour) for low, colour in bands),
        key=lambda band: band[0],
        reverse=True,
    )
    if not checked:
        raise ValueError("ต้องกำหนดเกณฑ์สีอย่างน้อยหนึ่งช่วง")
    lows = [low for low, _ in checked]
    if len(set(lows)) != len(lows):
        raise ValueError("เกณฑ์สีมีคะแนนขั้นต่ำซ้ำกัน")
    return checked


def _colour(score: Decimal, bands: list[tuple[Decimal, str]]) -> str:
    for low, colour in bands:
        if score >= low:
            return colour
    raise ValueError(f"คะแนน {score} ต่ำกว่าเกณฑ์สีช่วงต่ำสุด ({bands[-1][0]})")
