"""The letter to the family when a debt opens (003 §2.2.6: informing the learners and
their families of academic debts), sent by the worker after the mark's save commits.
The letter names the subject, the mark, the term and the two retakes; it carries no
link with a login or token, only the address of the e-diary."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from achievements.debts.selectors import mark_label
from achievements.models import AcademicDebt, DebtStatus
from learners.models import Guardian
from learners.selectors import organisation

log = logging.getLogger("uchet.debts")


def _diary_link(learner_id: int) -> str:
    try:
        path = reverse("diary", args=[learner_id])
    except NoReverseMatch:  # a deployment without the diary's urls
        return ""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


@task()
def send_debt_notice(debt_id: int) -> int:
    """Send each guardian with an e-mail address and an active account one letter of
    their own (one guardian does not see another's address). A debt cancelled or
    closed before the worker got to it is not announced."""
    debt = (
        AcademicDebt.objects.select_related(
            "learner", "subject", "group", "mark__period__year", "mark__year"
        )
        .filter(pk=debt_id, status=DebtStatus.OPEN)
        .first()
    )
    if debt is None:
        return 0
    guardians = (
        Guardian.objects.filter(guardianships__learner_id=debt.learner_id, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
        .order_by("pk")
        .distinct()
    )
    context = {
        "debt": debt,
        "label": mark_label(debt.mark),
        "organisation": organisation(),
        "link": _diary_link(debt.learner_id),
    }
    subject = " ".join(render_to_string("achievements/debts/notice_subject.txt", context).split())
    sent, failed = 0, 0
    for guardian in guardians:
        body = render_to_string(
            "achievements/debts/notice_email.txt", context | {"guardian": guardian}
        )
        try:
            EmailMessage(subject, body, to=[guardian.user.email]).send()
        except Exception:
            failed += 1
            log.exception("debt notice %s to guardian %s not sent", debt.pk, guardian.pk)
            continue
        sent += 1
    if failed:
        raise RuntimeError(f"{failed} debt notice(s) not sent, see the log")
    return sent
