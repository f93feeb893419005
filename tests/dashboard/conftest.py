"""The demo year with its rounds, loaded once; each test runs in a rolled-back transaction."""
import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        devnull = open("/dev/null", "w")
        call_command("load_demo", verbosity=0, stdout=devnull)
        call_command("load_demo_rounds", verbosity=0, stdout=devnull)


@pytest.fixture
def user(db):
    from django.contrib.auth import get_user_model

    return lambda name: get_user_model().objects.get(username=name)
