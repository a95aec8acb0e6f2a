"""Every demo account signs in through the real login page in Chromium and lands on
its role's start page, rendered without console errors (a blocked inline script or
style under the Content-Security-Policy shows up as one)."""

from datetime import date

import pytest
from django.utils import timezone

from learners.demo import DEMO_LOGINS, DEMO_PASSWORD, generate
from learners.models import Role
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LOGIN_ERROR = "Неверное имя пользователя или пароль. Проверьте раскладку и Caps Lock."


def _school_year(today: date) -> str:
    starts = today.year if today.month >= 9 else today.year - 1
    return f"{starts}/{starts + 1}"


def _expected_start(username: str) -> tuple[str, str]:
    """(path, h1) of the demo account's start page; the demo school is generated for
    today, so the academic year in the headings is today's."""
    year = _school_year(timezone.localdate())
    overview = ("/overview/", f"Обзор организации — {year} учебный год")
    return {
        "zavuch": overview,
        "direktor": overview,
        "deloproizv": ("/archive/", "Архив"),
        "klassruk": ("/my-class/", "Мой класс"),
        "uchitel": ("/teaching/", f"Мои классы — {year} учебный год"),
        "roditel": ("/children/", "Мои дети"),
        "uchenik": ("/me/", "Соколов Михаил Андреевич"),
        "zakazchik": ("/contracted/", "Слушатели по договорам"),
        "admin": ("/admin/", "Администрирование"),
    }[username]


def _path(page, live_server) -> str:
    assert page.url.startswith(live_server.url)
    return page.url.removeprefix(live_server.url).split("?")[0]


def _log_in(page, live_server, username, password):
    page.goto(live_server.url + "/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Войти").click()


@pytest.mark.parametrize("login", DEMO_LOGINS, ids=lambda login: login.username)
def test_login_demo_account_lands_on_role_start_page(
    login, live_server, page, console_errors, tmp_path
):
    generate(scale="demo")
    path, heading = _expected_start(login.username)

    _log_in(page, live_server, login.username, DEMO_PASSWORD)

    assert _path(page, live_server) == path
    assert page.locator("h1").all_inner_texts() == [heading]
    if login.role == Role.PARENT:
        assert page.locator("main h2").all_inner_texts() == [
            "Соколов Михаил Андреевич",
            "Соколова Алиса Андреевна",
        ]
    shot = tmp_path / f"{login.username}.png"
    page.screenshot(path=shot, full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert console_errors == []


def test_login_wrong_password_shows_error_and_stays(live_server, page, console_errors):
    UserFactory(username="ivanova", roles=[Role.TEACHER])

    _log_in(page, live_server, "ivanova", "not-" + PASSWORD)

    assert _path(page, live_server) == "/login/"
    assert page.get_by_role("alert").inner_text() == LOGIN_ERROR
    assert page.locator("h1").inner_text() == "Вход в систему учёта"
    assert console_errors == []


def test_logout_button_returns_to_login(live_server, page, console_errors):
    UserFactory(username="petrova", roles=[Role.PARENT])
    _log_in(page, live_server, "petrova", PASSWORD)
    assert _path(page, live_server) == "/children/"

    with page.expect_navigation():
        page.get_by_role("button", name="Выйти").click()

    assert _path(page, live_server) == "/login/"
    assert page.locator("h1").inner_text() == "Вход в систему учёта"
    page.goto(live_server.url + "/children/")
    assert _path(page, live_server) == "/login/"
    assert console_errors == []
