"""Fixtures of the authentication tests: a fast password hasher (the hash itself is not what
is tested) and a clean lockout table."""

import pytest

PASSWORD = "Un-mot-de-passe-solide-2025"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def user_with(db):
    """A user of this role whose password is PASSWORD."""
    from tests.factories import UserFactory

    def make(role, **fields):
        user = UserFactory(role=role, **fields)
        user.set_password(PASSWORD)
        user.save()
        return user

    return make
