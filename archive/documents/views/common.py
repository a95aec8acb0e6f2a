"""What every documents page shares: who the office is, and how a refusal reads."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError

from common.downloads import logged_download
from learners.access import issues_documents, refuse

OFFICE_ONLY = "Документы выдают делопроизводитель, заместитель директора и директор."
# The URL keywords that name an object: outside the office such a page answers 404, as
# an object outside one's scope does; a list or a form answers 403 with the reason.
OBJECT_KEYWORDS = ("pk", "group_id", "learner_id")


def office_only(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not issues_documents(request.user):
            named = next((kwargs[key] for key in OBJECT_KEYWORDS if key in kwargs), None)
            if named is not None:
                raise refuse(request.user, view.__name__, named)
            raise PermissionDenied(OFFICE_ONLY)
        return view(request, *args, **kwargs)

    return wrapped


def error_text(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "Этот шаг вам недоступен."


def draft_download(request, *, content: bytes, filename: str, subject):
    """A preview (an unregistered draft) opened in the browser; logged like every
    document handed out, under one kind, as it carries the same personal data."""
    return logged_download(
        user=request.user,
        content=content,
        content_type="application/pdf",
        filename=filename,
        kind="document_preview",
        subject=subject,
        as_attachment=False,
    )
