from tests.cms.conftest import demo  # noqa: F401  (the demo lookups; the demo year: tests/conftest.py)
