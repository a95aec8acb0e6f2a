"""One response for every generated document a person downloads: logged (who, when,
which document, the SHA-256 of the very bytes handed out), never kept in a shared
cache, never sniffed into another type, and named by RFC 6266 so a Cyrillic file name
arrives intact."""

import hashlib
import logging

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from common.models import DocumentDownload

log = logging.getLogger("uchet.downloads")


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
    """``subject`` is the model instance the document is about (a learner, a class,
    an application); the caller has fetched it through the access policy."""
    digest = hashlib.sha256(content).hexdigest()
    record = DocumentDownload.objects.create(
        user=user,
        kind=kind,
        object_type=subject._meta.label_lower,
        object_id=str(subject.pk),
        object_repr=str(subject)[:300],
        filename=filename[:255],
        size=len(content),
        sha256=digest,
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
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
