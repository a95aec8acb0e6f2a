"""Properties of the sign-in and password-reset forms (issue 9, §3), checked with
hypothesis: any username, password or address — control characters, thousands of
characters, look-alike numbers — gets the form again with its Russian error, the
lockout page, or the expected redirect; never a server error, and nobody is signed in
or sent a letter by a wrong one."""

import re

import pytest
from django.core import mail
from hypothesis import given, settings
from hypothesis import strategies as st

from learners.models import Role
from tests.factories import UserFactory
from tests.strategies import texts

pytestmark = pytest.mark.django_db

CYRILLIC = re.compile("[А-Яа-яЁё]")
EXAMPLES = 40


@pytest.fixture
def parent():
    return UserFactory(username="mama", email="mama@example.org", roles=[Role.PARENT])


@given(username=st.one_of(st.just("mama"), texts()), password=texts())
@settings(max_examples=EXAMPLES)
def test_login_any_input_refused_in_russian(client, parent, username, password):
    client.logout()

    response = client.post("/login/", {"username": username, "password": password})

    # 429: the lockout page after five failures of one account from one address.
    assert response.status_code in (200, 429)
    if response.status_code == 200:
        errors = response.context["form"].errors
        assert errors
        assert all(CYRILLIC.search(e) for field in errors.values() for e in field)
    assert "_auth_user_id" not in client.session


@given(address=st.one_of(st.just("stranger@example.org"), texts()))
@settings(max_examples=EXAMPLES)
def test_password_reset_any_address_answered_clearly(client, parent, address):
    sent = len(mail.outbox)

    response = client.post("/password/reset/", {"email": address})

    # 429 if the address or the account is asked for too often.
    assert response.status_code in (200, 302, 429)
    if response.status_code == 200:
        errors = response.context["form"].errors
        assert errors
        assert all(CYRILLIC.search(e) for field in errors.values() for e in field)
    if response.status_code == 302:
        assert response["Location"] == "/password/reset/sent/"
    # Only the account's own address is written to, and none of these is it.
    assert len(mail.outbox) == sent
