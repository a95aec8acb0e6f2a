"""The mail backend of a production server whose EMAIL_URL is missing: a letter fails
with a clear error (kept on the letter's outbox row) instead of being printed, reset
link and children's names included, into the log."""

from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend


class UnconfiguredBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        raise ImproperlyConfigured(
            "Почта не настроена: задайте EMAIL_URL (см. .env.example), письмо не отправлено."
        )
