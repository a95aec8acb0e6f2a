"""Passwords are hashed with Argon2id at OWASP's parameters (19 MiB, 2 iterations,
1 lane); a PBKDF2 hash from before still signs in and is re-hashed at that login."""

import pytest
from django.contrib.auth.hashers import identify_hasher, make_password

from config import settings as project_settings
from learners.hashers import OwaspArgon2PasswordHasher
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PRODUCTION_HASHERS = [
    "learners.hashers.OwaspArgon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]


@pytest.fixture
def production_hashers(settings):
    # tests/conftest.py forces MD5 for speed; these tests are about the real ones.
    settings.PASSWORD_HASHERS = PRODUCTION_HASHERS


def test_hashers_settings_argon2_first_pbkdf2_kept():
    # The module itself: tests/conftest.py replaces the setting for speed.
    assert project_settings.PASSWORD_HASHERS == PRODUCTION_HASHERS


def test_hashers_new_password_argon2id_owasp_parameters(production_hashers):
    encoded = make_password("Zelenyi-Kaktus-2027")

    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert isinstance(identify_hasher(encoded), OwaspArgon2PasswordHasher)


def test_hashers_django_default_argon2_hash_upgraded(production_hashers):
    # Django's own class (100 MiB, 8 lanes) shares the algorithm name: its hashes
    # verify, and must_update asks for a re-hash at OWASP's parameters.
    from django.contrib.auth.hashers import Argon2PasswordHasher

    old = Argon2PasswordHasher().encode("x-password-1", "saltsaltsaltsalt")
    hasher = OwaspArgon2PasswordHasher()

    assert hasher.verify("x-password-1", old) is True
    assert hasher.must_update(old) is True
    assert hasher.must_update(make_password("x-password-1")) is False


def test_hashers_pbkdf2_user_logs_in_and_gets_argon2(client, production_hashers):
    user = UserFactory(username="staryi")
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    assert user.password.startswith("pbkdf2_sha256$")

    response = client.post("/login/", {"username": "staryi", "password": PASSWORD})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert client.get("/").wsgi_request.user == user


def test_hashers_pbkdf2_user_wrong_password_keeps_hash(client, production_hashers):
    user = UserFactory(username="staryi")
    old = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user.password = old
    user.save(update_fields=["password"])

    response = client.post("/login/", {"username": "staryi", "password": "wrong-one-1"})

    assert response.status_code == 200
    user.refresh_from_db()
    assert user.password == old
