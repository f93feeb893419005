from tests.cms.conftest import demo  # noqa: F401  (the demo lookups; the database is set up in tests/conftest.py)
