"""Names in the case a sentence needs (common/names.py):

    {% load names %}
    Зачесть {{ learner|case:"dative" }}          → Зачесть Титову Михаилу Андреевичу
    {{ teacher|case_initials:"dative" }}          → Петровой А. С.
    прошу зачесть {{ learner|by_sex:"моему сыну,моей дочери" }}

Each takes a Person (Learner, Staff, Guardian) or a string «Фамилия Имя Отчество»."""

from django import template

from common import names

register = template.Library()


@register.filter
def case(who, case_name: str) -> str:
    return names.decline(who, case_name)


@register.filter
def case_initials(who, case_name: str) -> str:
    return names.decline_initials(who, case_name)


@register.filter
def by_sex(who, words: str) -> str:
    """``words``: "male,female" or "male,female,unknown"; unknown defaults to male."""
    male, female, unknown = ([w.strip() for w in words.split(",")] + ["", ""])[:3]
    return names.by_sex(who, male, female, unknown or None)
