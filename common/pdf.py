"""Rendering a document's HTML to PDF with WeasyPrint, the one way every export does."""

from django.conf import settings

from common.text import strip_control_characters


def html_to_pdf(html: str) -> bytes:
    """Control characters in an older record would be drawn as a missing glyph and
    spoil the text layer of the whole PDF (copying, search, screen readers): strip
    them. WeasyPrint is imported here, as it is heavy."""
    from weasyprint import HTML

    return HTML(string=strip_control_characters(html), base_url=str(settings.BASE_DIR)).write_pdf()
