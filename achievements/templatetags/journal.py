"""The journal grid's cells are rendered here, in Python: a class of 30 over 60
lessons is 1,800 cells, and the template language's per-node cost made the page
miss its 60 ms budget. The markup is the same the template would write."""

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe

from learners.terms import current_terms

register = template.Library()


@register.filter
def lesson_ordinal(number) -> str:
    """«3-й урок» in a school, «3-е занятие» elsewhere (R-ORG-6)."""
    return current_terms()["lesson_ordinal"].format(number=number)


LOCKED = {
    "exempt": "Освобождён от посещения уроков",
    "absent-roster": "Не числился в классе в этот день",
}


@register.simple_tag
def grid_cells(row) -> str:
    parts = []
    for cell in row.cells:
        state = "exempt" if cell.exempt else ("absent-roster" if not cell.present else "")
        if state:
            reason = LOCKED[state]
            parts.append(
                f'<td class="cell {state}" tabindex="-1" data-lesson="{cell.lesson.pk}" '
                f'data-version="{cell.version}" data-locked="{reason}" title="{reason}" '
                # The hidden text still counts in the row's mean; the script reads it.
                f'data-text="{escape(cell.text)}">'
                f"{'осв' if cell.exempt else escape(cell.text)}</td>"
            )
        else:
            parts.append(
                f'<td class="cell" tabindex="-1" data-lesson="{cell.lesson.pk}" '
                f'data-version="{cell.version}">{escape(cell.text)}</td>'
            )
    # Every value above is either escaped or our own constant.
    return mark_safe("".join(parts))


@register.simple_tag
def grid_header(lessons, can_edit: bool) -> str:
    """The lesson columns' headers: date, kind of work, and the details in the title."""
    parts = []
    ordinal = current_terms()["lesson_ordinal"]
    for lesson in lessons:
        kind = lesson.work_kind
        weight = f"{kind.weight}"
        topic = lesson.topic or "тема не указана"
        title = (
            f"{lesson.date:%d.%m.%Y}, {ordinal.format(number=lesson.number)}: {topic} "
            f"({kind.name}, вес {weight.replace('.', ',')})"
        )
        day = f"{lesson.date:%d.%m}"
        if can_edit:
            day = f'<a href="{reverse("lesson_edit", args=[lesson.pk])}">{day}</a>'
        parts.append(
            f'<th scope="col" class="lesson-col" data-lesson="{lesson.pk}" '
            f'data-date="{lesson.date:%Y-%m-%d}" data-weight="{weight}" title="{escape(title)}">'
            f'{day} <span class="kind">{escape(kind.short_name)}</span></th>'
        )
    return mark_safe("".join(parts))
