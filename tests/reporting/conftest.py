"""Reporting tests review the demo's 6-month reports: before its announcement, whatever
today's date is (tests/helpers/demo.py)."""
import pytest


@pytest.fixture
def demo(demo):
    demo.six_month_round_not_yet_announced()
    return demo
