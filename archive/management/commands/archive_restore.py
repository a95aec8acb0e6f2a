"""Restore the archive (R-AR-3) from a backup copy into an empty installation —
after the server was lost, say — and verify it. Exit status 1 when the restore is
refused or the restored archive does not verify."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from archive.services.backup import archive_restore
from archive.services.verification import problem_text


class Command(BaseCommand):
    help = "Восстановить архив из резервной копии в пустую установку и проверить его."

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument(
            "--from",
            dest="alias",
            metavar="ALIAS",
            help="место хранения копии из настройки STORAGES, например archive_backup_1",
        )
        source.add_argument("--path", metavar="DIR", help="папка с копией")

    def handle(self, *args, **options):
        try:
            verification = archive_restore(alias=options["alias"], path=options["path"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"Восстановлено и проверено снимков: {verification.snapshots_checked}, "
            f"файлов: {verification.files_checked}."
        )
        if verification.ok:
            self.stdout.write(self.style.SUCCESS("Архив цел."))
            return
        for problem in verification.problems:
            self.stdout.write(f"  {problem_text(problem)}")
        raise CommandError(
            f"Архив восстановлен, но проверка нашла нарушений: {len(verification.problems)}."
        )
