"""Document kinds named in the organisation's words on the pages (archive/documents/kinds.py)."""

from django import template

from archive.documents.kinds import kind_label as label_of

register = template.Library()


@register.filter
def kind_label(kind: str) -> str:
    return label_of(kind)
