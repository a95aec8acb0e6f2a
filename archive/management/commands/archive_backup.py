"""Back up the archive (R-AR-3, 003 §6.3): copy the files and an export of the
archive's rows to every location of settings.ARCHIVE_BACKUP_STORAGES, verify each copy
against the manifests and record the backup. Exit status 1 when any copy failed, so a
scheduler (cron, a systemd timer) can alert. Run at least once a year, before
25 January; the deputy's start page warns otherwise."""

from django.core.management.base import BaseCommand, CommandError

from archive.services.backup import archive_backup


class Command(BaseCommand):
    help = "Создать резервную копию архива во всех местах хранения и проверить каждую копию."

    def handle(self, *args, **options):
        backup = archive_backup(actor=None)
        copies = list(backup.copies.order_by("pk"))
        self.stdout.write(f"Файлов архива: {backup.files}.")
        for copy in copies:
            self.stdout.write(
                f"{copy.location}: скопировано файлов {copy.files_copied}, "
                f"проверено {copy.files_verified}."
            )
            if copy.ok:
                self.stdout.write(self.style.SUCCESS("  Копия проверена."))
            else:
                self.stdout.write(self.style.ERROR(f"  Ошибка: {copy.error}"))
        if not copies:
            raise CommandError(
                "Места хранения резервных копий не настроены (ARCHIVE_BACKUP_STORAGES)."
            )
        if not backup.ok:
            failed = sum(1 for c in copies if not c.ok)
            raise CommandError(
                f"Копия не создана или не проверена в {failed} из {len(copies)} мест."
            )
        self.stdout.write(self.style.SUCCESS("Резервная копия архива создана и проверена."))
