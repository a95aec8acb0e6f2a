"""Where the archive's files live: the ``archive`` storage of settings.STORAGES (a
private folder by default; any Django storage, S3-compatible included, in production).
Nothing in it is ever served by URL: views stream files after the access check."""

import hashlib

from django.core.files.base import ContentFile
from django.core.files.storage import storages

ALIAS = "archive"
CHUNK = 1024 * 1024


def archive_storage():
    return storages[ALIAS]


def write(storage, name: str, content: bytes) -> None:
    """Write ``content`` under exactly ``name``: an existing file of that name (left by
    a failed run) is replaced, never renamed beside."""
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, ContentFile(content))
    if saved != name:
        storage.delete(saved)
        raise OSError(f"хранилище записало файл под другим именем: {saved}")


def sha256_of(storage, name: str) -> tuple[str, int]:
    """The SHA-256 and size of a stored file, read in chunks (files can be large)."""
    digest, size = hashlib.sha256(), 0
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def walk(storage, folder: str = ""):
    """Every file name under ``folder``, recursively (storages list one level)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from walk(storage, f"{folder}/{sub}" if folder else sub)
