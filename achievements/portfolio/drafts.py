"""Files attached to an achievement form that came back with an error. A browser cannot
refill a file input, so the files already checked are kept in private storage and
the page shows them as attached: the person corrects the form and sends it again
without choosing the files a second time. A kept file is named by a signed token
bound to the person who sent it; a token that is forged, someone else's or older
than a day is ignored."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from common.files import check_upload

SALT = "portfolio-draft-files"
MAX_AGE = 24 * 60 * 60
FOLDER = "portfolio-drafts"


@dataclass(frozen=True)
class KeptFile:
    token: str
    path: str
    name: str
    size: int

    def upload(self) -> ContentFile:
        """The file as an upload for the service, which checks it once more."""
        with default_storage.open(self.path, "rb") as stored:
            return ContentFile(stored.read(), name=self.name)


def _kept(token: str, user) -> KeptFile | None:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("user") != user.pk:
        return None
    path = data.get("path", "")
    if not path.startswith(f"{FOLDER}/{user.pk}/") or not default_storage.exists(path):
        return None
    return KeptFile(token=token, path=path, name=data["name"], size=data["size"])


def drafts_read(*, tokens, user) -> list[KeptFile]:
    """The kept files the form sent back (each once), ignoring anything not theirs."""
    files = []
    for token in dict.fromkeys(tokens):
        kept = _kept(token, user)
        if kept is not None:
            files.append(kept)
    return files


def drafts_keep(*, uploads, user, works: bool = False) -> tuple[list[KeptFile], list[str]]:
    """Keep the uploads that pass the content check; say what is wrong with the rest.
    ``works``: office documents pass too (the entry is a work, or its category is not
    chosen yet); the service checks each kept file again for the category saved."""
    _purge_expired(user)
    kept, problems = [], []
    for upload in uploads:
        try:
            upload.seek(0)
            checked = check_upload(upload, works=works)
        except ValidationError as error:
            problems.extend(error.messages)
            continue
        path = default_storage.save(
            f"{FOLDER}/{user.pk}/{uuid.uuid4().hex}.{checked.extension}",
            ContentFile(checked.content),
        )
        data = {"user": user.pk, "path": path, "name": checked.name, "size": len(checked.content)}
        kept.append(
            KeptFile(
                token=signing.dumps(data, salt=SALT),
                path=path,
                name=checked.name,
                size=len(checked.content),
            )
        )
    return kept, problems


def drafts_discard(*, files) -> None:
    """Once the entry is saved its copies are the stored evidence: the drafts go."""
    for kept in files:
        default_storage.delete(kept.path)


def _purge_expired(user) -> None:
    """A form abandoned after an error leaves its copies behind; their tokens expire in
    a day, so the person's older copies go the next time they keep any."""
    folder = f"{FOLDER}/{user.pk}"
    try:
        _, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return
    expired = timezone.now() - timedelta(seconds=MAX_AGE)
    for name in names:
        path = f"{folder}/{name}"
        if default_storage.get_modified_time(path) < expired:
            default_storage.delete(path)
