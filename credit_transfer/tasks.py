"""Background delivery of the family's notifications (DESIGN: django.tasks; the
database-backed worker in production, the immediate backend in tests)."""

import logging

from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from credit_transfer.models import Notification

log = logging.getLogger("uchet.credit")


@task()
def deliver_notification(notification_id: int) -> None:
    """Send one notification once. A failure is kept on the row for the deputy to see
    and raised, so the worker records the task as failed."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update()
            .filter(pk=notification_id, sent_at__isnull=True)
            .first()
        )
        if notification is None:
            return
        if not notification.recipient:
            notification.error = "У заявителя не указан адрес электронной почты."
            notification.save(update_fields=["error"])
            return
        try:
            EmailMessage(
                notification.subject, notification.body, to=[notification.recipient]
            ).send()
        except Exception as error:
            notification.error = f"{type(error).__name__}: {error}"[:500]
            notification.save(update_fields=["error"])
            log.exception("credit notification %s not sent", notification.pk)
            raise
        notification.sent_at, notification.error = timezone.now(), ""
        notification.save(update_fields=["sent_at", "error"])
