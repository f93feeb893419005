"""Shared test configuration. Each test folder may add its own fixtures in a conftest beside it.

The database every test sees is one: the demo year with its reporting rounds, loaded once per
session (per xdist worker) here and nowhere else, so what a test sees does not depend on which
folders ran before it. Each test runs in a rolled-back transaction on top of it."""
import os

import pytest
from django.core.management import call_command

from hypothesis import settings

# Property tests: no time limits per example (CI machines are shared), and in CI the
# examples are derived from the test itself, so a run is repeatable.
settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, database=None)
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), open(os.devnull, "w") as devnull:
        call_command("load_demo", verbosity=0, stdout=devnull)
        call_command("load_demo_rounds", verbosity=0, stdout=devnull)
