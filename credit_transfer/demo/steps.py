"""The workflow's steps as the demo school took them, through the services, and the
clock set back afterwards: the demo's past happened on past days."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from achievements.models import CellChange, JournalCell
from credit_transfer import services
from credit_transfer.models import Application, ApplicationChange, Notification, Status
from learners.calendar import WorkingCalendar


def working_days_back(calendar: WorkingCalendar, today: date, count: int) -> date:
    day, left = today, count
    while left > 0:
        day -= timedelta(days=1)
        if calendar.is_working(day):
            left -= 1
    return day


def moment(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 15)))


def backdate(application: Application, when: datetime) -> None:
    """Set the latest step of the history (and its letter) to the day it happened."""
    change = application.changes.order_by("-pk").first()
    ApplicationChange.objects.filter(pk=change.pk).update(changed_at=when)
    Notification.objects.filter(change=change).update(created_at=when, sent_at=when)


def take_step(application, step: str, day: date, *, deputy, director) -> Application:
    move = services.application_transition
    if step == "review":
        return move(application=application, to=Status.UNDER_REVIEW, actor=deputy)
    if step == "to_teacher":
        return move(
            application=application,
            to=Status.WITH_TEACHER,
            actor=deputy,
            comment="Прошу решить, с какой отметкой зачесть результат.",
        )
    if step == "request_documents":
        return move(
            application=application,
            to=Status.DOCUMENTS_REQUESTED,
            actor=deputy,
            comment="В справке нет печати и подписи руководителя организации: приложите "
            "заверенную справку (выписку) с отметками (п. 4.4, 4.8 Положения).",
        )
    if step == "to_council":
        return move(
            application=application,
            to=Status.WITH_COUNCIL,
            actor=deputy,
            comment="Наименование курса или объём часов отличаются от учебного плана.",
        )
    if step == "council":
        return services.council_record(
            application=application,
            protocol_number=f"{day.month}",
            protocol_date=day,
            decisions={line.pk: "credit" for line in application.lines.all()},
            actor=deputy,
        )
    if step == "decide":
        return move(
            application=application, to=Status.DECIDED, actor=deputy, decided_on=day, decisions={}
        )
    return move(
        application=application,
        to=Status.ORDER_ISSUED,
        actor=director,
        order_number=f"{day.month * 10 + day.day}-у",
        order_date=day,
    )


def clear_exempt_cells(application: Application) -> None:
    """The journal generator gave marks on lessons the learner is now exempt from; a
    teacher's save would have refused them (achievements.journal.cell_save)."""
    for line in application.lines.select_related("exemption"):
        exemption = line.exemption
        if exemption is None:
            continue
        cells = JournalCell.objects.filter(
            learner=application.learner,
            lesson__subject=line.subject,
            lesson__date__gte=exemption.starts_on,
        )
        CellChange.objects.filter(cell__in=cells).delete()
        cells.delete()
