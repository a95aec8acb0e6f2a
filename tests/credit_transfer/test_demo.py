"""The demo school's credit-transfer applications: one in each state a newcomer should
see, written by the workflow's own services, consistent with the journal. One test:
generating the demo school takes seconds."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from achievements.models import Exemption, JournalCell, MarkOrigin, PeriodMark
from credit_transfer.models import Application, ApplicationChange, Notification, Outcome, Status

pytestmark = pytest.mark.django_db


def test_demo_credit_applications_one_in_each_state_consistent():
    call_command("demo_school", stdout=StringIO())
    demo = {a.status: a for a in Application.objects.select_related("learner__user", "applicant")}
    assert sorted(demo) == sorted(
        [
            Status.WITH_TEACHER,
            Status.SUBMITTED,
            Status.DOCUMENTS_REQUESTED,
            Status.WITH_COUNCIL,
            Status.DECIDED,
            Status.ORDER_ISSUED,
        ]
    )

    # The demo family's application waits for the English teacher of 7А.
    family = demo[Status.WITH_TEACHER]
    assert (family.applicant.username, family.learner.user.username) == ("roditel", "uchenik")
    assert list(family.changes.values_list("action", flat=True)) == [
        "Заявление подано",
        "Принято к рассмотрению",
        "Передано учителю-предметнику",
    ]

    # The council decided, and the family has not been told in five working days.
    overdue = demo[Status.WITH_COUNCIL]
    assert overdue.decision_notified_at is None
    assert overdue.notify_by < timezone.localdate()
    assert overdue.council_protocol_date == overdue.decision_taken_on

    refused = demo[Status.DECIDED]
    assert refused.outcome == Outcome.REFUSED
    assert [line.subject.name for line in refused.lines.all()] == ["Алгебра"]

    assert_approved_in_journal(demo[Status.ORDER_ISSUED])

    for application in demo.values():
        moments = list(application.changes.values_list("changed_at", flat=True))
        assert moments == sorted(moments)
        assert moments[0] == application.submitted_at
        assert timezone.localdate(moments[-1]) <= timezone.localdate()
    # One letter for every move of a status (the council's protocol is told with the
    # decision), all of them marked sent: the demo's past is not mailed again.
    moves = ApplicationChange.objects.exclude(old_status=F("new_status"))
    assert Notification.objects.count() == moves.count() == 17
    assert not Notification.objects.filter(sent_at__isnull=True).exists()


def assert_approved_in_journal(approved):
    """The approved application credited its mark and exempts the learner by order."""
    line = approved.lines.get()
    assert approved.outcome == Outcome.APPROVED
    mark = PeriodMark.objects.get(
        learner=approved.learner, subject=line.subject, period=approved.period
    )
    assert (mark.value, mark.origin) == ("5", MarkOrigin.CREDITED)
    assert mark.credit_source == "МБУ ДО «Спортивная школа олимпийского резерва № 3»"
    exemption = Exemption.objects.get(learner=approved.learner, subject=line.subject)
    assert (exemption.starts_on, exemption.ends_on) == (
        approved.order_date,
        approved.period.ends_on,
    )
    # No journal cell is left on a lesson the learner is exempt from.
    assert not JournalCell.objects.filter(
        learner=approved.learner,
        lesson__subject=line.subject,
        lesson__date__gte=exemption.starts_on,
    ).exists()
