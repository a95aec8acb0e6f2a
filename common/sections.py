"""Sections that other apps add to a learner's pages (the portfolio, the e-diary, the
learner's card) without the page's app importing them: dependencies point one way
(rewards → achievements → learners → common), so the app that owns the data registers
a renderer here in its ``AppConfig.ready()`` and the page's template asks for every
section of its place with ``{% load sections %}{% learner_sections "diary" learner %}``.

A renderer takes (request, learner) and returns its HTML, or "" when it has nothing
to show to this viewer. The page has already checked that the viewer may see the
learner; a renderer narrows further if its data is not for everyone on that page.
Only functions are kept here, never data: nothing in the registry depends on a request
or a process."""

from collections.abc import Callable

from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe

__all__ = ["PLACES", "Renderer", "register", "registered", "render_sections"]

PLACES = frozenset({"portfolio", "diary", "learner_card"})

Renderer = Callable[[object, object], str]

# place → {name: (order, renderer)}; keyed by name so that a second ready() (a test
# settings override reloading apps) replaces a section instead of repeating it.
_sections: dict[str, dict[str, tuple[int, Renderer]]] = {place: {} for place in PLACES}


def register(place: str, name: str, renderer: Renderer, *, order: int = 100) -> None:
    if place not in PLACES:
        raise ValueError(f"unknown place {place!r}: one of {sorted(PLACES)}")
    _sections[place][name] = (order, renderer)


def registered(place: str) -> list[tuple[str, Renderer]]:
    """The renderers of a place in a stable order: by ``order``, then by name."""
    entries = sorted(_sections[place].items(), key=lambda item: (item[1][0], item[0]))
    return [(name, renderer) for name, (_, renderer) in entries]


def render_sections(place: str, request, learner) -> SafeString:
    """Every section of ``place`` for this learner, in order; the renderers' output is
    HTML they escaped themselves (rendered templates)."""
    parts = [renderer(request, learner) for _, renderer in registered(place)]
    return format_html_join("", "{}", ((mark_safe(part),) for part in parts if part))
