"""A document's data → its PDF/A, the same for an issue, a duplicate and a preview."""

from django.conf import settings
from django.template.loader import render_to_string

from archive.documents.kinds import spec_of
from common.pdf import html_to_pdf


def fonts_url() -> str:
    return (settings.BASE_DIR / "static" / "fonts").as_uri()


def document_html(
    *,
    kind,
    content: dict,
    number: str = "",
    issued_on: str = "",
    duplicate_of: str = "",
    purpose: str = "",
    draft: bool = False,
) -> str:
    """The document's HTML. ``number`` and ``issued_on`` as printed («СО-12»,
    «01.12.2026»); ``duplicate_of`` names the original («СО-7 от 03.11.2026») on a
    duplicate; ``purpose`` is what the document is for, as the request or the office
    gave it; a draft (a preview, not registered) is marked as such on every page and
    has no number."""
    return render_to_string(
        spec_of(kind).template,
        {
            "c": content,
            "org": content["organisation"],
            "number": number,
            "issued_on": issued_on,
            "duplicate_of": duplicate_of,
            "purpose": purpose,
            "draft": draft,
            "fonts": fonts_url(),
        },
    )


def render_document(**printed) -> bytes:
    """The PDF/A of ``document_html``: the same keyword arguments."""
    return html_to_pdf(document_html(**printed))
