"""A snapshot's manifest (docs/archive-schema.md, «Манифест»): every file with its
size and SHA-256, the snapshot's metadata and the SHA-256 of the previous snapshot's
manifest. The manifest's own SHA-256 is kept in the database and printed on the
transfer act, so changing a file, the manifest or removing a whole snapshot breaks a
link somewhere."""

import hashlib
import json

from django.conf import settings

SCHEMA = "uchet-archive-manifest/1"


def manifest_bytes(*, snapshot, files, previous_sha256: str) -> bytes:
    """The manifest of ``snapshot`` listing ``files`` (ArchiveFile rows), in a stable
    form: keys sorted, UTF-8, one trailing newline."""
    document = {
        "schema": SCHEMA,
        "snapshot": {
            "id": snapshot.pk,
            "number": snapshot.number,
            "title": snapshot.title,
            "year": snapshot.year.name if snapshot.year_id else "",
            "period": snapshot.period.name if snapshot.period_id else "",
            "period_ends_on": snapshot.period_ends_on.isoformat(),
            "whole_organisation": snapshot.whole_organisation,
            "groups": snapshot.group_names.splitlines(),
            "started_by": snapshot.started_by_name,
            "created_at": snapshot.created_at.isoformat(),
            "finished_at": snapshot.finished_at.isoformat(),
            "software_version": settings.UCHET_VERSION,
        },
        "previous_manifest_sha256": previous_sha256,
        "files": [
            {
                "name": f.name,
                "kind": f.kind,
                "group": f.group_name,
                "storage_name": f.storage_name,
                "content_type": f.content_type,
                "size": f.size,
                "sha256": f.sha256,
            }
            for f in files
        ],
    }
    return (json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()


def parse(content: bytes) -> dict:
    """A manifest read back; ValueError if it is not one."""
    try:
        document = json.loads(content.decode())
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"манифест не читается: {error}") from error
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise ValueError("это не манифест снимка архива")
    return document


def sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
