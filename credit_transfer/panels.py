"""The credit-transfer panels of the start pages (common/panels.py): the applications
by their deadline for the deputy and the director, the paper applications still to
register for whoever typed them in, and the lines waiting for a teacher's conversion.
A fixed number of queries whatever the number of applications: counts in SQL, the list
cut to a few rows, the working-day calendar read once (selectors.with_deadlines)."""

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from common.panels import register
from credit_transfer import selectors
from credit_transfer.models import OPEN_STATUSES, Application, Status
from learners.access import has_role
from learners.models import Role

SHOWN = 10


def register_panels() -> None:
    register("overview", "applications", overview_applications, order=20)
    register("my_class", "credit_lines", teacher_lines, order=40)
    register("my_classes", "credit_lines", teacher_lines, order=20)


def overview_applications(request) -> str:
    user = request.user
    office = has_role(user, Role.DEPUTY, Role.DIRECTOR)
    # The clerk and the deputy register paper applications (credit_transfer.views):
    # a draft they typed in waits for them until it is registered.
    registers = has_role(user, Role.DEPUTY, Role.CLERK)
    if not (office or registers):
        return ""
    today = timezone.localdate()
    context = {"office": office, "registers": registers}
    if office:
        # Open and not yet told: what still runs against the family's deadline.
        waiting = Application.objects.filter(
            status__in=OPEN_STATUSES, decision_notified_at__isnull=True
        )
        shown = list(
            selectors.deputy_queue(waiting, today=today).select_related(
                "learner", "group", "period", "year"
            )[:SHOWN]
        )
        count = waiting.count()
        context.update(
            applications=selectors.with_deadlines(shown, today=today) if shown else [],
            count=count,
            more=count - len(shown),
            overdue=waiting.filter(notify_by__lt=today).count(),
            # The order is the director's (credit_transfer.workflow).
            to_order=(
                Application.objects.filter(status=Status.DECIDED).count()
                if has_role(user, Role.DIRECTOR)
                else None
            ),
        )
    if registers:
        context["drafts"] = list(
            Application.objects.filter(Q(status=Status.DRAFT) & Q(created_by=user))
            .select_related("learner")
            .order_by("created_at", "pk")[:SHOWN]
        )
    return render_to_string("credit_transfer/panels/applications.html", context, request=request)


def teacher_lines(request) -> str:
    """Lines of the teacher's subjects waiting for their conversion decision; nothing
    when none waits (most teachers never see an application)."""
    if not has_role(request.user, Role.TEACHER):
        return ""
    lines = list(
        selectors.teacher_lines(request.user)
        .filter(application__status=Status.WITH_TEACHER, conversion="")
        .select_related("application__learner", "application__group", "subject")
        .order_by("application__submitted_at", "order", "pk")[: SHOWN + 1]
    )
    if not lines:
        return ""
    return render_to_string(
        "credit_transfer/panels/teacher_lines.html",
        {"lines": lines[:SHOWN], "more": len(lines) > SHOWN},
        request=request,
    )
