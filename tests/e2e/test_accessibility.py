"""Every demo role's start page, every page of its menu and every page one link away
from those (one of each kind: a learner's card, an application, a diary), at a
desktop's 1366 px and a phone's 390 px, pass an axe-core scan without a critical or
serious violation, and at 390 px the page itself does not scroll sideways (issue «For
the people who use it every day»). axe-core comes bundled with axe-playwright-python:
nothing is fetched.

The scan runs in the page's own context through Playwright's evaluate, which the
Content-Security-Policy does not govern, so the pages are scanned exactly as served.
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connection
from django.urls import Resolver404, resolve

from learners.demo import DEMO_LOGINS, DEMO_PASSWORD, generate
from tests.e2e.browser import log_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    # The scan reads markup, which is the same on either database; on PostgreSQL it
    # would only double the suite's longest browser test.
    pytest.mark.skipif(connection.vendor == "postgresql", reason="the markup is scanned on SQLite"),
]

PHONE = 390
BLOCKING = {"critical", "serious"}
AXE = Axe()


# Files, not pages: they are checked by the archive-grade tests of PDF/A and XLSX.
FILES = {
    "evidence_file",
    "credit_attachment",
    "credit_document",
    "rewards_evidence",
    "rewards_order_pdf",
    "rewards_certificate",
    "archive_file",
    "archive_manifest",
    "archive_transfer_act",
    "archive_act_pdf",
    "documents_file",
    "documents_blank",
    "documents_learner_preview",
    "documents_group_preview",
    "documents_request_preview",
    "documents_calibration_test",
    "roster_template",
    "portfolio_pdf",
    "selfexam_xlsx",
    "statistics_report_pdf",
    "statistics_report_xlsx",
    "logout",
}


def _links(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )


def _kind(path: str) -> str | None:
    """The URL pattern a link leads to, or None for files and foreign addresses."""
    if not path.startswith("/") or path.startswith("/admin/"):
        return None
    try:
        name = resolve(path.split("?")[0].split("#")[0]).url_name
    except Resolver404:
        return None
    return None if name in FILES else name


def _problems(page, path: str, width: str) -> list[str]:
    results = AXE.run(page).response
    found = [
        f"{width} {path}: {violation['id']} ({violation['impact']}) ×{len(violation['nodes'])}: "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in violation["nodes"][:3])
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
    ]
    if width == "phone":
        overflow = page.evaluate("document.documentElement.scrollWidth")
        if overflow > PHONE:
            found.append(f"{width} {path}: the page is {overflow} px wide")
    return found


def _scan(page, live_server, path: str, width: str) -> list[str]:
    response = page.goto(live_server.url + path, wait_until="load")
    assert response.status == 200, (path, response.status)
    return _problems(page, path, width)


def _desktop_pass(page, live_server) -> tuple[list[str], list[str]]:
    """Scans the start page the login led to and the menu's pages in their order, then
    the first link of each other kind found in their content; returns the paths scanned
    and what was found."""
    start = page.url.removeprefix(live_server.url)
    menu = [start] + [href for href in _links(page, 'nav[aria-label="Разделы"] a') if href != start]
    kinds = {_kind(path) for path in menu}
    problems, deeper = [], []
    for path in menu:
        problems += _scan(page, live_server, path, "desktop")
        for href in _links(page, "main a[href]"):
            kind = _kind(href)
            if kind and kind not in kinds:
                kinds.add(kind)
                deeper.append(href)
    for path in deeper:
        problems += _scan(page, live_server, path, "desktop")
    return menu + deeper, problems


@pytest.mark.parametrize("login", DEMO_LOGINS, ids=lambda login: login.username)
def test_role_pages_pass_axe_at_both_widths(login, live_server, page, console_errors):
    generate(scale="demo")
    log_in(page, live_server, login.username, DEMO_PASSWORD)
    page.set_viewport_size({"width": 1366, "height": 900})
    paths, problems = _desktop_pass(page, live_server)
    # The customer's and the administrator's menus hold their start page only.
    assert len(paths) >= (1 if login.username in {"zakazchik", "admin"} else 4), paths

    page.set_viewport_size({"width": 390, "height": 844})
    for path in paths:
        problems += _scan(page, live_server, path, "phone")

    assert problems == []
    assert console_errors == []
