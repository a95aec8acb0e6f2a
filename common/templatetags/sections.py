"""``{% learner_sections "diary" learner %}``: the sections other apps registered for
a place of a learner's page (common/sections.py)."""

from django import template

from common.sections import render_sections

register = template.Library()


@register.simple_tag(takes_context=True)
def learner_sections(context, place: str, learner):
    request = context.get("request")
    if request is None or learner is None:
        return ""
    return render_sections(place, request, learner)
