"""Rendering a document's HTML to PDF/A-2b, the one way every PDF of the product is
made (archive-grade output: a document printed today must open the same in decades).

WeasyPrint writes PDF/A-2b itself, but also an empty /Pattern and an empty /Shading
resource dictionary that a strict validator cannot approve; pikepdf drops them and
``pikepdf.pdfa.save`` writes the file, validates the written bytes and raises
``PdfaError`` rather than return a file it did not approve."""

import contextlib
import functools
import gc
import io
import unicodedata

from django.conf import settings

from common.text import strip_control_characters

FLAVOUR = "2b"
EMPTY_WHEN_UNUSED = ("/Pattern", "/Shading")
# The fonts every printed document embeds (templates' @font-face), so that a PDF looks
# the same whichever fonts the server has.
FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
MISSING = "\N{REPLACEMENT CHARACTER}"


def html_to_pdf(html: str) -> bytes:
    """Control characters in an older record would be drawn as a missing glyph and
    spoil the text layer of the whole PDF (copying, search, screen readers): strip
    them. WeasyPrint and pikepdf are imported here, as they are heavy."""
    from weasyprint import HTML

    text = printable(strip_control_characters(html))
    document = HTML(string=text, base_url=str(settings.BASE_DIR))
    return to_pdfa(document.write_pdf(pdf_variant="pdf/a-2b"))


def printable(text: str) -> str:
    """``text`` with every character the embedded fonts cannot draw shown as «�»: a
    glyph a font lacks is drawn from the .notdef box, which PDF/A forbids, so a name
    typed in a script the fonts do not cover would otherwise make the document
    impossible to issue. Line and paragraph separators, which are drawn from .notdef
    too, become spaces."""
    drawn = _drawn_characters()
    translation = {}
    for character in set(text):
        if ord(character) < 0x80:
            continue
        if unicodedata.category(character) in ("Zl", "Zp"):
            translation[ord(character)] = " "
        elif ord(character) not in drawn:
            translation[ord(character)] = MISSING
    return text.translate(translation) if translation else text


@functools.cache
def _drawn_characters() -> frozenset[int]:
    """Code points every embedded font has a glyph for (bold text must be drawable
    too)."""
    from fontTools.ttLib import TTFont

    folder = settings.BASE_DIR / "static" / "fonts"
    maps = [set(TTFont(folder / name).getBestCmap()) for name in FONTS]
    return frozenset(set.intersection(*maps))


def to_pdfa(content: bytes) -> bytes:
    """``content`` written as validated PDF/A-2b."""
    import pikepdf
    from pikepdf import pdfa

    with pikepdf.open(io.BytesIO(content)) as pdf:
        for resources in _resource_dictionaries(pdf):
            for key in EMPTY_WHEN_UNUSED:
                if key in resources and len(resources[key].keys()) == 0:
                    del resources[key]
        out = io.BytesIO()
        with _quiet_collector():
            pdfa.save(pdf, out, FLAVOUR)
    return out.getvalue()


@contextlib.contextmanager
def _quiet_collector():
    """pikepdf's validator records any warning raised while it parses a content stream
    as a violation, including a ResourceWarning from an unrelated file object the
    garbage collector happens to finalise at that moment (seen: «content stream:
    unclosed file …»). A file dropped outright is finalised where it is dropped, never
    inside the validator; one held in a reference cycle waits for the collector, so
    the collector is kept off while the validator runs (collecting first would cost a
    tenth of a second in a large process), and a verdict depends on the document only."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _resource_dictionaries(pdf):
    """The /Resources of every page and of every form drawn on it, each once."""
    import pikepdf

    seen = set()
    pending = [page.obj for page in pdf.pages]
    while pending:
        holder = pending.pop()
        resources = holder.get("/Resources")
        if not isinstance(resources, pikepdf.Dictionary):
            continue
        key = resources.objgen if resources.is_indirect else id(resources)
        if key in seen:
            continue
        seen.add(key)
        yield resources
        xobjects = resources.get("/XObject")
        if isinstance(xobjects, pikepdf.Dictionary):
            pending.extend(
                xobject
                for xobject in xobjects.values()
                if isinstance(xobject, pikepdf.Stream) and xobject.get("/Subtype") == "/Form"
            )
