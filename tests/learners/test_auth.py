"""Signing in and out, the failed-login lockout (django-axes), password reset by
email and password change — all through the real pages, in Russian."""

import re

import pytest
from django.core import mail

from learners.forms import LoginForm
from learners.models import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = "10.20.30.40"
NEW_PASSWORD = "Zelenyi-Kaktus-2027"
WRONG_LOGIN = LoginForm.error_messages["invalid_login"]
LOCKED_OUT = "Слишком много неудачных попыток входа"


def _login(client, username, password, address=ADDRESS, **extra):
    return client.post(
        "/login/", {"username": username, "password": password, **extra}, REMOTE_ADDR=address
    )


@pytest.fixture
def parent():
    return UserFactory(username="mama", email="mama@example.org", roles=[Role.PARENT])


# Login page ------------------------------------------------------------------------------


def test_login_page_renders_in_russian(client):
    response = client.get("/login/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Вход — " in content
    assert "<h1>Вход в систему учёта</h1>" in content
    assert '<label for="id_password">Пароль</label>' in content
    assert '<button type="submit" class="primary">Войти</button>' in content


def test_login_wrong_password_shows_russian_message(client, parent):
    response = _login(client, "mama", "не-тот-пароль")

    assert response.status_code == 200
    assert WRONG_LOGIN == ("Неверное имя пользователя или пароль. Проверьте раскладку и Caps Lock.")
    assert response.context["form"].non_field_errors() == [WRONG_LOGIN]
    assert f"<p>{WRONG_LOGIN}</p>" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_unknown_user_shows_same_message(client):
    response = _login(client, "nobody", PASSWORD)

    assert response.context["form"].non_field_errors() == [WRONG_LOGIN]


def test_login_inactive_user_refused(client):
    UserFactory(username="old", is_active=False)

    response = _login(client, "old", PASSWORD)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].non_field_errors() == [WRONG_LOGIN]


@pytest.mark.parametrize(
    ("roles", "start_page"),
    [
        ([Role.PARENT], "/children/"),
        ([Role.TEACHER], "/teaching/"),
        ([Role.DEPUTY], "/overview/"),
        ([Role.CUSTOMER], "/contracted/"),
    ],
    ids=["parent", "teacher", "deputy", "customer"],
)
def test_login_success_redirects_to_role_start_page(client, roles, start_page):
    user = UserFactory(roles=roles)

    response = client.post(
        "/login/",
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR=ADDRESS,
        follow=True,
    )

    assert response.redirect_chain == [("/", 302), (start_page, 302)]
    assert response.status_code == 200
    assert int(client.session["_auth_user_id"]) == user.pk


def test_login_success_follows_next(client, parent):
    response = _login(client, "mama", PASSWORD, next="/children/")

    assert response.status_code == 302
    assert response["Location"] == "/children/"


def test_login_ignores_next_to_other_site(client, parent):
    response = _login(client, "mama", PASSWORD, next="https://evil.example.com/")

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_login_page_for_signed_in_user_redirects_home(client, parent):
    client.force_login(parent)

    response = client.get("/login/")

    assert response.status_code == 302
    assert response["Location"] == "/"


# Lockout after failed logins (django-axes) -----------------------------------------------------


def test_login_sixth_attempt_after_five_failures_locked_out(client, parent, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    failures = [_login(client, "mama", "не-тот-пароль").status_code for _ in range(5)]

    response = _login(client, "mama", PASSWORD)

    # The fifth failure already answers with the lockout page.
    assert failures == [200, 200, 200, 200, 429]
    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    content = response.content.decode()
    assert f"<h1>{LOCKED_OUT}</h1>" in content
    assert "<h1>Вход в систему учёта</h1>" not in content
    assert "_auth_user_id" not in client.session


def test_login_after_four_failures_still_allowed(client, parent):
    for _ in range(4):
        _login(client, "mama", "не-тот-пароль")

    response = _login(client, "mama", PASSWORD)

    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == parent.pk


def test_login_success_resets_failure_count(client, parent):
    for _ in range(4):
        _login(client, "mama", "не-тот-пароль")
    _login(client, "mama", PASSWORD)
    client.post("/logout/")
    for _ in range(4):
        _login(client, "mama", "не-тот-пароль")

    response = _login(client, "mama", PASSWORD)

    assert response.status_code == 302


def test_login_lockout_is_per_account_and_address(client, parent):
    UserFactory(username="papa")
    for _ in range(5):
        _login(client, "mama", "не-тот-пароль")

    other_account = _login(client, "papa", PASSWORD)
    client.post("/logout/")
    other_address = _login(client, "mama", PASSWORD, address="10.20.30.41")

    assert other_account.status_code == 302
    assert other_address.status_code == 302


# Logout ----------------------------------------------------------------------------------------


def test_logout_by_post_signs_out(client, parent):
    client.force_login(parent)

    response = client.post("/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/login/"
    assert "_auth_user_id" not in client.session
    assert client.get("/children/")["Location"] == "/login/?next=/children/"


def test_logout_by_get_refused(client, parent):
    client.force_login(parent)

    response = client.get("/logout/")

    assert response.status_code == 405
    assert int(client.session["_auth_user_id"]) == parent.pk


# Password reset -------------------------------------------------------------------------------


def test_password_reset_sends_email(client, parent):
    response = client.post("/password/reset/", {"email": "mama@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/password/reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mama@example.org"]
    assert message.subject == "Смена пароля в системе учёта результатов"
    assert "учётной записи «mama»" in message.body


def test_password_reset_unknown_email_sends_nothing(client, parent):
    response = client.post("/password/reset/", {"email": "stranger@example.org"})

    assert response.status_code == 302
    assert response["Location"] == "/password/reset/sent/"
    assert mail.outbox == []


def test_password_reset_link_sets_new_password(client, parent):
    client.post("/password/reset/", {"email": "mama@example.org"})
    link = re.search(r"http://testserver(/password/reset/[^/\s]+/[^/\s]+/)", mail.outbox[0].body)

    form_page = client.get(link.group(1), follow=True)
    set_url = form_page.redirect_chain[-1][0]
    saved = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert form_page.status_code == 200
    assert "<h1>Новый пароль</h1>" in form_page.content.decode()
    assert saved.status_code == 302
    assert saved["Location"] == "/password/reset/done/"
    parent.refresh_from_db()
    assert parent.check_password(NEW_PASSWORD) is True
    assert _login(client, "mama", NEW_PASSWORD)["Location"] == "/"


def test_password_reset_link_used_twice_refused(client, parent):
    client.post("/password/reset/", {"email": "mama@example.org"})
    path = re.search(r"http://testserver(/password/reset/\S+/)", mail.outbox[0].body).group(1)
    set_url = client.get(path, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = client.get(path, follow=True)

    assert "<h1>Ссылка недействительна</h1>" in response.content.decode()


# Password change ------------------------------------------------------------------------------


def test_password_change_sets_new_password(client, parent):
    client.force_login(parent)

    response = client.post(
        "/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == "/password/change/done/"
    parent.refresh_from_db()
    assert parent.check_password(NEW_PASSWORD) is True
    assert int(client.session["_auth_user_id"]) == parent.pk  # still signed in


def test_password_change_with_wrong_old_password_refused(client, parent):
    client.force_login(parent)

    response = client.post(
        "/password/change/",
        {"old_password": "не-тот", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["old_password"]
    parent.refresh_from_db()
    assert parent.check_password(PASSWORD) is True


def test_password_change_anonymous_redirected_to_login(client):
    response = client.get("/password/change/")

    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/password/change/"
