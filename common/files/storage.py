"""Checked files written to private storage, with their rows."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from common.files.checks import CheckedFile, check_upload
from common.models import StoredFile


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
    model: type[StoredFile],
    uploads,
    *,
    folder: str,
    uploaded_by,
    extra=None,
    works: bool = False,
    **fields,
) -> list[StoredFile]:
    """Check every upload first, so that one bad file stores none of them, then store
    each and create its ``model`` row: ``fields`` are shared by all rows (what they
    belong to), ``extra`` gives each row its own (the kind of an attachment).
    ``works``: the files are works of the portfolio, so office documents pass too."""
    checked = [check_upload(upload, works=works) for upload in uploads]
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
