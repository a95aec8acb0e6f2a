"""What accounts need beyond Django's own tables."""

from django.db import models


class PasswordResetRequest(models.Model):
    """One request for a password-reset letter. Kept for a day so that the letters an
    address, or a client, may ask for can be counted (learners.services)."""

    email = models.CharField("адрес", max_length=254, db_index=True)
    client = models.GenericIPAddressField("откуда", null=True, blank=True)
    requested_at = models.DateTimeField("когда", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "запрос на восстановление пароля"
        verbose_name_plural = "запросы на восстановление пароля"

    def __str__(self):
        return f"{self.email} {self.requested_at:%d.%m.%Y %H:%M}"
