"""Steps every browser journey takes: signing in and out through the real form,
following the top menu, reading the current path."""

from tests.factories import PASSWORD


def path_of(page, live_server) -> str:
    assert page.url.startswith(live_server.url)
    return page.url.removeprefix(live_server.url).split("?")[0]


def log_in(page, live_server, username, password=PASSWORD):
    page.goto(live_server.url + "/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Войти").click()


def log_out(page):
    with page.expect_navigation():
        page.get_by_role("button", name="Выйти").click()


def menu(page, title):
    with page.expect_navigation():
        page.get_by_role("navigation", name="Разделы").get_by_role("link", name=title).click()
