"""Panels of the start pages (the overview of the deputy, director and clerk, the class
teacher's «Мой класс», the teacher's «Мои классы») that other apps add without the
page's app importing them: learners imports no other app, so the app that owns the
work registers a renderer here in its ``AppConfig.ready()`` (from its ``panels.py``) and
the page's template asks for every panel with
``{% load panels %}{% start_panels "overview" %}``.

A renderer takes the request and returns its HTML, or "" when nothing of it is for
this user (a role it does not serve, nothing waiting that it would not say calmly).
The page has already checked the user's role for the page; a renderer narrows to what
is the user's own. Only functions are kept here, never data: nothing in the registry
depends on a request or a process."""

from collections.abc import Callable

from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

__all__ = ["PAGES", "Renderer", "register", "registered", "render_panels", "shared"]

PAGES = frozenset({"overview", "my_class", "my_classes"})

Renderer = Callable[[object], str]

# page → {name: (order, renderer)}; keyed by name so that a second ready() (a test
# settings override reloading apps) replaces a panel instead of repeating it.
_panels: dict[str, dict[str, tuple[int, Renderer]]] = {page: {} for page in PAGES}


def register(page: str, name: str, renderer: Renderer, *, order: int = 100) -> None:
    if page not in PAGES:
        raise ValueError(f"unknown page {page!r}: one of {sorted(PAGES)}")
    _panels[page][name] = (order, renderer)


def registered(page: str) -> list[tuple[str, Renderer]]:
    """The renderers of a page in a stable order: by ``order``, then by name."""
    entries = sorted(_panels[page].items(), key=lambda item: (item[1][0], item[0]))
    return [(name, renderer) for name, (_, renderer) in entries]


def shared(request, key: str, compute: Callable[[], object]):
    """A value several panels of one page read (the current year, today's period),
    computed once per request: kept on the request, which ends with the response."""
    cache = request.__dict__.setdefault("_panels_shared", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def render_panels(page: str, request) -> SafeString:
    """Every panel of ``page`` for this request, in order; the renderers' output is
    HTML they escaped themselves (rendered templates)."""
    parts = [renderer(request) for _, renderer in registered(page)]
    return format_html_join("", "{}", ((mark_safe(part),) for part in parts if part))
