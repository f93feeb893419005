import pytest
from django.core.management import call_command

from tests.cms.conftest import demo  # noqa: F401  (the demo lookups)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The demo year and its reporting rounds, once per session."""
    with django_db_blocker.unblock():
        devnull = open("/dev/null", "w")
        call_command("load_demo", verbosity=0, stdout=devnull)
        call_command("load_demo_rounds", verbosity=0, stdout=devnull)
