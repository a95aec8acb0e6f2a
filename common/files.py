"""Files people upload: checked by their content, not their name (R-SEC-3, DESIGN: bad
input), and stored under random names in private storage. Only PDF, JPEG and PNG are
kept, and only when they really open as that type: a renamed program, an HTML or SVG
page, an empty or truncated file is refused with a message a parent understands.
Photos are stored without their location metadata. Evidence scans, credit-transfer
attachments and, next, archive files are all stored this way; they are served by
``common.downloads.stored_download``."""

import hashlib
import io
import re
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat

from common import images
from common.models import StoredFile

SIGNATURES = [
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
]
ALLOWED = "PDF, JPEG или PNG"


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


def check_upload(upload) -> CheckedFile:
    """Read an uploaded file and return it checked, or raise ValidationError."""
    limit = settings.UCHET_EVIDENCE_MAX_BYTES
    name = getattr(upload, "name", "") or "файл"
    too_big = f"Файл «{name}» больше {filesizeformat(limit)}. Уменьшите скан или разделите его."
    if upload.size is not None and upload.size > limit:
        raise ValidationError(too_big)
    content = upload.read(limit + 1)
    if not content:
        raise ValidationError(f"Файл «{name}» пустой.")
    if len(content) > limit:
        raise ValidationError(too_big)
    kind = next(((t, ext) for magic, t, ext in SIGNATURES if content.startswith(magic)), None)
    if kind is None:
        raise ValidationError(
            f"Файл «{name}» не похож на {ALLOWED}. Загрузите скан или фотографию документа "
            "в одном из этих форматов."
        )
    content_type, extension = kind
    damaged = ValidationError(
        f"Файл «{name}» повреждён или не открывается как {extension.upper()}. "
        "Сохраните его заново и загрузите ещё раз."
    )
    if not _opens_as(content, content_type):
        raise damaged
    if content_type != "application/pdf":
        # Where a photo was taken is not the school's business (personal data): the
        # stored file, its size and its SHA-256 are those without the coordinates.
        cleaned = images.without_location(content, content_type)
        if cleaned is not content and not _opens_as(cleaned, content_type):
            raise damaged
        content = cleaned
    return CheckedFile(
        content=content,
        content_type=content_type,
        extension=extension,
        name=sanitise_name(name, extension),
        sha256=hashlib.sha256(content).hexdigest(),
    )


@contextmanager
def stored(checked: list[CheckedFile], *, folder: str) -> Iterator[list[str]]:
    """Store checked files under random names in private storage and yield the names;
    if the block fails, remove them again so no unreferenced file is left behind. The
    callers write the referencing rows last in their transaction, so only the commit
    itself could still fail, and a file orphaned that way is harmless."""
    names: list[str] = []
    try:
        for item in checked:
            name = f"{folder}/{uuid.uuid4().hex}.{item.extension}"
            names.append(default_storage.save(name, ContentFile(item.content)))
        yield names
    except Exception:
        for name in names:
            default_storage.delete(name)
        raise


def store_files(
    model: type[StoredFile], uploads, *, folder: str, uploaded_by, extra=None, **fields
) -> list[StoredFile]:
    """Check every upload first, so that one bad file stores none of them, then store
    each and create its ``model`` row: ``fields`` are shared by all rows (what they
    belong to), ``extra`` gives each row its own (the kind of an attachment)."""
    checked = [check_upload(upload) for upload in uploads]
    extra = extra or [{}] * len(checked)
    with stored(checked, folder=folder) as names:
        return [
            model.objects.create(
                file=name,
                original_name=item.name,
                content_type=item.content_type,
                size=len(item.content),
                sha256=item.sha256,
                uploaded_by=uploaded_by,
                **fields,
                **own,
            )
            for item, name, own in zip(checked, names, extra, strict=True)
        ]
