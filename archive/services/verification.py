"""Verifying the archive (R-AR-2): every file re-hashed against its manifest, every
manifest against the hash kept in the database, every link of the chain against the
previous manifest, and the storage searched for files nobody listed. The result is
stored with its date; the deputy's start page warns when it failed or is old."""

from django.db import transaction
from django.utils import timezone

from archive import manifest
from archive.models import Snapshot, SnapshotStatus, Verification
from archive.storage import archive_storage, sha256_of, walk

PROBLEMS = {
    "manifest_missing": "нет манифеста снимка",
    "manifest_changed": "манифест изменён (его SHA-256 не совпадает с записанным)",
    "manifest_unreadable": "манифест не читается",
    "chain_broken": "разорвана цепочка: ссылка на предыдущий манифест не совпадает",
    "chain_gap": "в цепочке нет снимка (удалён целиком)",
    "chain_head_missing": "последний снимок прошлой проверки отсутствует или заменён",
    "file_missing": "файл отсутствует",
    "file_changed": "файл изменён (SHA-256 не совпадает)",
    "file_unlisted": "файл не указан в манифесте",
    "file_unknown": "посторонний файл в хранилище архива",
}
ROOT = "snapshots"


def problem_text(problem: dict) -> str:
    parts = [PROBLEMS.get(problem.get("problem"), problem.get("problem", ""))]
    if problem.get("snapshot"):
        parts.append(f"снимок № {problem['snapshot']}")
    if problem.get("name"):
        parts.append(problem["name"])
    if problem.get("detail"):
        parts.append(problem["detail"])
    return "; ".join(parts)


def archive_verify(*, actor=None) -> Verification:
    storage = archive_storage()
    problems: list[dict] = []
    snapshots = list(
        Snapshot.objects.filter(status=SnapshotStatus.COMPLETE)
        .prefetch_related("files")
        .order_by("number")
    )
    known: set[str] = set()
    files_checked = 0
    previous = None
    for snapshot in snapshots:
        known.add(snapshot.manifest_name)
        expected_number = previous.number + 1 if previous else 1
        if snapshot.number != expected_number:
            problems.append(
                _problem(
                    "chain_gap",
                    snapshot,
                    detail=f"ожидался № {expected_number}, следующий — № {snapshot.number}",
                )
            )
        expected_previous = previous.manifest_sha256 if previous else ""
        listed = _check_manifest(storage, snapshot, expected_previous, problems)
        files_checked += _check_files(storage, snapshot, listed, known, problems)
        previous = snapshot
    in_progress = [
        f"{ROOT}/{pk:06d}/"
        for pk in Snapshot.objects.filter(run_key__isnull=False).values_list("pk", flat=True)
    ]
    for name in sorted(walk(storage, ROOT)):
        if name not in known and not name.startswith(tuple(in_progress)):
            problems.append(_problem("file_unknown", None, name=name))
    _check_head(snapshots, problems)
    head = snapshots[-1] if snapshots else None
    with transaction.atomic():
        return Verification.objects.create(
            started_by=actor,
            finished_at=timezone.now(),
            ok=not problems,
            snapshots_checked=len(snapshots),
            files_checked=files_checked,
            problems=problems,
            head_number=head.number if head else None,
            head_sha256=head.manifest_sha256 if head else "",
        )


def _problem(code: str, snapshot, *, name: str = "", detail: str = "") -> dict:
    return {
        "problem": code,
        "snapshot": snapshot.number if snapshot else None,
        "name": name,
        "detail": detail,
    }


def _check_manifest(storage, snapshot, expected_previous: str, problems) -> dict | None:
    """The files the manifest lists, by name, if the manifest is the one recorded;
    None otherwise (the database rows are then what the files are checked against)."""
    try:
        with storage.open(snapshot.manifest_name, "rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError):
        problems.append(_problem("manifest_missing", snapshot, name=snapshot.manifest_name))
        return None
    if manifest.sha256(content) != snapshot.manifest_sha256:
        problems.append(_problem("manifest_changed", snapshot, name=snapshot.manifest_name))
        return None
    try:
        document = manifest.parse(content)
    except ValueError as error:
        problems.append(_problem("manifest_unreadable", snapshot, detail=str(error)))
        return None
    if document.get("previous_manifest_sha256") != expected_previous or (
        snapshot.previous_sha256 != expected_previous
    ):
        problems.append(_problem("chain_broken", snapshot))
    return {entry["name"]: entry for entry in document.get("files", [])}


def _check_files(storage, snapshot, listed, known, problems) -> int:
    checked = 0
    rows = {row.name: row for row in snapshot.files.all()}
    if listed is not None:
        for name in rows.keys() - listed.keys():
            problems.append(_problem("file_unlisted", snapshot, name=name))
    for name, row in sorted(rows.items()):
        known.add(row.storage_name)
        entry = (listed or {}).get(name, {"sha256": row.sha256, "size": row.size})
        if row.destroyed_at is not None:
            # Destroyed by an approved act: its absence is expected, the manifest
            # still lists it and the chain still holds.
            continue
        checked += 1
        try:
            digest, size = sha256_of(storage, row.storage_name)
        except (FileNotFoundError, OSError):
            problems.append(_problem("file_missing", snapshot, name=name))
            continue
        if digest != entry["sha256"] or digest != row.sha256 or size != row.size:
            problems.append(_problem("file_changed", snapshot, name=name))
    return checked


def _check_head(snapshots, problems) -> None:
    """The previous verification saw a chain head: it must still be there, unchanged,
    or a removal of the newest snapshot would go unseen."""
    last = Verification.objects.exclude(head_number=None).order_by("-started_at", "-pk").first()
    if last is None:
        return
    by_number = {s.number: s for s in snapshots}
    seen = by_number.get(last.head_number)
    if seen is None or seen.manifest_sha256 != last.head_sha256:
        problems.append(
            {
                "problem": "chain_head_missing",
                "snapshot": last.head_number,
                "name": "",
                "detail": f"проверка от {timezone.localtime(last.started_at):%d.%m.%Y %H:%M}",
            }
        )
