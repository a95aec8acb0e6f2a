"""Invitations of the parents whose accounts a roster import made: a one-time link to
set their password, sent by the worker (DESIGN: django.tasks) after the import commits.

The link is Django's password-reset token for the account: it holds a hash of the
account's password, so it stops working once the parent has set one, and it expires
after PASSWORD_RESET_TIMEOUT. Nothing of it is stored."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from learners.selectors import organisation
from learners.terms import terms_for

log = logging.getLogger("uchet.roster")


def invitation_link(user) -> str:
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL.rstrip('/')}{path}"


@task()
def send_invitations(user_ids: list[int]) -> int:
    """Send each account its invitation, unless its owner has already set a password
    (an earlier letter used) or it is switched off. A failed letter is logged and the
    others still go; the task then fails, so the worker records it."""
    users = (
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .select_related("guardian")
        .order_by("pk")
    )
    school = organisation()
    sent, failed = 0, 0
    for user in users:
        if not user.email or user.has_usable_password():
            continue
        context = {
            "user": user,
            "guardian": getattr(user, "guardian", None),
            "organisation": school,
            "terms": terms_for(school),
            "link": invitation_link(user),
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        subject = render_to_string("learners/roster/invitation_subject.txt", context)
        body = render_to_string("learners/roster/invitation_email.txt", context)
        try:
            EmailMessage(" ".join(subject.split()), body, to=[user.email]).send()
        except Exception:
            failed += 1
            log.exception("roster invitation to user %s not sent", user.pk)
            continue
        sent += 1
    log.info("roster invitations: sent=%s failed=%s", sent, failed)
    if failed:
        raise RuntimeError(f"{failed} invitation(s) not sent, see the log")
    return sent
