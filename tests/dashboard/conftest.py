"""The user lookup (the demo year with its rounds is loaded once by tests/conftest.py)."""
import pytest


@pytest.fixture
def user(db):
    from django.contrib.auth import get_user_model

    return lambda name: get_user_model().objects.get(username=name)
