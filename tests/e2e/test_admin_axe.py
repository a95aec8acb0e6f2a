"""The admin pages the deputy works in — the admin index, every list and every form it
links to, and the credit-transfer review — pass an axe-core scan without a critical or
serious violation at a desktop's 1366 px and a phone's 390 px (issue «the Django admin as
part of the product»)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from learners.demo import DEMO_PASSWORD, generate
from tests.e2e.browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTHS = {"desktop": (1366, 900), "phone": (390, 844)}
BLOCKING = {"critical", "serious"}
AXE = Axe()


def _admin_paths(page, live_server) -> list[str]:
    """The admin index, the lists and forms it links to, and the first application's
    review when the demo has one."""
    page.goto(live_server.url + "/admin/")
    hrefs = page.locator("#content-main a").evaluate_all(
        "links => links.map(link => link.getAttribute('href'))"
    )
    paths = ["/admin/", *dict.fromkeys(h for h in hrefs if h.startswith("/admin/"))]
    page.goto(live_server.url + "/admin/credit_transfer/application/")
    review = page.locator("#result_list tbody th a")
    if review.count():
        paths.append(review.first.get_attribute("href"))
    return paths


def _problems(page, path: str, width: str) -> list[str]:
    results = AXE.run(page).response
    return [
        f"{width} {path}: {violation['id']} ({violation['impact']}) ×{len(violation['nodes'])}: "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in violation["nodes"][:3])
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
    ]


def test_deputy_admin_pages_pass_axe_at_both_widths(live_server, page, console_errors):
    generate(scale="demo")
    log_in(page, live_server, "zavuch", DEMO_PASSWORD)
    paths = _admin_paths(page, live_server)
    assert "/admin/credit_transfer/application/" in paths
    assert "/admin/achievements/workkind/" in paths

    problems = []
    for width, size in WIDTHS.items():
        page.set_viewport_size({"width": size[0], "height": size[1]})
        for path in paths:
            response = page.goto(live_server.url + path)
            assert response.status == 200, (path, response.status)
            page.wait_for_load_state("networkidle")
            problems += _problems(page, path, width)

    assert problems == []
    assert console_errors == []
