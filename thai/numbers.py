"""Numbers as the evaluation prints them."""
from decimal import Decimal


def score4(value) -> str:
    """A score with 4 decimals, "-" when there is none. The scoring engine has already rounded
    it (ROUND_HALF_UP); a float or string is read as the decimal it spells."""
    if value is None or value == "":
        return "-"
    return f"{Decimal(str(value)):.4f}"
