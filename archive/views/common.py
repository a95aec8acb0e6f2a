"""What the archive's pages share: who may enter, how a refusal reads, how a stored
file or a printed act is handed out (always through the log of downloads)."""

import hashlib
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string

from archive.services.verification import problem_text
from archive.storage import archive_storage
from common.forms import error_texts
from common.pdf import html_to_pdf
from learners import selectors as learner_selectors
from learners.access import keeps_archive

KEEPERS_ONLY = "Архив доступен заместителю директора, директору и делопроизводителю."
# A verification of a badly damaged archive can list thousands of files: the page shows
# the first ones and the count, the Verification row keeps them all.
PROBLEMS_SHOWN = 50
# The kinds under which the archive's downloads are logged (common.downloads).
KIND_FILE = "archive_file"
KIND_MANIFEST = "archive_manifest"
KIND_TRANSFER_ACT = "archive_transfer_act"
KIND_DESTRUCTION_ACT = "archive_destruction_act"
KIND_NAMES = {
    KIND_FILE: "файл снимка",
    KIND_MANIFEST: "манифест снимка",
    KIND_TRANSFER_ACT: "акт приёма-передачи",
    KIND_DESTRUCTION_ACT: "акт об уничтожении",
}


def keepers_only(view):
    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not keeps_archive(request.user):
            raise PermissionDenied(KEEPERS_ONLY)
        return view(request, *args, **kwargs)

    return wrapped


def refusal_text(error) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or "Этот шаг вам недоступен."


def problem_lines(verification) -> tuple[list[str], int]:
    if verification is None:
        return [], 0
    problems = verification.problems or []
    shown = [problem_text(p) for p in problems[:PROBLEMS_SHOWN]]
    return shown, len(problems) - len(shown)


class Unavailable(Exception):
    """An archived file that cannot be handed out; the message says why and what to
    do, on the page the person came from."""


def stored_bytes(name: str, *, sha256: str) -> bytes:
    """A file of the archive storage, whole: archive files are a few megabytes, and
    logged_download records the SHA-256 of exactly the bytes handed out. Bytes that
    are not the archived ones (``sha256``, recorded when written) are not handed out
    as if they were."""
    try:
        with archive_storage().open(name, "rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError):
        raise Unavailable(
            "Файла нет в хранилище архива. Запустите проверку целостности и восстановите "
            "архив из резервной копии."
        ) from None
    if hashlib.sha256(content).hexdigest() != sha256:
        raise Unavailable(
            "Файл в хранилище изменён после архивирования и не выдаётся. Запустите проверку "
            "целостности и восстановите архив из резервной копии."
        )
    return content


def render_pdf(template: str, **context) -> bytes:
    html = render_to_string(
        template,
        {
            "organisation": learner_selectors.organisation(),
            "fonts": (settings.BASE_DIR / "static" / "fonts").as_uri(),
            **context,
        },
    )
    return html_to_pdf(html)


def take_move(request, *, form, moves, status, service) -> None:
    """One step of a workflow from a posted form: the move the form names, from the
    object's ``status`` in the edge table ``moves``, made by ``service(to=, comment=)``;
    the outcome (done, or why not) is a message on the page the person returns to."""
    try:
        if not form.is_valid():
            raise ValidationError(error_texts(form, labels=False))
        to = form.cleaned_data["to"]
        move = moves.get((status, to))
        service(to=to, comment=form.cleaned_data["comment"])
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, move.done)
