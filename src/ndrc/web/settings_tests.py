"""The tests' settings (pyproject.toml, [tool.pytest.ini_options]): the development settings,
asked for explicitly since ``NDRC_DEBUG`` is off unless set. A test that needs production sets
``NDRC_DEBUG=0`` itself (in the environment of a subprocess)."""

import os

os.environ.setdefault("NDRC_DEBUG", "1")

from ndrc.web.settings import *  # noqa: F403

# Passwords hashed fast in the tests (thousands of logins): production keeps Django's PBKDF2
# (settings.py); the tests of lockout and tokens count hashes, not their cost.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
