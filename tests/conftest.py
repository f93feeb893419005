"""Shared fixtures. Each test module may add its own in a conftest beside it."""
