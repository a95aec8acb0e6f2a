"""Verify the archive (R-AR-2): re-hash every file, check every manifest and the hash
chain, report changed, missing and unknown files. Exit status 1 when anything is
wrong, so a scheduler (cron, a systemd timer) can alert. Run at least monthly; the
deputy's start page warns when the last run is older than a month."""

from django.core.management.base import BaseCommand, CommandError

from archive.services import archive_verify
from archive.services.verification import problem_text


class Command(BaseCommand):
    help = "Проверить целостность архива: файлы, манифесты и цепочку хешей."

    def handle(self, *args, **options):
        verification = archive_verify(actor=None)
        self.stdout.write(
            f"Проверено снимков: {verification.snapshots_checked}, "
            f"файлов: {verification.files_checked}."
        )
        if verification.ok:
            self.stdout.write(self.style.SUCCESS("Архив цел."))
            return
        for problem in verification.problems:
            self.stdout.write(f"  {problem_text(problem)}")
        raise CommandError(f"Найдено нарушений: {len(verification.problems)}.")
