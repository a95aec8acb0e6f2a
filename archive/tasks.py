"""Background work of the archive (the database worker in production, the immediate
backend in tests)."""

from django.tasks import task

from archive.services.snapshots import snapshot_build


@task()
def snapshot_build_task(snapshot_id: int) -> None:
    snapshot_build(snapshot_id=snapshot_id)
