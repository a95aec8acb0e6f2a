"""One way to hand a document to a person, stored or generated: the download is logged
(who, when, which document, the SHA-256 of the bytes handed out), the response is
never kept in a shared cache, never sniffed into another type, and named by RFC 6266
so a Cyrillic file name arrives intact. The caller has fetched the document, or what it
is about, through the access policy."""

import hashlib
import logging

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

from common.models import DocumentDownload, StoredFile

log = logging.getLogger("uchet.downloads")


def _record(*, user, kind: str, subject, filename: str, size: int, sha256: str) -> None:
    record = DocumentDownload.objects.create(
        user=user,
        kind=kind,
        object_type=subject._meta.label_lower,
        object_id=str(subject.pk),
        object_repr=str(subject)[:300],
        filename=filename[:255],
        size=size,
        sha256=sha256,
    )
    # Ids only: the log line must not carry the person's name.
    log.info(
        "document download: user=%s kind=%s %s=%s download=%s",
        user.pk,
        kind,
        record.object_type,
        record.object_id,
        record.pk,
    )


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def logged_download(
    *,
    user,
    content: bytes,
    content_type: str,
    filename: str,
    kind: str,
    subject,
    as_attachment: bool = True,
) -> HttpResponse:
    """A generated document (PDF, XLSX). ``subject`` is the model instance the document
    is about (a learner, a class, an application)."""
    _record(
        user=user,
        kind=kind,
        subject=subject,
        filename=filename,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return _private(response)


# What a browser may show in the page's own tab. Anything else (a work's DOCX or PPTX)
# is always handed over as a download: opened inline, an office document would be
# given to whichever plug-in claims it.
INLINE_TYPES = {"application/pdf", "image/jpeg", "image/png"}


def stored_download(
    *, user, stored: StoredFile, kind: str, as_attachment: bool = False
) -> FileResponse:
    """A stored file (common/files/), streamed from private storage. The log records
    the SHA-256 taken when the file was written: the bytes are the same, and reading a
    large scan twice to hash it again would only cost time. Only a scan (PDF, JPEG,
    PNG) may be shown inline."""
    _record(
        user=user,
        kind=kind,
        subject=stored,
        filename=stored.original_name,
        size=stored.size,
        sha256=stored.sha256,
    )
    response = FileResponse(
        default_storage.open(stored.file.name, "rb"),
        content_type=stored.content_type,
        as_attachment=as_attachment or stored.content_type not in INLINE_TYPES,
        filename=stored.original_name,
    )
    return _private(response)
