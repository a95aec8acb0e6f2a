"""Every PDF of the product is archive-grade: PDF/A-2b approved by pikepdf's strict
validator, written by the one renderer (common/pdf.py)."""

import html
import io

import pikepdf
import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from pikepdf import pdfa
from pypdf import PdfReader

from common.pdf import html_to_pdf
from tests.strategies import texts

FONTS = (settings.BASE_DIR / "static" / "fonts").as_uri()
PAGE = (
    """<html><head><style>
@font-face {{ font-family: "DejaVu Sans"; src: url("FONTS/DejaVuSans.ttf"); }}
@font-face {{ font-family: "DejaVu Sans"; font-weight: bold;
  src: url("FONTS/DejaVuSans-Bold.ttf"); }}
body {{ font-family: "DejaVu Sans" }}
@page {{ size: A4; margin: 2cm;
  @bottom-right {{ content: "стр. " counter(page) " из " counter(pages) }} }}
</style></head><body>{body}</body></html>"""
).replace("FONTS", FONTS)


def text_of(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_html_to_pdf_approved_as_pdfa_2b():
    content = html_to_pdf(PAGE.format(body="<h1>Сводная ведомость</h1><p>Антонова Мария</p>"))

    report = pdfa.validate_written(io.BytesIO(content), "2b")

    assert (report.verdict, report.findings) == ("pass", [])
    with pikepdf.open(io.BytesIO(content)) as pdf, pdf.open_metadata() as meta:
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "B")
        assert "/Pattern" not in pdf.pages[0].Resources
        assert "/Shading" not in pdf.pages[0].Resources


def test_html_to_pdf_keeps_text_and_page_numbers():
    body = "<h1>Журнал</h1>" + '<p style="break-after: page">Лист</p>' * 2

    reader = PdfReader(io.BytesIO(html_to_pdf(PAGE.format(body=body))))

    texts = [" ".join(page.extract_text().split()) for page in reader.pages]
    assert texts == ["Журнал Лист стр. 1 из 2", "Лист стр. 2 из 2"]


def test_html_to_pdf_gradient_refused_not_returned_unapproved():
    # A shading is a construct the validator cannot approve: the renderer raises
    # rather than hand out a file that might not be PDF/A.
    body = '<div style="background: linear-gradient(#fff, #000); height: 2cm"></div>'

    with pytest.raises(pdfa.PdfaError):
        html_to_pdf(PAGE.format(body=body))


def test_html_to_pdf_script_without_glyphs_shown_as_replacement():
    # The embedded fonts have no Chinese: without the replacement the glyphs would be
    # .notdef boxes, which PDF/A forbids, and the document could not be issued.
    content = html_to_pdf(PAGE.format(body="<p>Ли 王小明</p><p>раз\u2028два</p>"))

    assert pdfa.validate_written(io.BytesIO(content), "2b").verdict == "pass"
    assert text_of(content).startswith("Ли \ufffd\ufffd\ufffd раз два")


@hypothesis_settings(max_examples=30)
@given(name=texts(max_size=60))
def test_html_to_pdf_any_text_approved(name):
    body = f"<p>{html.escape(name)}</p><p><b>{html.escape(name)}</b></p>"

    content = html_to_pdf(PAGE.format(body=body))

    assert pdfa.validate_written(io.BytesIO(content), "2b").verdict == "pass"
