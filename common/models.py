"""What every app's records share: who changed something and when (the history rows),
the files kept in private storage, and the log of documents handed out."""

from django.conf import settings
from django.db import models


class HistoryRow(models.Model):
    """One row of a history table: who made the change and when. Each table adds what
    changed (from, to) and why; rows are written by the service that makes the change,
    in its transaction, and never edited (ReadOnlyHistoryAdmin)."""

    changed_at = models.DateTimeField("когда", auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="кто"
    )

    class Meta:
        abstract = True
        ordering = ["-changed_at", "-pk"]


class StoredFile(models.Model):
    """A document checked by its content (common/files/) and kept in private storage
    under a random name; the name the family gave it is kept, sanitised, for the
    download. Its SHA-256 is recorded when it is written, so the bytes handed out later
    can be shown to be the bytes received. Each concrete model adds ``file`` (a
    FileField) and what the file belongs to."""

    original_name = models.CharField("имя файла", max_length=200)
    content_type = models.CharField("тип", max_length=100)
    size = models.PositiveIntegerField("размер, байт")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="кто"
    )
    uploaded_at = models.DateTimeField("загружен", auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name


class DocumentDownload(models.Model):
    """The log of documents handed out (R-SEC-3): stored files (an evidence scan, a
    credit-transfer attachment) and generated ones (a portfolio PDF, a class's
    spreadsheet, a credit-transfer order) carry the same personal data, so every
    download is recorded the same way, in this one table."""

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
        verbose_name = "скачивание документа"
        verbose_name_plural = "журнал скачиваний документов"
        ordering = ["-downloaded_at", "-pk"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="document_download_object_idx")
        ]

    def __str__(self):
        return f"{self.user} — {self.filename}"
