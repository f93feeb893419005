"""Settings of the real instances the tests start as subprocesses (``tests/instances.py``,
the RQ worker test): the development settings with a fast password hasher.

Nothing those tests check depends on what a password hash costs, and with Django's PBKDF2 the
demo's 38 users took a quarter of ``load_demo`` (about 17 s of CPU an instance). Never use
this module for a site people sign in to."""
from .dev import *  # noqa: F401,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
