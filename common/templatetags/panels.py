"""``{% start_panels "overview" %}``: the panels other apps registered for a start page
(common/panels.py)."""

from django import template

from common.panels import render_panels

register = template.Library()


@register.simple_tag(takes_context=True)
def start_panels(context, page: str):
    request = context.get("request")
    if request is None:
        return ""
    return render_panels(page, request)
