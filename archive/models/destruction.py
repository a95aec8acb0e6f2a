"""Acts of destruction (R-AR-4): files past their retention term are destroyed only by
an act the director approves; the act and the files' rows stay, so the manifests and
the chain remain verifiable."""

from django.conf import settings
from django.db import models

from common.models import HistoryRow


class DestructionStatus(models.TextChoices):
    DRAFT = "draft", "Составлен, ожидает утверждения"
    APPROVED = "approved", "Утверждён директором"
    REFUSED = "refused", "Не утверждён"
    EXECUTED = "executed", "Файлы уничтожены"


class DestructionAct(models.Model):
    created_at = models.DateTimeField("составлен", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кто составил",
    )
    status = models.CharField(
        "состояние",
        max_length=10,
        choices=DestructionStatus.choices,
        default=DestructionStatus.DRAFT,
    )
    files = models.ManyToManyField(
        "archive.ArchiveFile", related_name="destruction_acts", verbose_name="файлы"
    )
    approved_at = models.DateTimeField("утверждён", null=True, blank=True)
    approved_by_name = models.CharField("кто утвердил", max_length=300, blank=True)
    executed_at = models.DateTimeField("исполнен", null=True, blank=True)

    class Meta:
        verbose_name = "акт о выделении к уничтожению"
        verbose_name_plural = "акты о выделении к уничтожению"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Акт № {self.pk} от {self.created_at:%d.%m.%Y}"


class DestructionChange(HistoryRow):
    act = models.ForeignKey(
        DestructionAct, on_delete=models.PROTECT, related_name="changes", verbose_name="акт"
    )
    old_status = models.CharField("было", max_length=10, choices=DestructionStatus.choices)
    new_status = models.CharField("стало", max_length=10, choices=DestructionStatus.choices)
    comment = models.CharField("комментарий", max_length=500, blank=True)

    class Meta(HistoryRow.Meta):
        verbose_name = "шаг акта об уничтожении"
        verbose_name_plural = "история актов об уничтожении"

    def __str__(self):
        return f"{self.act}: {self.get_new_status_display()}"
