"""The start pages' panel registry (common/panels.py)."""

import pytest
from django.test import RequestFactory

from common import panels


@pytest.fixture
def page_panels(monkeypatch):
    """An empty registry for the test: the apps' own panels stay registered outside."""
    monkeypatch.setattr(panels, "_panels", {page: {} for page in panels.PAGES})


def test_render_panels_in_order_skipping_empty(page_panels):
    panels.register("overview", "b", lambda request: "<p>B</p>", order=20)
    panels.register("overview", "a", lambda request: "<p>A</p>", order=20)
    panels.register("overview", "first", lambda request: "<p>1</p>", order=10)
    panels.register("overview", "none", lambda request: "", order=5)

    html = panels.render_panels("overview", RequestFactory().get("/"))

    assert html == "<p>1</p><p>A</p><p>B</p>"


def test_register_same_name_replaces_panel(page_panels):
    panels.register("my_class", "x", lambda request: "old")
    panels.register("my_class", "x", lambda request: "new")

    assert panels.render_panels("my_class", RequestFactory().get("/")) == "new"


def test_register_unknown_page_refused(page_panels):
    with pytest.raises(ValueError, match="unknown page"):
        panels.register("diary", "x", lambda request: "")


def test_shared_computes_once_per_request():
    request, calls = RequestFactory().get("/"), []

    def compute():
        calls.append(1)
        return 42

    assert panels.shared(request, "k", compute) == 42
    assert panels.shared(request, "k", compute) == 42
    assert calls == [1]


def test_apps_register_their_panels():
    assert [name for name, _ in panels.registered("overview")] == [
        "statistics", "applications", "nominations", "periods", "journals", "archive",
    ]  # fmt: skip
    assert [name for name, _ in panels.registered("my_class")] == [
        "figures", "proposals", "credit_lines",
    ]  # fmt: skip
    assert [name for name, _ in panels.registered("my_classes")] == ["journals", "credit_lines"]
