"""What credit transfer writes into the learner's record (achievements/credits.py, 000
§5.2–5.6): credited marks with their history, withdrawing them, exemptions from lessons
and their end — and how the journal's own services (achievements/journal/) treat
them afterwards.

The ``journal`` fixture: 5А, Математика (five-point), the first quarter of 2026/2027
(01.09–25.10.2026), Антонова Мария Ивановна enrolled, one lesson on 15.09.2026. No
current marks, so the journal proposes «н/а» for the quarter."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from achievements import credits
from achievements import journal as journal_services
from achievements.models import (
    CellChange,
    Exemption,
    JournalCell,
    MarkKind,
    PeriodMark,
    PeriodMarkChange,
)
from learners.models import Role
from tests.achievements.factories import LessonFactory, PeriodMarkFactory
from tests.factories import (
    AcademicYearFactory,
    StaffFactory,
    StudyPeriodFactory,
    SubjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SOURCE = "МБУ ДО «Детская школа искусств № 3»"
ORIGINAL = "отлично"
REFERENCE = "заявление № 7, решение от 10.09.2026"
NOTE = (
    "Зачтено из другой организации: МБУ ДО «Детская школа искусств № 3»; "
    "результат там: отлично; заявление № 7, решение от 10.09.2026"
)
ORDER = "приказ № 45-у от 10.09.2026"
NOT_CREDITABLE = "«{}» нельзя зачесть по предмету «Математика»: можно зач., 5, 4, 3."
CREDITED_BY_DEPUTY_ONLY = (
    "Отметка зачтена из другой организации (заявление № 7, решение от 10.09.2026): "
    "изменить её может только заместитель директора."
)
OVERLAP = "Антонова М.И. уже освобождён от уроков по предмету «Математика»."
EXEMPT = "Обучающийся освобождён от посещения уроков по предмету (приказ № 45-у от 10.09.2026)."


@pytest.fixture
def deputy():
    return StaffFactory(user=UserFactory(roles=[Role.DEPUTY])).user


@pytest.fixture
def director():
    return StaffFactory(user=UserFactory(roles=[Role.DIRECTOR])).user


def record(journal, actor, *, period="quarter", value="5", reference=REFERENCE, **overrides):
    arguments = {
        "learner": journal.learner,
        "subject": journal.subject,
        "year": journal.year,
        "period": journal.period if period == "quarter" else period,
        "value": value,
        "source": SOURCE,
        "original": ORIGINAL,
        "reference": reference,
        "actor": actor,
    }
    return credits.credited_mark_record(**(arguments | overrides))


def teacher_saves(journal, *, value, version, reason="", actor=None):
    return journal_services.period_mark_save(
        learner=journal.learner,
        subject=journal.subject,
        group=journal.group,
        kind=MarkKind.PERIOD,
        period=journal.period,
        value=value,
        version=version,
        actor=actor or journal.teacher_user,
        reason=reason,
    )


def start(journal, actor, *, starts_on=date(2026, 9, 10), ends_on=None, order=ORDER, **kw):
    arguments = {
        "learner": journal.learner,
        "subject": journal.subject,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "order_reference": order,
        "source": "Зачёт: ДШИ № 3 (заявление № 7)",
        "actor": actor,
    }
    return credits.exemption_start(**(arguments | kw))


def history(mark):
    return list(
        PeriodMarkChange.objects.filter(mark=mark)
        .order_by("pk")
        .values_list("old_value", "new_value", "proposed", "reason")
    )


# credited_mark_record -------------------------------------------------------------------------


def test_credited_mark_record_writes_credited_period_mark_with_history(journal, deputy):
    mark = record(journal, deputy)

    mark.refresh_from_db()
    assert (mark.learner, mark.subject, mark.year, mark.kind, mark.period) == (
        journal.learner,
        journal.subject,
        journal.year,
        MarkKind.PERIOD,
        journal.period,
    )
    assert (mark.value, mark.proposed, mark.origin) == ("5", "", "credited")
    assert (mark.credit_source, mark.credit_original, mark.credit_reference) == (
        SOURCE,
        ORIGINAL,
        REFERENCE,
    )
    assert mark.reason == "Зачёт результатов: заявление № 7, решение от 10.09.2026"
    assert (mark.version, mark.updated_by) == (1, deputy)
    assert mark.is_credited is True
    assert mark.credit_note == NOTE
    assert history(mark) == [("", "5", "", NOTE)]
    assert PeriodMarkChange.objects.get().changed_by == deputy


def test_credited_mark_record_same_again_writes_nothing(journal, deputy):
    first = record(journal, deputy)

    again = record(journal, deputy)

    assert again.pk == first.pk
    assert PeriodMark.objects.count() == 1
    assert PeriodMarkChange.objects.count() == 1
    assert PeriodMark.objects.get().version == 1


def test_credited_mark_record_another_reference_recorded_again(journal, deputy):
    record(journal, deputy)

    mark = record(journal, deputy, value="4", reference="заявление № 9, решение от 20.09.2026")

    mark.refresh_from_db()
    assert (mark.value, mark.version, mark.credit_reference) == (
        "4",
        2,
        "заявление № 9, решение от 20.09.2026",
    )
    assert [(old, new) for old, new, _, _ in history(mark)] == [("", "5"), ("5", "4")]


def test_credited_mark_record_same_padded_reference_writes_nothing(journal, deputy):
    record(journal, deputy, reference=f"  {REFERENCE} ")

    record(journal, deputy, reference=f"  {REFERENCE} ")

    assert PeriodMarkChange.objects.count() == 1
    assert PeriodMark.objects.get().version == 1


def test_credited_mark_record_year_mark(journal, deputy):
    mark = record(journal, deputy, period=None, value="зач.")

    mark.refresh_from_db()
    assert (mark.kind, mark.period, mark.year, mark.value, mark.origin) == (
        MarkKind.YEAR,
        None,
        journal.year,
        "зач.",
        "credited",
    )
    assert history(mark) == [("", "зач.", "", NOTE)]
    record(journal, deputy, period=None, value="зач.")
    assert (PeriodMark.objects.count(), PeriodMarkChange.objects.count()) == (1, 1)


@pytest.mark.parametrize("value", ["5", "4", "3", "зач."])
def test_credited_mark_record_creditable_values_accepted(journal, deputy, value):
    assert record(journal, deputy, value=value).value == value


@pytest.mark.parametrize("value", ["2", "1", "отл", "н/а", "осв.", ""])
def test_credited_mark_record_value_not_creditable_refused(journal, deputy, value):
    with pytest.raises(ValidationError) as error:
        record(journal, deputy, value=value)

    assert error.value.messages == [NOT_CREDITABLE.format(value)]
    assert (PeriodMark.objects.count(), PeriodMarkChange.objects.count()) == (0, 0)


def test_credited_mark_record_without_source_refused(journal, deputy):
    with pytest.raises(ValidationError) as error:
        record(journal, deputy, source="   ")

    assert error.value.messages == ["Укажите организацию, в которой получен результат."]
    assert PeriodMark.objects.count() == 0


def test_credited_mark_record_period_of_another_year_refused(journal, deputy):
    other_year = AcademicYearFactory(
        name="2027/2028", starts_on=date(2027, 9, 1), ends_on=date(2028, 5, 31)
    )
    period = StudyPeriodFactory(
        year=other_year, starts_on=date(2027, 9, 1), ends_on=date(2027, 10, 25)
    )

    with pytest.raises(ValidationError) as error:
        record(journal, deputy, period=period)

    assert error.value.messages == ["Период не относится к учебному году зачёта."]
    assert PeriodMark.objects.count() == 0


@pytest.mark.parametrize("role", [Role.TEACHER, Role.DIRECTOR, Role.CLERK])
def test_credited_mark_record_not_deputy_denied(journal, role):
    actor = journal.teacher_user if role == Role.TEACHER else UserFactory(roles=[role])

    with pytest.raises(PermissionDenied) as error:
        record(journal, actor)

    assert str(error.value) == "Зачтённые результаты вносит заместитель директора."
    assert (PeriodMark.objects.count(), PeriodMarkChange.objects.count()) == (0, 0)


def test_credited_mark_record_replaces_school_mark_with_history(journal, deputy):
    own = PeriodMarkFactory(
        learner=journal.learner, subject=journal.subject, period=journal.period, value="4"
    )

    mark = record(journal, deputy)

    assert mark.pk == own.pk
    mark.refresh_from_db()
    assert (mark.value, mark.origin, mark.version, mark.proposed) == ("5", "credited", 2, "")
    assert history(mark) == [("4", "5", "", NOTE)]


# The journal's own attestation service on a credited mark -------------------------------------


@pytest.mark.parametrize(
    ("value", "reason"),
    [("4", "Контрольная работа за четверть"), ("н/а", ""), ("", "Очистить")],
)
def test_period_mark_save_teacher_on_credited_mark_refused(journal, deputy, value, reason):
    record(journal, deputy)

    with pytest.raises(ValidationError) as error:
        teacher_saves(journal, value=value, version=1, reason=reason)

    assert error.value.messages == [CREDITED_BY_DEPUTY_ONLY]
    assert error.value.messages[0].startswith("Отметка зачтена из другой организации")
    mark = PeriodMark.objects.get()
    assert (mark.value, mark.origin, mark.version) == ("5", "credited", 1)
    assert PeriodMarkChange.objects.count() == 1


def test_period_mark_save_deputy_replaces_credited_mark_only_with_reason(journal, deputy):
    record(journal, deputy)

    with pytest.raises(ValidationError) as error:
        teacher_saves(journal, value="н/а", version=1, actor=deputy)

    assert error.value.messages == [
        "Отметка зачтена из другой организации: укажите причину замены."
    ]
    assert PeriodMark.objects.get().origin == "credited"


def test_period_mark_save_deputy_replaces_credited_mark_becomes_school(journal, deputy):
    record(journal, deputy)

    mark = teacher_saves(
        journal, value="4", version=1, reason="Аттестован на общих основаниях", actor=deputy
    )

    mark.refresh_from_db()
    assert (mark.value, mark.origin, mark.version, mark.proposed) == ("4", "school", 2, "н/а")
    assert (mark.credit_source, mark.credit_original, mark.credit_reference) == ("", "", "")
    assert mark.credit_note == ""
    assert history(mark) == [
        ("", "5", "", NOTE),
        ("5", "4", "н/а", "Аттестован на общих основаниях"),
    ]
    # Now the school's own mark: its teacher changes it as any other.
    mark = teacher_saves(journal, value="5", version=2, reason="Пересдача")
    assert (mark.value, mark.origin, mark.version) == ("5", "school", 3)


# credited_mark_withdraw -----------------------------------------------------------------------


def test_credited_mark_withdraw_clears_value_with_history(journal, deputy):
    mark = record(journal, deputy)

    withdrawn = credits.credited_mark_withdraw(
        mark=mark, reason="  Отчислен из ДШИ № 3 ", actor=deputy
    )

    withdrawn.refresh_from_db()
    assert (withdrawn.value, withdrawn.origin, withdrawn.version) == ("", "school", 2)
    assert (withdrawn.credit_source, withdrawn.credit_original, withdrawn.credit_reference) == (
        "",
        "",
        "",
    )
    assert withdrawn.reason == "Отчислен из ДШИ № 3"
    assert history(withdrawn) == [
        ("", "5", "", NOTE),
        ("5", "", "", "Зачёт снят: Отчислен из ДШИ № 3"),
    ]
    # The teacher attests the quarter as for everyone else.
    mark = teacher_saves(journal, value="н/а", version=2)
    assert (mark.value, mark.origin) == ("н/а", "school")


def test_credited_mark_withdraw_twice_writes_once(journal, deputy):
    mark = record(journal, deputy)
    credits.credited_mark_withdraw(mark=mark, reason="Отчислен", actor=deputy)

    again = credits.credited_mark_withdraw(mark=mark, reason="Отчислен", actor=deputy)

    assert (again.value, again.origin, again.version) == ("", "school", 2)
    assert PeriodMarkChange.objects.count() == 2


def test_credited_mark_withdraw_school_mark_left_alone(journal, deputy):
    own = PeriodMarkFactory(
        learner=journal.learner, subject=journal.subject, period=journal.period, value="4"
    )

    mark = credits.credited_mark_withdraw(mark=own, reason="Отчислен", actor=deputy)

    mark.refresh_from_db()
    assert (mark.value, mark.origin, mark.version) == ("4", "school", 1)
    assert PeriodMarkChange.objects.count() == 0


def test_credited_mark_withdraw_without_reason_refused(journal, deputy):
    mark = record(journal, deputy)

    with pytest.raises(ValidationError) as error:
        credits.credited_mark_withdraw(mark=mark, reason="  ", actor=deputy)

    assert error.value.messages == ["Укажите, почему зачтённая отметка снимается."]
    mark.refresh_from_db()
    assert (mark.value, mark.origin) == ("5", "credited")


@pytest.mark.parametrize("role", [Role.TEACHER, Role.DIRECTOR])
def test_credited_mark_withdraw_not_deputy_denied(journal, deputy, role):
    mark = record(journal, deputy)
    actor = journal.teacher_user if role == Role.TEACHER else UserFactory(roles=[role])

    with pytest.raises(PermissionDenied) as error:
        credits.credited_mark_withdraw(mark=mark, reason="Отчислен", actor=actor)

    assert str(error.value) == "Зачтённую отметку снимает заместитель директора."
    assert PeriodMark.objects.get().origin == "credited"


# exemption_start ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["deputy", "director"])
def test_exemption_start_creates_once(journal, request, who):
    actor = request.getfixturevalue(who)

    exemption = start(journal, actor, ends_on=date(2026, 10, 25), order=f"  {ORDER} ")
    again = start(journal, actor, ends_on=date(2026, 10, 25))

    assert again.pk == exemption.pk
    assert Exemption.objects.count() == 1
    exemption.refresh_from_db()
    assert (exemption.learner, exemption.subject) == (journal.learner, journal.subject)
    assert (exemption.starts_on, exemption.ends_on) == (date(2026, 9, 10), date(2026, 10, 25))
    assert (exemption.order_reference, exemption.source) == (
        ORDER,
        "Зачёт: ДШИ № 3 (заявление № 7)",
    )
    assert (exemption.created_by, exemption.ended_by, exemption.end_reason) == (actor, None, "")


def test_exemption_start_same_padded_order_returns_existing(journal, deputy):
    exemption = start(journal, deputy, order=f"  {ORDER} ")

    again = start(journal, deputy, order=f"  {ORDER} ")

    assert again.pk == exemption.pk


@pytest.mark.parametrize(
    ("existing", "starts_on"),
    [
        pytest.param((date(2026, 9, 10), None), date(2026, 10, 1), id="open-ended"),
        pytest.param((date(2026, 9, 10), date(2026, 10, 25)), date(2026, 10, 1), id="inside"),
        pytest.param((date(2026, 9, 10), date(2026, 10, 25)), date(2026, 10, 25), id="last-day"),
        pytest.param((date(2026, 9, 10), date(2026, 10, 25)), date(2026, 9, 1), id="before"),
    ],
)
def test_exemption_start_overlapping_refused(journal, deputy, existing, starts_on):
    start(journal, deputy, starts_on=existing[0], ends_on=existing[1])

    with pytest.raises(ValidationError) as error:
        start(journal, deputy, starts_on=starts_on, order="приказ № 50-у от 01.10.2026")

    assert error.value.messages == [OVERLAP]
    assert Exemption.objects.count() == 1


def test_exemption_start_after_previous_ended_accepted(journal, deputy):
    start(journal, deputy, ends_on=date(2026, 10, 25))

    second = start(
        journal, deputy, starts_on=date(2026, 10, 26), order="приказ № 60-у от 26.10.2026"
    )

    assert Exemption.objects.count() == 2
    assert (second.starts_on, second.ends_on) == (date(2026, 10, 26), None)


def test_exemption_start_other_subject_accepted(journal, deputy):
    start(journal, deputy)

    start(journal, deputy, subject=SubjectFactory(name="Музыка"))

    assert Exemption.objects.count() == 2


def test_exemption_start_ending_before_existing_one_starts_accepted(journal, deputy):
    start(journal, deputy, starts_on=date(2026, 11, 5), ends_on=date(2026, 12, 31))

    earlier = start(
        journal,
        deputy,
        starts_on=date(2026, 9, 10),
        ends_on=date(2026, 10, 25),
        order="приказ № 30-у от 10.09.2026",
    )

    assert (earlier.starts_on, earlier.ends_on) == (date(2026, 9, 10), date(2026, 10, 25))
    assert Exemption.objects.count() == 2


@pytest.mark.parametrize("order", ["", "   "])
def test_exemption_start_without_order_refused(journal, deputy, order):
    with pytest.raises(ValidationError) as error:
        start(journal, deputy, order=order)

    assert error.value.messages == ["Освобождение оформляется приказом: укажите его номер и дату."]
    assert Exemption.objects.count() == 0


def test_exemption_start_ending_before_start_refused(journal, deputy):
    with pytest.raises(ValidationError) as error:
        start(journal, deputy, starts_on=date(2026, 9, 10), ends_on=date(2026, 9, 9))

    assert error.value.messages == ["Освобождение не может закончиться раньше, чем началось."]
    assert Exemption.objects.count() == 0


def test_exemption_start_teacher_denied(journal):
    with pytest.raises(PermissionDenied) as error:
        start(journal, journal.teacher_user)

    assert str(error.value) == "Освобождение от уроков оформляют директор и его заместитель."
    assert Exemption.objects.count() == 0


# exemption_end --------------------------------------------------------------------------------


def test_exemption_end_sets_end_who_and_why(journal, deputy, director):
    exemption = start(journal, director)

    ended = credits.exemption_end(
        exemption=exemption,
        ends_on=date(2026, 9, 30),
        reason="  Отчислен из ДШИ № 3 (заявление № 7) ",
        actor=deputy,
    )

    ended.refresh_from_db()
    assert (ended.starts_on, ended.ends_on) == (date(2026, 9, 10), date(2026, 9, 30))
    assert (ended.created_by, ended.ended_by) == (director, deputy)
    assert ended.end_reason == "Отчислен из ДШИ № 3 (заявление № 7)"


def test_exemption_end_on_its_first_day_accepted(journal, deputy):
    exemption = start(journal, deputy)

    ended = credits.exemption_end(
        exemption=exemption, ends_on=date(2026, 9, 10), reason="Отчислен", actor=deputy
    )

    assert ended.ends_on == date(2026, 9, 10)


def test_exemption_end_earlier_end_kept(journal, deputy):
    exemption = start(journal, deputy, ends_on=date(2026, 10, 25))

    ended = credits.exemption_end(
        exemption=exemption, ends_on=date(2026, 12, 31), reason="Отчислен", actor=deputy
    )

    ended.refresh_from_db()
    assert (ended.ends_on, ended.ended_by, ended.end_reason) == (date(2026, 10, 25), None, "")


def test_exemption_end_before_start_refused(journal, deputy):
    exemption = start(journal, deputy)

    with pytest.raises(ValidationError) as error:
        credits.exemption_end(
            exemption=exemption, ends_on=date(2026, 9, 9), reason="Отчислен", actor=deputy
        )

    assert error.value.messages == [
        "Освобождение началось 10.09.2026: оно не может закончиться раньше."
    ]
    exemption.refresh_from_db()
    assert (exemption.ends_on, exemption.ended_by) == (None, None)


@pytest.mark.parametrize("reason", ["", "   "])
def test_exemption_end_without_reason_refused(journal, deputy, reason):
    exemption = start(journal, deputy)

    with pytest.raises(ValidationError) as error:
        credits.exemption_end(
            exemption=exemption, ends_on=date(2026, 9, 30), reason=reason, actor=deputy
        )

    assert error.value.messages == ["Укажите причину прекращения освобождения."]
    exemption.refresh_from_db()
    assert exemption.ends_on is None


@pytest.mark.parametrize("role", [Role.TEACHER, Role.DIRECTOR])
def test_exemption_end_not_deputy_denied(journal, deputy, role):
    exemption = start(journal, deputy)
    actor = journal.teacher_user if role == Role.TEACHER else UserFactory(roles=[role])

    with pytest.raises(PermissionDenied) as error:
        credits.exemption_end(
            exemption=exemption, ends_on=date(2026, 9, 30), reason="Отчислен", actor=actor
        )

    assert str(error.value) == "Освобождение прекращает заместитель директора."
    exemption.refresh_from_db()
    assert exemption.ends_on is None


# Ending the exemption restores attendance -----------------------------------------------------


def save_cell(journal, lesson, text="5"):
    return journal_services.cell_save(
        lesson_id=lesson.pk,
        learner_id=journal.learner.pk,
        text=text,
        version=0,
        actor=journal.teacher_user,
    )


def test_exemption_end_restores_attendance(journal, deputy):
    before = LessonFactory(
        group=journal.group, subject=journal.subject, period=journal.period, date=date(2026, 9, 8)
    )
    after_end = LessonFactory(
        group=journal.group, subject=journal.subject, period=journal.period, date=date(2026, 10, 6)
    )
    exemption = start(journal, deputy, starts_on=date(2026, 9, 10))

    for lesson in (journal.lesson, after_end):
        with pytest.raises(ValidationError) as error:
            save_cell(journal, lesson)
        assert error.value.messages == [EXEMPT]
        assert error.value.messages[0].startswith(
            "Обучающийся освобождён от посещения уроков по предмету"
        )
    assert JournalCell.objects.count() == 0

    credits.exemption_end(
        exemption=exemption, ends_on=date(2026, 9, 30), reason="Отчислен из ДШИ", actor=deputy
    )

    cell = save_cell(journal, after_end)
    assert (cell.lesson, cell.learner, cell.marks, cell.attendance, cell.version) == (
        after_end,
        journal.learner,
        "5",
        "",
        1,
    )
    assert list(CellChange.objects.values_list("old_marks", "new_marks")) == [("", "5")]
    # The lesson of 15.09 is still inside the exemption; the one before it never was.
    with pytest.raises(ValidationError) as error:
        save_cell(journal, journal.lesson)
    assert error.value.messages == [EXEMPT]
    assert save_cell(journal, before, "н").attendance == "н"


def test_exemption_of_one_learner_leaves_classmate_attending(journal, deputy):
    start(journal, deputy, starts_on=date(2026, 9, 10))

    cell = journal_services.cell_save(
        lesson_id=journal.lesson.pk,
        learner_id=journal.classmate.pk,
        text="4",
        version=0,
        actor=journal.teacher_user,
    )

    assert (cell.learner, cell.marks) == (journal.classmate, "4")
