import pytest

from tests.cms.conftest import demo  # noqa: F401  (the demo lookups)


