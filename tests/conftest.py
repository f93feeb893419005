"""Shared test configuration. Each test folder may add its own fixtures in a conftest beside it."""
import os

from hypothesis import settings

# Property tests: no time limits per example (CI machines are shared), and in CI the
# examples are derived from the test itself, so a run is repeatable.
settings.register_profile("default", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, database=None)
settings.load_profile("ci" if os.environ.get("CI") else "default")
