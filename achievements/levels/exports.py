"""The individual achievement sheet (002 §4.5) as PDF/A-2b, through the one pipeline
(common/pdf.py)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from common.pdf import html_to_pdf
from learners.terms import terms_for


def sheet_pdf(*, data: dict, organisation, today=None) -> bytes:
    html = render_to_string(
        "achievements/levels/pdf/sheet.html",
        {
            **data,
            "organisation": organisation,
            "terms": terms_for(organisation),
            "printed_on": today or timezone.localdate(),
            "fonts": (settings.BASE_DIR / "static" / "fonts").as_uri(),
        },
    )
    return html_to_pdf(html)
