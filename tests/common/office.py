"""Small office documents made in memory with zipfile: the fewest parts with which
Word, PowerPoint and LibreOffice open them, and the forgeries the check refuses."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
ODP = "application/vnd.oasis.opendocument.presentation"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
PPTM_MAIN = "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
RELS = "application/vnd.openxmlformats-package.relationships+xml"


def zip_bytes(parts: list[tuple[str, bytes]], *, stored_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(parts):
            method = zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name, (2026, 10, 5, 12, 0, 0)), data, method)
    return buffer.getvalue()


def content_types(main_part: str, main_type: str, *extra: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="{RELS}"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/{main_part}" ContentType="{main_type}"/>'
        + "".join(extra)
        + "</Types>"
    ).encode()


def _rels(main_part: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/officeDocument" Target="{main_part}"/></Relationships>'
    ).encode()


def docx_bytes(*, main_type: str = f"{DOCX}.main+xml", extra=()) -> bytes:
    return zip_bytes(
        [
            ("[Content_Types].xml", content_types("word/document.xml", main_type)),
            ("_rels/.rels", _rels("word/document.xml")),
            (
                "word/document.xml",
                b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
                b'2006/main"><w:body><w:p><w:r><w:t>\xd0\x9f\xd1\x80\xd0\xbe\xd0\xb5\xd0\xba'
                b"\xd1\x82</w:t></w:r></w:p></w:body></w:document>",
            ),
            *extra,
        ]
    )


def pptx_bytes(*, main_type: str = f"{PPTX}.main+xml", extra=()) -> bytes:
    return zip_bytes(
        [
            ("[Content_Types].xml", content_types("ppt/presentation.xml", main_type)),
            ("_rels/.rels", _rels("ppt/presentation.xml")),
            (
                "ppt/presentation.xml",
                b'<p:presentation xmlns:p="http://schemas.openxmlformats.org/'
                b'presentationml/2006/main"/>',
            ),
            *extra,
        ]
    )


def xlsx_bytes() -> bytes:
    return zip_bytes(
        [
            (
                "[Content_Types].xml",
                content_types("xl/workbook.xml", f"{XLSX}.main+xml"),
            ),
            ("_rels/.rels", _rels("xl/workbook.xml")),
            ("xl/workbook.xml", b"<workbook/>"),
        ]
    )


MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="{}"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def odf_bytes(mimetype: str = ODT, *, extra=(), manifest: str | None = None) -> bytes:
    return zip_bytes(
        [
            ("mimetype", mimetype.encode()),
            ("META-INF/manifest.xml", (manifest or MANIFEST.format(mimetype)).encode()),
            (
                "content.xml",
                b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:'
                b'xmlns:office:1.0"/>',
            ),
            *extra,
        ],
        stored_first=True,
    )


def odt_bytes(**kwargs) -> bytes:
    return odf_bytes(ODT, **kwargs)


def odp_bytes(**kwargs) -> bytes:
    return odf_bytes(ODP, **kwargs)


def office_upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
