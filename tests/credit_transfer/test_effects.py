"""What a credit-transfer decision writes into the learner's record (000 §5.4–5.6):
credited marks, kept apart from the school's own, and exemptions from lessons by the
director's order; exactly once however often a step is repeated; and ending the
exemption returns the learner to lessons and to attestation on general grounds."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from achievements import credits, journal
from achievements.models import Exemption, MarkKind, MarkOrigin, PeriodMark, PeriodMarkChange
from credit_transfer import services
from credit_transfer.models import Outcome, Status
from learners.models import StudyPeriod
from tests.achievements.factories import LessonFactory
from tests.credit_transfer.conftest import make_application, submit

pytestmark = pytest.mark.django_db


def approve(school, lines=("Информатика",), **fields):
    application = submit(make_application(school, list(lines), **fields), school.parent)
    for to in (Status.UNDER_REVIEW, Status.DECIDED):
        application = services.application_transition(
            application=application, to=to, actor=school.deputy
        )
    return application


def order(application, school, day=None):
    return services.application_transition(
        application=application,
        to=Status.ORDER_ISSUED,
        actor=school.director,
        order_number="17-у",
        order_date=day or timezone.localdate(),
    )


def test_approval_writes_credited_year_mark_once(school):
    application = approve(school)
    mark = PeriodMark.objects.get(learner=school.learner)
    assert (mark.kind, mark.value, mark.origin, mark.year) == (
        MarkKind.YEAR,
        "5",
        MarkOrigin.CREDITED,
        school.year,
    )
    assert mark.credit_source == "ГБУ ДО «IT-куб»"
    assert mark.credit_original == "«5» (пятибалльная), Информатика, 34 ч"
    assert mark.credit_reference == (
        f"заявление № {application.number}, решение от {timezone.localdate():%d.%m.%Y}"
    )
    change = PeriodMarkChange.objects.get(mark=mark)
    assert (change.old_value, change.new_value, change.changed_by) == ("", "5", school.deputy)
    assert application.lines.get().period_mark == mark

    # Repeating the decision is refused and writes nothing; so is recording the same credit.
    with pytest.raises(ValidationError):
        services.application_transition(
            application=application, to=Status.DECIDED, actor=school.deputy
        )
    credits.credited_mark_record(
        learner=school.learner,
        subject=mark.subject,
        year=school.year,
        period=None,
        value="5",
        source=mark.credit_source,
        original=mark.credit_original,
        reference=mark.credit_reference,
        actor=school.deputy,
    )
    assert PeriodMark.objects.filter(learner=school.learner).count() == 1
    assert PeriodMarkChange.objects.filter(mark__learner=school.learner).count() == 1
    assert PeriodMark.objects.get(pk=mark.pk).version == mark.version


def test_approval_for_a_period_replaces_own_mark_with_history(school):
    period = school.current_period
    PeriodMark.objects.create(
        learner=school.learner, subject=school.subjects["Информатика"], year=school.year,
        kind=MarkKind.PERIOD, period=period, value="4", updated_by=school.deputy,
    )  # fmt: skip
    approve(school, period=period)
    mark = PeriodMark.objects.get(learner=school.learner, period=period)
    assert (mark.value, mark.origin) == ("5", MarkOrigin.CREDITED)
    assert list(mark.changes.values_list("old_value", "new_value")) == [("4", "5")]


def test_approval_outcomes(school):
    assert approve(school).outcome == Outcome.APPROVED
    partly = approve(school, lines=("Информатика", "Алгебра"))
    assert partly.outcome == Outcome.PARTLY
    assert list(partly.lines.values_list("decision", "credited_value")) == [
        ("credited", "5"),
        ("refused", ""),
    ]


def test_order_exempts_from_order_date_to_period_end_once(school):
    period = school.current_period
    application = approve(school, period=period)
    day = timezone.localdate()
    application = order(application, school, day)
    exemption = Exemption.objects.get(learner=school.learner)
    assert (exemption.starts_on, exemption.ends_on, exemption.created_by) == (
        day,
        period.ends_on,
        school.director,
    )
    assert exemption.order_reference == f"приказ № 17-у от {day:%d.%m.%Y}"
    with pytest.raises(ValidationError):
        order(application, school, day)
    assert Exemption.objects.filter(learner=school.learner).count() == 1


def test_order_without_exemption_requested_exempts_nobody(school):
    order(approve(school, wants_exemption=False), school)
    assert not Exemption.objects.exists()


def test_order_refused_for_refused_outcome_and_bad_dates(school):
    refused = approve(school, lines=("Алгебра",))
    with pytest.raises(ValidationError) as error:
        order(refused, school)
    assert error.value.messages == ["В зачёте отказано: приказ об освобождении не издаётся."]
    approved = approve(school)
    with pytest.raises(ValidationError) as error:
        order(approved, school, timezone.localdate() + timedelta(days=1))
    assert error.value.messages == ["Дата приказа не может быть в будущем."]
    with pytest.raises(ValidationError) as error:
        order(approved, school, timezone.localdate() - timedelta(days=1))
    assert error.value.messages == [
        f"Решение принято {timezone.localdate():%d.%m.%Y}: приказ не может быть издан раньше."
    ]


@pytest.fixture
def lessons(school):
    """English lessons in 7А before today, today, and after today, each in its period."""
    subject = school.subjects["Иностранный язык (английский)"]
    today = timezone.localdate()
    days = (today - timedelta(days=1), today, today + timedelta(days=1))
    return [
        LessonFactory(
            group=school.group, subject=subject, date=day, number=1,
            period=next(p for p in school.periods if p.starts_on <= day <= p.ends_on),
        )
        for day in days
    ]  # fmt: skip


def test_ending_exemption_restores_attendance_and_attestation(school, lessons):
    today = timezone.localdate()
    period = school.current_period
    english = {
        "subject": "Иностранный язык (английский)",
        "external_name": "Иностранный язык (английский)",
    }
    application = submit(make_application(school, [english], period=period), school.parent)
    for to in (Status.UNDER_REVIEW, Status.DECIDED):
        application = services.application_transition(
            application=application, to=to, actor=school.deputy
        )
    application = order(application, school, today)
    teacher = school.teachers["Английский язык"]

    def save(lesson):
        return journal.cell_save(
            lesson_id=lesson.pk, learner_id=school.learner.pk, text="4", version=0, actor=teacher
        )

    assert save(lessons[0]).marks == "4"  # before the order: attends as everyone
    with pytest.raises(ValidationError) as refused:
        save(lessons[2])
    assert refused.value.messages[0].startswith(
        "Обучающийся освобождён от посещения уроков по предмету"
    )

    returns_on = today + timedelta(days=1)
    services.application_transition(
        application=application,
        to=Status.EXEMPTION_ENDED,
        actor=school.deputy,
        returns_on=returns_on,
        comment="Отчислен из другой организации",
    )
    exemption = Exemption.objects.get(learner=school.learner)
    assert (exemption.ends_on, exemption.ended_by) == (today, school.deputy)
    assert exemption.end_reason == (
        f"Отчислен из другой организации (заявление № {application.number})"
    )
    assert save(lessons[2]).marks == "4"  # back at lessons
    mark = PeriodMark.objects.get(learner=school.learner, period=period)
    # The period is still running: its credited mark is withdrawn, the teacher attests.
    assert (mark.value, mark.origin) == ("", MarkOrigin.SCHOOL)
    assert list(application.changes.values_list("action", flat=True))[-2:] == [
        "Издан приказ",
        "Освобождение от посещения занятий прекращено",
    ]


def test_ending_exemption_keeps_credited_mark_of_a_finished_period(school):
    today = timezone.localdate()
    finished = next((p for p in reversed(school.periods) if p.ends_on < today), None)
    if finished is None:
        # In the first quarter, a finished period is a past year's: make one.
        finished = school.periods[0]
        StudyPeriod.objects.filter(pk=finished.pk).update(ends_on=today - timedelta(days=1))
        finished.refresh_from_db()
    application = approve(school, period=finished)
    application = order(application, school)
    services.application_transition(
        application=application,
        to=Status.EXEMPTION_ENDED,
        actor=school.deputy,
        returns_on=timezone.localdate() + timedelta(days=1),
        comment="Отчислен",
    )
    mark = PeriodMark.objects.get(learner=school.learner, period=finished)
    assert (mark.value, mark.origin) == ("5", MarkOrigin.CREDITED)
    assert not Exemption.objects.exists()  # the period was over: nobody was exempted


def test_teacher_cannot_change_credited_mark_deputy_can_with_reason(school):
    approve(school, period=school.current_period)
    mark = PeriodMark.objects.get(learner=school.learner)
    teacher = school.teachers["Информатика"]
    arguments = {
        "learner": school.learner, "subject": mark.subject, "group": school.group,
        "kind": MarkKind.PERIOD, "period": mark.period, "value": "4", "version": mark.version,
    }  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        journal.period_mark_save(**arguments, actor=teacher, reason="Пересмотр")
    assert refused.value.messages[0].startswith("Отметка зачтена из другой организации")
    journal.period_mark_save(**arguments, actor=school.deputy, reason="Ошибка в справке")
    mark.refresh_from_db()
    assert (mark.value, mark.origin, mark.credit_source) == ("4", MarkOrigin.SCHOOL, "")


def test_credited_mark_values_limited(school):
    with pytest.raises(ValidationError) as refused:
        credits.credited_mark_record(
            learner=school.learner, subject=school.subjects["Информатика"], year=school.year,
            period=None, value="2", source="ДШИ", original="", reference="", actor=school.deputy,
        )  # fmt: skip
    assert refused.value.messages == [
        "«2» нельзя зачесть по предмету «Информатика»: можно зач., 5, 4, 3."
    ]


def test_exemption_start_refuses_overlap(school):
    subject = school.subjects["Информатика"]
    arguments = {
        "learner": school.learner,
        "subject": subject,
        "source": "",
        "actor": school.deputy,
    }
    credits.exemption_start(**arguments, starts_on=date(2026, 11, 9), order_reference="№ 1")
    with pytest.raises(ValidationError) as refused:
        credits.exemption_start(**arguments, starts_on=date(2026, 12, 1), order_reference="№ 2")
    assert refused.value.messages == [
        f"{school.learner.short_name} уже освобождён от уроков по предмету «Информатика»."
    ]


def test_exemption_admin_read_only_for_deputy(client, school):
    approve(school, period=school.current_period)
    client.force_login(school.deputy)
    assert client.get("/admin/achievements/exemption/").status_code == 200
    assert client.get("/admin/achievements/exemption/add/").status_code == 403
