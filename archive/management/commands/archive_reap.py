"""Fail snapshot runs with no sign of work for ARCHIVE_REAP_AFTER_MINUTES (default 30):
a worker killed outright (SIGKILL, out of memory, a restarted machine) never reports,
and its task would stay RUNNING forever, blocking every later snapshot. Schedule it
every 10 minutes (README, «Архив»); a reaped snapshot can be started again."""

from django.core.management.base import BaseCommand

from archive.services import snapshots_reap


class Command(BaseCommand):
    help = "Снять с выполнения снимки архива, которые перестали формироваться."

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes", type=int, default=None, help="Сколько минут без признаков работы."
        )

    def handle(self, *args, minutes=None, **options):
        reaped = snapshots_reap(minutes=minutes)
        for snapshot in reaped:
            self.stdout.write(f"Снят с выполнения: {snapshot}")
        self.stdout.write(f"Снято: {len(reaped)}.")
