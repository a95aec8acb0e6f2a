"""Odd input to the sign-in form (issue 9, §3): a user name longer than any account's
is refused by the form, before the failed-login record (varchar 255) is written."""

import pytest
from axes.models import AccessAttempt

from learners.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("length", [151, 256, 10_000])
def test_login_username_too_long_refused_by_form(client, length):
    UserFactory(username="mama", roles=[Role.PARENT])

    response = client.post("/login/", {"username": "м" * length, "password": "x"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "username": ["Имя пользователя — не длиннее 150 символов."]
    }
    assert AccessAttempt.objects.count() == 0


def test_login_username_at_limit_is_a_failed_login(client):
    response = client.post("/login/", {"username": "м" * 150, "password": "x"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Неверное имя пользователя или пароль. Проверьте раскладку и Caps Lock."
    ]
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["м" * 150]
