"""Decimal helpers shared by the engine.

Scores are money-like figures that are published and recomputed by hand from the
published table, so all arithmetic is Decimal and every published figure is quantised
to 4 decimals with ROUND_HALF_UP (the rounding Thai agencies use on paper), never float.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FOUR_DP = Decimal("0.0001")
ZERO = Decimal(0)
ONE = Decimal(1)
FIVE = Decimal(5)


def q4(value: Decimal) -> Decimal:
    """Quantise to the 4 published decimals, ROUND_HALF_UP."""
    return value.quantize(FOUR_DP, rounding=ROUND_HALF_UP)


def to_decimal(value: object, what: str) -> Decimal:
    """Turn an int, str, float or Decimal into a finite Decimal.

    Floats go through ``repr`` so that 0.1 becomes Decimal("0.1"), not its binary
    expansion. Booleans are refused: True is almost always a bug, not the number 1.
    ``what`` names the figure in the Thai error message.
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError(f"{what}: ต้องเป็นตัวเลข ได้รับ {value!r}")
    else:
        try:
            result = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        except InvalidOperation:
            raise ValueError(f"{what}: ไม่ใช่ตัวเลข ({value!r})") from None
    if not result.is_finite():
        raise ValueError(f"{what}: ต้องเป็นตัวเลขจำกัดค่า ได้รับ {value!r}")
    return result


def check_score(value: object, what: str, low: Decimal = ZERO) -> Decimal:
    """Validate a score given from outside (reviewer, appeal) on the [low, 5] scale."""
    score = to_decimal(value, what)
    if not low <= score <= FIVE:
        raise ValueError(f"{what}: คะแนนต้องอยู่ระหว่าง {low} ถึง 5 ได้รับ {score}")
    return q4(score)
