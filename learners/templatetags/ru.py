from django import template

from learners.text import plural_word

register = template.Library()


@register.filter
def ru_word(n, forms: str) -> str:
    """{{ count|ru_word:"класс,класса,классов" }} → the form that agrees with count."""
    one, few, many = forms.split(",")
    return plural_word(int(n), one, few, many)
