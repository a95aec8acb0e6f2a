"""The log of generated documents handed out (R-SEC-3): a portfolio PDF, a class's
spreadsheet, a credit-transfer order carry personal data just as a scanned diploma
does, so each download is recorded the same way."""

from django.conf import settings
from django.db import models


class DocumentDownload(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="кто"
    )
    downloaded_at = models.DateTimeField("когда", auto_now_add=True, db_index=True)
    # A code of the document kind, e.g. "portfolio_pdf", "credit_order".
    kind = models.CharField("вид документа", max_length=50)
    # What the document is about: "learners.learner" 17 «Антонова Мария Ивановна».
    # Kept as text, not a foreign key: the log outlives the record and names it still.
    object_type = models.CharField("тип объекта", max_length=100)
    object_id = models.CharField("номер объекта", max_length=64)
    object_repr = models.CharField("объект", max_length=300)
    filename = models.CharField("имя файла", max_length=255)
    size = models.PositiveIntegerField("размер, байт")
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        verbose_name = "скачивание сформированного документа"
        verbose_name_plural = "журнал скачиваний сформированных документов"
        ordering = ["-downloaded_at", "-pk"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="document_download_object_idx")
        ]

    def __str__(self):
        return f"{self.user} — {self.filename}"
