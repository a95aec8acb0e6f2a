"""What an upload really is, read from its content."""

import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from common import images
from common.files import office

SIGNATURES = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
]
ALLOWED = "PDF, JPEG или PNG"
ALLOWED_WORKS = "PDF, JPEG, PNG, DOCX, PPTX, ODT или ODP"

# What a person calls a stored file beside its link: «презентация, PPTX, 1,2 МБ».
KINDS = {
    "application/pdf": "документ",
    "image/jpeg": "изображение",
    "image/png": "изображение",
    **{content_type: kind for content_type, (_, kind) in office.OFFICE_TYPES.items()},
}
EXTENSIONS = {
    **{content_type: extension for _, content_type, extension in SIGNATURES},
    **{content_type: extension for content_type, (extension, _) in office.OFFICE_TYPES.items()},
}


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    extension: str
    name: str
    sha256: str


def sanitise_name(name: str, extension: str) -> str:
    """A safe display name: no folders, no control or shell characters, at most 100
    characters, and the extension of what the file really is."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"[^\w\- .,()№]+", "_", stem, flags=re.UNICODE).strip(" ._") or "документ"
    return f"{stem[:100]}.{extension}"


def describe(content_type: str, size: int) -> str:
    """«презентация, PPTX, 1,2 МБ»: what the file is, for a link to it."""
    kind = KINDS.get(content_type, "файл")
    extension = EXTENSIONS.get(content_type, "")
    parts = [kind, extension.upper(), filesizeformat(size)]
    return ", ".join(part for part in parts if part)


def _opens_as(content: bytes, content_type: str) -> bool:
    if content_type == "application/pdf":
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            return len(PdfReader(io.BytesIO(content), strict=False).pages) > 0
        except (PdfReadError, ValueError, KeyError, TypeError, OSError):
            return False
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as image:
            image.load()  # decodes every pixel: broken data fails here
    # A few hundred bytes can declare a gigapixel image; Pillow refuses to decode it.
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError):
        return False
    # Pillow stops reporting a cut-off file once anything in the process (WeasyPrint,
    # on import) sets ImageFile.LOAD_TRUNCATED_IMAGES; the structure says it regardless.
    return images.is_complete(content, content_type)


def _checked(content: bytes, content_type: str, extension: str, name: str) -> CheckedFile:
    return CheckedFile(
        content=content,
        content_type=content_type,
        extension=extension,
        name=sanitise_name(name, extension),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def check_upload(upload, *, works: bool = False) -> CheckedFile:
    """Read an uploaded file and return it checked, or raise ValidationError.
    ``works``: a work of the portfolio, which may also be DOCX, PPTX, ODT or ODP."""
    limit = settings.UCHET_EVIDENCE_MAX_BYTES
    name = getattr(upload, "name", "") or "файл"
    advice = "Уменьшите файл или разделите его." if works else "Уменьшите скан или разделите его."
    too_big = f"Файл «{name}» больше {filesizeformat(limit)}. {advice}"
    if upload.size is not None and upload.size > limit:
        raise ValidationError(too_big)
    content = upload.read(limit + 1)
    if not content:
        raise ValidationError(f"Файл «{name}» пустой.")
    if len(content) > limit:
        raise ValidationError(too_big)
    if works and content.startswith(office.ZIP_MAGIC):
        # Other ZIPs (a spreadsheet, an archive of files) are refused as not like.
        kind = office.check_office(content, name=name, limit=limit)
        if kind is not None:
            return _checked(content, *kind, name)
    kind = next(((t, ext) for magic, t, ext in SIGNATURES if content.startswith(magic)), None)
    if kind is None:
        raise ValidationError(
            f"Файл «{name}» не похож на {ALLOWED_WORKS}. Загрузите работу или скан документа "
            "в одном из этих форматов."
            if works
            else f"Файл «{name}» не похож на {ALLOWED}. Загрузите скан или фотографию "
            "документа в одном из этих форматов."
        )
    content_type, extension = kind
    damaged = ValidationError(office.damaged_message(name, extension.upper()))
    if not _opens_as(content, content_type):
        raise damaged
    if content_type != "application/pdf":
        # Where a photo was taken is not the school's business (personal data): the
        # stored file, its size and its SHA-256 are those without the coordinates.
        cleaned = images.without_location(content, content_type)
        if cleaned is not content and not _opens_as(cleaned, content_type):
            raise damaged
        content = cleaned
    return _checked(content, content_type, extension, name)
