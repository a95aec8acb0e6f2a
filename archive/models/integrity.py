"""Verification runs (R-AR-2) and backups (R-AR-3): each stored with its date and
what it found, so the deputy sees when the archive was last proven intact and copied."""

from django.conf import settings
from django.db import models


class Verification(models.Model):
    started_at = models.DateTimeField("начата", auto_now_add=True)
    finished_at = models.DateTimeField("завершена", null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто запустил",
    )
    ok = models.BooleanField("архив цел", default=False)
    snapshots_checked = models.PositiveIntegerField("снимков проверено", default=0)
    files_checked = models.PositiveIntegerField("файлов проверено", default=0)
    # Problems found: a list of {"problem": code, "snapshot": number, "name": ..., "detail": ...}.
    problems = models.JSONField("нарушения", default=list, blank=True)
    # The chain's head as this run saw it: a later run notices the last snapshot gone.
    head_number = models.PositiveIntegerField("последний снимок цепочки", null=True, blank=True)
    head_sha256 = models.CharField("SHA-256 его манифеста", max_length=64, blank=True)

    class Meta:
        verbose_name = "проверка целостности архива"
        verbose_name_plural = "проверки целостности архива"
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"Проверка {self.started_at:%d.%m.%Y %H:%M}: {'цел' if self.ok else 'нарушения'}"


class Backup(models.Model):
    created_at = models.DateTimeField("создана", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто запустил",
    )
    ok = models.BooleanField("все копии проверены", default=False)
    files = models.PositiveIntegerField("файлов", default=0)

    class Meta:
        verbose_name = "резервная копия архива"
        verbose_name_plural = "резервные копии архива"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Резервная копия {self.created_at:%d.%m.%Y %H:%M}"


class BackupCopy(models.Model):
    """The copy in one of the configured locations."""

    backup = models.ForeignKey(
        Backup, on_delete=models.CASCADE, related_name="copies", verbose_name="резервная копия"
    )
    location = models.CharField("место хранения", max_length=500)
    ok = models.BooleanField("проверена", default=False)
    files_copied = models.PositiveIntegerField("скопировано файлов", default=0)
    files_verified = models.PositiveIntegerField("проверено файлов", default=0)
    error = models.TextField("ошибка", blank=True)

    class Meta:
        verbose_name = "копия в месте хранения"
        verbose_name_plural = "копии в местах хранения"
        ordering = ["backup", "pk"]

    def __str__(self):
        return self.location
