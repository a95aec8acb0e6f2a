"""Operations (issue «It holds», §5): server errors leave a traceback on stderr, every
refusal is logged with who asked, pages with a person's data are never cached, reset
letters are limited, a production server without mail does not start, and a database
outage is a clear 503 that passes by itself."""

import io
import logging

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.db import connection
from django.test import Client, override_settings
from django.urls import path

from config import checks, mail
from config.urls import urlpatterns as project_urls
from learners.models import PasswordResetRequest, Role
from tests.factories import GuardianFactory, GuardianshipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("сломалось в представлении")


urlpatterns = [*project_urls, path("boom/", _boom)]
handler500 = "config.views.server_error"


# --- server errors and refusals ------------------------------------------------------------


@pytest.fixture
def request_log():
    """What the console handler of django.request writes (stderr in production)."""
    (handler,) = [
        h for h in logging.getLogger("django.request").handlers if type(h) is logging.StreamHandler
    ]
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


@override_settings(ROOT_URLCONF=__name__)
def test_server_error_logged_with_traceback(client, request_log):
    client.raise_request_exception = False

    response = client.get("/boom/")

    assert response.status_code == 500
    assert "Ошибка сервера" in response.content.decode()
    written = request_log.getvalue()
    assert "ERROR django.request Internal Server Error: /boom/" in written
    assert "Traceback (most recent call last):" in written
    assert "RuntimeError: сломалось в представлении" in written


def test_permission_denied_logged_with_user_and_page(client, caplog):
    teacher = UserFactory(roles=[Role.TEACHER])
    client.force_login(teacher)

    with caplog.at_level(logging.WARNING, logger="uchet.access"):
        response = client.get("/journal/periods/")

    assert response.status_code == 403
    assert [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "uchet.access"] == [
        ("WARNING", f"access refused: user={teacher.pk} roles=teacher page=GET /journal/periods/")
    ]


# --- caching ---------------------------------------------------------------------------------


def test_personal_pages_never_cached(client):
    guardianship = GuardianshipFactory(guardian=GuardianFactory())
    learner = guardianship.learner
    client.force_login(guardianship.guardian.user)

    pages = ["/children/", f"/learners/{learner.pk}/", f"/portfolio/learners/{learner.pk}/"]
    answers = {page: client.get(page) for page in pages}

    assert {page: r.status_code for page, r in answers.items()} == dict.fromkeys(pages, 200)
    assert {page: r["Cache-Control"] for page, r in answers.items()} == dict.fromkeys(
        pages, "private, no-store"
    )


# --- password reset -----------------------------------------------------------------------------


def _reset(client, email, address="10.0.0.1"):
    return client.post("/password/reset/", {"email": email}, REMOTE_ADDR=address)


THROTTLED = "Слишком много запросов на восстановление пароля."


def test_password_reset_limited_per_address(client, mailoutbox):
    UserFactory(email="mama@example.org")

    answers = [_reset(client, "mama@example.org", f"10.0.0.{i}") for i in range(4)]

    assert [r.status_code for r in answers] == [302, 302, 302, 429]
    assert THROTTLED in answers[3].content.decode()
    assert len(mailoutbox) == 3
    assert PasswordResetRequest.objects.count() == 3


def test_password_reset_limited_per_address_whatever_its_case(client, mailoutbox):
    UserFactory(email="mama@example.org")

    answers = [_reset(client, email) for email in ("mama@example.org", "MAMA@example.org") * 2]

    assert [r.status_code for r in answers] == [302, 302, 302, 429]


def test_password_reset_limited_per_client(client, mailoutbox):
    answers = [_reset(client, f"nobody{i}@example.org") for i in range(11)]

    assert [r.status_code for r in answers] == [302] * 10 + [429]
    assert mailoutbox == []  # no account has these addresses: nothing is sent, nothing told


# --- mail in production ----------------------------------------------------------------------


def test_production_without_mail_refuses_to_start(settings):
    settings.UCHET_MAIL_CONFIGURED = False

    assert [e.id for e in checks.mail_configured()] == ["uchet.E001"]
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL не задан"):
        checks.require_production_settings()


def test_production_with_mail_starts(settings):
    settings.UCHET_MAIL_CONFIGURED = True

    assert checks.mail_configured() == []
    checks.require_production_settings()


def test_unconfigured_mail_backend_refuses_to_send():
    letter = EmailMessage("Тема", "Ссылка для смены пароля", to=["mama@example.org"])

    with pytest.raises(ImproperlyConfigured, match="Почта не настроена"):
        mail.UnconfiguredBackend().send_messages([letter])


# --- the database goes away ------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_unavailable_answers_503_then_recovers():
    parent = GuardianshipFactory().guardian.user
    client = Client(raise_request_exception=False)
    client.force_login(parent)
    saved = dict(connection.settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        connection.settings_dict["NAME"] = "/nonexistent/folder/uchet.sqlite3"
    else:
        connection.settings_dict["PORT"] = "1"  # nothing listens there
    try:
        down = client.get("/children/")
    finally:
        connection.close()
        connection.settings_dict.update(saved)

    up = client.get("/children/")

    assert down.status_code == 503
    assert down["Retry-After"] == "60"
    assert "Нет связи с базой данных" in down.content.decode()
    assert up.status_code == 200
