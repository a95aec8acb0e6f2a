from django.urls import path

from archive.views import index, retention, snapshots

urlpatterns = [
    path("", index.index, name="archive_index"),
    path("verify/", index.verify, name="archive_verify"),
    path("backup/", index.backup, name="archive_backup"),
    path("snapshots/new/", snapshots.snapshot_new, name="archive_snapshot_new"),
    path("snapshots/<id:pk>/", snapshots.snapshot_detail, name="archive_snapshot"),
    path(
        "snapshots/<id:pk>/progress/", snapshots.snapshot_progress, name="archive_snapshot_progress"
    ),
    path("snapshots/<id:pk>/retry/", snapshots.snapshot_retry, name="archive_snapshot_retry"),
    path(
        "snapshots/<id:pk>/transfer/", snapshots.snapshot_transfer, name="archive_snapshot_transfer"
    ),
    path("snapshots/<id:pk>/manifest/", snapshots.manifest_download, name="archive_manifest"),
    path("snapshots/<id:pk>/act.pdf", snapshots.transfer_act, name="archive_transfer_act"),
    path("files/<id:pk>/", snapshots.file_download, name="archive_file"),
    path("expired/", retention.expired, name="archive_expired"),
    path("acts/", retention.acts, name="archive_acts"),
    path("acts/<id:pk>/", retention.act_detail, name="archive_act"),
    path("acts/<id:pk>/transition/", retention.act_transition, name="archive_act_transition"),
    path("acts/<id:pk>/act.pdf", retention.act_pdf, name="archive_act_pdf"),
    path("downloads/", index.downloads, name="archive_downloads"),
]
