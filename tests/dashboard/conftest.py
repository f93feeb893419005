"""Dashboard fixtures over the demo year and its rounds (tests/conftest.py)."""
import pytest


@pytest.fixture
def user(db):
    from django.contrib.auth import get_user_model

    return lambda name: get_user_model().objects.get(username=name)
