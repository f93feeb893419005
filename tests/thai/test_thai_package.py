"""The shared Thai conventions (thai/): B.E. years, the fiscal year, score printing."""
import datetime as dt
from decimal import Decimal

from thai.calendar import be_year, ce_year, fiscal_year_of, fiscal_year_period
from thai.numbers import score4


def test_fiscal_year_starts_on_the_first_of_october():
    assert fiscal_year_of(dt.date(2025, 9, 30)) == 2568
    assert fiscal_year_of(dt.date(2025, 10, 1)) == 2569
    assert fiscal_year_period(2569) == (dt.date(2025, 10, 1), dt.date(2026, 9, 30))
    assert be_year(2026) == 2569 and ce_year(2569) == 2026


def test_scores_print_with_four_decimals_or_a_dash():
    assert score4(Decimal("3.5")) == "3.5000"
    assert score4(Decimal("4.1235")) == "4.1235"
    assert score4(2.1) == "2.1000"
    assert score4(None) == "-" and score4("") == "-"
