"""Text documents and presentations a learner hands in as a work (R-PF-6): DOCX and
PPTX (Office Open XML), ODT and ODP (OpenDocument). Each is a ZIP container, recognised
by the parts inside it, never by its name. A document with macros is refused: a
teacher opening it should not be asked to run a program from a stranger. The ZIP is
read with limits, so that a small upload cannot unpack into gigabytes or into a
million parts."""

import io
import posixpath
import zipfile
import zlib
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

ZIP_MAGIC = b"PK\x03\x04"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODP = "application/vnd.oasis.opendocument.presentation"
# content type → (extension, what a person calls it)
OFFICE_TYPES = {
    DOCX: ("docx", "текстовый документ"),
    PPTX: ("pptx", "презентация"),
    ODT: ("odt", "текстовый документ"),
    ODP: ("odp", "презентация"),
}
# OOXML: the main part → the content type it must have (the macro-free one).
OOXML_MAIN_PARTS = {
    "word/document.xml": (f"{DOCX}.main+xml", DOCX),
    "ppt/presentation.xml": (f"{PPTX}.main+xml", PPTX),
}
ODF_FORMATS = {ODT, ODP}
# An ODF document keeps its macros under these folders.
ODF_MACRO_FOLDERS = ("basic/", "scripts/")
MAX_ENTRIES = 2000
MAX_UNPACKED = 200 * 1024 * 1024
# [Content_Types].xml and the ODF manifest are a few kilobytes.
MAX_PART = 1024 * 1024
CHUNK = 64 * 1024
_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# What zipfile and zlib raise on a broken, cut-off or encrypted container.
BROKEN = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    RuntimeError,
    NotImplementedError,
    KeyError,
)
SUFFIXES = {extension for extension, _ in OFFICE_TYPES.values()}


def damaged_message(name: str, label: str) -> str:
    return (
        f"Файл «{name}» повреждён или не открывается как {label}. "
        "Сохраните его заново и загрузите ещё раз."
    )


def unpacked_limit(limit: int) -> int:
    return min(10 * limit, MAX_UNPACKED)


def _label(name: str) -> str:
    """The type a file claims by its name, for a container too broken to say more."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return suffix.upper() if suffix in SUFFIXES else "DOCX, PPTX, ODT или ODP"


def _macros(name: str, family: str) -> ValidationError:
    return ValidationError(
        f"Файл «{name}» содержит макросы: сохраните его как {family} без макросов или как PDF."
    )


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    with archive.open(info) as part:
        data = part.read(cap + 1)
    if len(data) > cap:
        raise zipfile.BadZipFile("part too large")
    return data


def _ooxml(archive, parts: dict[str, zipfile.ZipInfo], name: str) -> str | None:
    if any(posixpath.basename(key) == "vbaproject.bin" for key in parts):
        raise _macros(name, "DOCX/PPTX")
    text = _read(archive, parts["[content_types].xml"], MAX_PART)
    # The packaging standard forbids a DTD here; with none, no entity can expand.
    if b"<!DOCTYPE" in text.upper():
        raise zipfile.BadZipFile("DTD in content types")
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as error:
        raise zipfile.BadZipFile("content types unreadable") from error
    defaults, overrides = {}, {}
    for element in root:
        content_type = element.get("ContentType", "")
        if "macroenabled" in content_type.lower():
            raise _macros(name, "DOCX/PPTX")
        if element.tag == f"{_CT}Default":
            defaults[element.get("Extension", "").lower()] = content_type
        elif element.tag == f"{_CT}Override":
            overrides[element.get("PartName", "").lower().lstrip("/")] = content_type
    mains = [part for part in OOXML_MAIN_PARTS if part in parts]
    if len(mains) != 1:
        return None
    expected, content_type = OOXML_MAIN_PARTS[mains[0]]
    actual = overrides.get(mains[0], defaults.get("xml", ""))
    # A template or a slide show has a main part of another type: not what we keep.
    return content_type if actual == expected else None


def _odf(archive, infos: list[zipfile.ZipInfo], parts, name: str) -> str | None:
    mimetype = _read(archive, infos[0], 200).decode("ascii", "replace").strip()
    if mimetype not in ODF_FORMATS:
        return None
    if any(key.startswith(ODF_MACRO_FOLDERS) for key in parts):
        raise _macros(name, "ODT/ODP")
    manifest = parts.get("meta-inf/manifest.xml")
    if "content.xml" not in parts or manifest is None:
        raise zipfile.BadZipFile("no content")
    # A document saved with a password: its parts are ciphertext nobody here can open.
    if b"encryption-data" in _read(archive, manifest, MAX_PART):
        raise zipfile.BadZipFile("encrypted document")
    return mimetype


def _unpack_all(archive, infos: list[zipfile.ZipInfo], limit: int) -> None:
    """Unpack every part once, counting: a part that is cut off, encrypted or not what
    its checksum says fails here, as a broken scan fails to decode."""
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise zipfile.BadZipFile("encrypted part")
        with archive.open(info) as part:
            while chunk := part.read(CHUNK):
                total += len(chunk)
                if total > limit:
                    raise zipfile.BadZipFile("unpacks beyond its declared size")


def check_office(content: bytes, *, name: str, limit: int) -> tuple[str, str] | None:
    """(content type, extension) of a DOCX, PPTX, ODT or ODP without macros; None for
    another ZIP (a spreadsheet, an archive of files); ValidationError for macros, a
    ZIP bomb or a broken or encrypted container."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except BROKEN:
        raise ValidationError(damaged_message(name, _label(name))) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise ValidationError(
                f"Файл «{name}» состоит из слишком многих частей (больше {MAX_ENTRIES}): "
                "это не похоже на обычный документ. Сохраните его как PDF."
            )
        unpacked = unpacked_limit(limit)
        if sum(info.file_size for info in infos) > unpacked:
            raise ValidationError(
                f"Файл «{name}» после распаковки больше {filesizeformat(unpacked)}: это не "
                "похоже на обычный документ. Сохраните его как PDF."
            )
        # Part names compare without case in Office Open XML; a name twice is a forgery.
        parts = {info.filename.lower(): info for info in infos}
        label = _label(name)
        try:
            if len(parts) != len(infos):
                raise zipfile.BadZipFile("duplicate part")
            if infos and infos[0].filename == "mimetype":
                content_type = _odf(archive, infos, parts, name)
            elif "[content_types].xml" in parts:
                content_type = _ooxml(archive, parts, name)
            else:
                content_type = None
            if content_type is None:
                return None
            label = OFFICE_TYPES[content_type][0].upper()
            _unpack_all(archive, infos, unpacked)
        except BROKEN:
            raise ValidationError(damaged_message(name, label)) from None
    return content_type, OFFICE_TYPES[content_type][0]
