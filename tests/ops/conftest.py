from tests.cms.conftest import demo, django_db_setup  # noqa: F401  (demo year once per session)
