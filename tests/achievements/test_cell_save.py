"""Saving one journal cell (R-JRN-2, R-JRN-3, R-JRN-5, R-JRN-6): journal_services.cell_save and
the JSON endpoint POST /journal/cell/. What is valid is stored exactly; what is refused
carries the exact Russian message and leaves no JournalCell or CellChange behind."""

import logging
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from achievements import journal as journal_services
from achievements.models import CellChange, JournalCell
from learners.models import GradingScale, Role, ScaleValue
from tests.achievements.factories import (
    ExemptionFactory,
    JournalCellFactory,
    LessonFactory,
    PeriodClosureFactory,
)
from tests.achievements.helpers import CELL_URL, post_json, save_cell
from tests.factories import (
    EnrollmentFactory,
    StaffFactory,
    StudyGroupFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SCALE_HINT = "Можно: 5, 4, 3, 2; посещаемость: н, б, уп, оп."
CLOSED = (
    "Период закрыт: отметки доступны только для чтения. Исправление вносит "
    "заместитель директора с указанием причины."
)
FOREIGN = "Этот журнал ведёт другой учитель: изменить отметку нельзя."
NOT_ENROLLED = "Обучающийся не числится в классе на дату урока."
NEEDS_REASON = "Укажите причину исправления."


def not_on_scale(mark, hint=SCALE_HINT):
    return f"«{mark}» нет в шкале оценивания предмета. {hint}"


def refused(response, status, message):
    assert response.status_code == status
    assert response.json() == {"ok": False, "error": message}


def assert_nothing_stored():
    assert JournalCell.objects.count() == 0
    assert CellChange.objects.count() == 0


def access_records(caplog):
    return [r for r in caplog.records if r.name == "uchet.access"]


def cell_state(cell):
    cell.refresh_from_db()
    return cell.marks, cell.attendance, cell.version, cell.updated_by_id


def changes():
    return list(
        CellChange.objects.order_by("pk").values_list(
            "old_marks", "new_marks", "old_attendance", "new_attendance", "reason", "changed_by"
        )
    )


# Valid values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "marks", "attendance", "shown"),
    [
        ("5", "5", "", "5"),
        ("2", "2", "", "2"),
        ("5/4", "5/4", "", "5/4"),
        ("5 4", "5/4", "", "5/4"),
        ("5,4;3", "5/4/3", "", "5/4/3"),
        ("5/4/3/2", "5/4/3/2", "", "5/4/3/2"),
        ("н", "", "н", "н"),
        ("Н", "", "н", "н"),
        ("б", "", "б", "б"),
        ("уп", "", "уп", "уп"),
        ("оп", "", "оп", "оп"),
        ("оп/5", "5", "оп", "оп/5"),
        ("5/оп", "5", "оп", "оп/5"),
        ("  4  ", "4", "", "4"),
    ],
)
def test_cell_save_endpoint_valid_value_stored(
    teacher_client, journal, typed, marks, attendance, shown
):
    response = save_cell(teacher_client, journal.lesson, journal.learner, typed)

    assert response.status_code == 200
    assert response.json() == {"ok": True, "value": shown, "version": 1}
    cell = JournalCell.objects.get()
    assert (cell.lesson_id, cell.learner_id) == (journal.lesson.pk, journal.learner.pk)
    assert (cell.marks, cell.attendance, cell.version) == (marks, attendance, 1)
    assert cell.updated_by == journal.teacher_user
    assert changes() == [("", marks, "", attendance, "", journal.teacher_user.pk)]


def test_cell_save_endpoint_clear_empties_cell(teacher_client, journal):
    cell = JournalCellFactory(
        lesson=journal.lesson, learner=journal.learner, marks="5/4", attendance="оп"
    )

    response = save_cell(teacher_client, journal.lesson, journal.learner, "", version=1)

    assert response.status_code == 200
    assert response.json() == {"ok": True, "value": "", "version": 2}
    assert cell_state(cell) == ("", "", 2, journal.teacher_user.pk)
    assert changes() == [("5/4", "", "оп", "", "", journal.teacher_user.pk)]


def test_cell_save_endpoint_version_increments_each_change(teacher_client, journal):
    versions = []
    for version, typed in enumerate(["5", "5/4", "н", "оп/3"]):
        response = save_cell(teacher_client, journal.lesson, journal.learner, typed, version)
        versions.append(response.json()["version"])

    assert versions == [1, 2, 3, 4]
    cell = JournalCell.objects.get()
    assert (cell.marks, cell.attendance, cell.version) == ("3", "оп", 4)


def test_cell_save_service_returns_saved_cell(journal):
    cell = journal_services.cell_save(
        lesson_id=journal.lesson.pk,
        learner_id=journal.learner.pk,
        text="4/5",
        version=0,
        actor=journal.teacher_user,
        reason="",
    )

    assert cell.pk == JournalCell.objects.get().pk
    assert (cell.marks, cell.attendance, cell.version, cell.text) == ("4/5", "", 1, "4/5")
    assert cell.updated_by == journal.teacher_user


# Refusals: the value ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("6", not_on_scale("6")),
        ("7", not_on_scale("7")),
        ("0", not_on_scale("0")),
        ("отл", not_on_scale("отл")),
        ("1", not_on_scale("1")),
        ("5+", not_on_scale("5+")),
        ("5/6", not_on_scale("6")),
        ("оп/7", not_on_scale("7")),
        ("н/а", "«н» — обучающийся отсутствовал, отметку поставить нельзя."),
        ("н/5", "«н» — обучающийся отсутствовал, отметку поставить нельзя."),
        ("б 4", "«б» — обучающийся отсутствовал, отметку поставить нельзя."),
        ("уп/3", "«уп» — обучающийся отсутствовал, отметку поставить нельзя."),
        ("н/б", "В ячейке может быть только одна отметка посещаемости."),
        ("оп/н", "В ячейке может быть только одна отметка посещаемости."),
        ("5/4/3/2/5", "Не больше 4 отметок за один урок."),
        ("оп/5/5/5/5/5", "Не больше 4 отметок за один урок."),
    ],
)
def test_cell_save_endpoint_invalid_value_refused(teacher_client, journal, typed, message):
    response = save_cell(teacher_client, journal.lesson, journal.learner, typed)

    refused(response, 400, message)
    assert_nothing_stored()


def test_cell_save_endpoint_invalid_value_keeps_existing_cell(teacher_client, journal):
    cell = JournalCellFactory(lesson=journal.lesson, learner=journal.learner, marks="4")
    before = cell_state(cell)

    response = save_cell(teacher_client, journal.lesson, journal.learner, "6", version=1)

    refused(response, 400, not_on_scale("6"))
    assert cell_state(cell) == before
    assert CellChange.objects.count() == 0


def test_cell_save_endpoint_mark_1_accepted_once_enabled(teacher_client, journal):
    ScaleValue.objects.filter(scale__code="five-point", code="1").update(is_enabled=True)

    response = save_cell(teacher_client, journal.lesson, journal.learner, "1")
    refusal = save_cell(teacher_client, journal.lesson, journal.classmate, "6")

    assert response.status_code == 200
    assert response.json() == {"ok": True, "value": "1", "version": 1}
    assert JournalCell.objects.get(learner=journal.learner).marks == "1"
    refused(refusal, 400, not_on_scale("6", "Можно: 5, 4, 3, 2, 1; посещаемость: н, б, уп, оп."))


def test_cell_save_service_invalid_value_raises_validation_error(journal):
    with pytest.raises(ValidationError) as error:
        journal_services.cell_save(
            lesson_id=journal.lesson.pk,
            learner_id=journal.learner.pk,
            text="6",
            version=0,
            actor=journal.teacher_user,
        )

    assert error.value.messages == [not_on_scale("6")]
    assert_nothing_stored()


@pytest.fixture
def pass_fail(journal):
    subject = SubjectFactory(
        name="Музыка", grading_scale=GradingScale.objects.get(code="pass-fail")
    )
    TeachingAssignmentFactory(teacher=journal.teacher, group=journal.group, subject=subject)
    return LessonFactory(
        group=journal.group, subject=subject, period=journal.period, date=date(2026, 9, 16)
    )


@pytest.mark.parametrize("typed", ["зач", "незач", "ЗАЧ"])
def test_cell_save_endpoint_pass_fail_subject_accepts_pass_fail(
    teacher_client, journal, pass_fail, typed
):
    response = save_cell(teacher_client, pass_fail, journal.learner, typed)

    assert response.status_code == 200
    assert response.json() == {"ok": True, "value": typed.lower(), "version": 1}
    assert JournalCell.objects.get().marks == typed.lower()


@pytest.mark.parametrize("typed", ["5", "2", "зачёт"])
def test_cell_save_endpoint_pass_fail_subject_refuses_other_marks(
    teacher_client, journal, pass_fail, typed
):
    response = save_cell(teacher_client, pass_fail, journal.learner, typed)

    refused(response, 400, not_on_scale(typed, "Можно: незач, зач; посещаемость: н, б, уп, оп."))
    assert_nothing_stored()


# Refusals: closed periods ----------------------------------------------------------------


@pytest.mark.parametrize("whole_organisation", [True, False])
def test_cell_save_endpoint_closed_period_refused_for_teacher(
    teacher_client, journal, whole_organisation
):
    PeriodClosureFactory(period=journal.period, group=None if whole_organisation else journal.group)

    response = save_cell(teacher_client, journal.lesson, journal.learner, "5")

    refused(response, 400, CLOSED)
    assert_nothing_stored()


def test_cell_save_endpoint_closed_period_keeps_existing_cell(teacher_client, journal):
    cell = JournalCellFactory(lesson=journal.lesson, learner=journal.learner, marks="3")
    before = cell_state(cell)
    PeriodClosureFactory(period=journal.period, group=journal.group)

    response = save_cell(teacher_client, journal.lesson, journal.learner, "", version=1)

    refused(response, 400, CLOSED)
    assert cell_state(cell) == before
    assert CellChange.objects.count() == 0


def test_cell_save_endpoint_period_closed_for_other_group_accepted(teacher_client, journal):
    other = StudyGroupFactory(year=journal.year, name="5Б")
    PeriodClosureFactory(period=journal.period, group=other)

    response = save_cell(teacher_client, journal.lesson, journal.learner, "5")

    assert response.status_code == 200
    assert JournalCell.objects.get().marks == "5"


@pytest.fixture
def deputy_client(client, journal):
    deputy = UserFactory(roles=[Role.DEPUTY])
    client.force_login(deputy)
    client.deputy = deputy
    return client


@pytest.mark.parametrize("reason", ["", "   "])
def test_cell_save_endpoint_deputy_closed_period_without_reason_refused(
    deputy_client, journal, reason
):
    cell = JournalCellFactory(lesson=journal.lesson, learner=journal.learner, marks="3")
    before = cell_state(cell)
    PeriodClosureFactory(period=journal.period)

    response = save_cell(deputy_client, journal.lesson, journal.learner, "4", 1, reason)

    refused(response, 400, NEEDS_REASON)
    assert cell_state(cell) == before
    assert CellChange.objects.count() == 0


def test_cell_save_endpoint_deputy_open_period_without_reason_refused(deputy_client, journal):
    """Another person's journal: the deputy's correction needs a reason even while
    the period is open."""
    response = save_cell(deputy_client, journal.lesson, journal.learner, "4")

    refused(response, 400, NEEDS_REASON)
    assert_nothing_stored()


@pytest.mark.parametrize("whole_organisation", [True, False])
def test_cell_save_endpoint_deputy_closed_period_with_reason_stored(
    deputy_client, journal, whole_organisation
):
    cell = JournalCellFactory(lesson=journal.lesson, learner=journal.learner, marks="3")
    PeriodClosureFactory(period=journal.period, group=None if whole_organisation else journal.group)

    response = save_cell(
        deputy_client, journal.lesson, journal.learner, "4", 1, " Служебная записка № 7 "
    )

    assert response.status_code == 200
    assert response.json() == {"ok": True, "value": "4", "version": 2}
    assert cell_state(cell) == ("4", "", 2, deputy_client.deputy.pk)
    assert changes() == [("3", "4", "", "", "Служебная записка № 7", deputy_client.deputy.pk)]


def test_cell_save_endpoint_deputy_teaching_closed_period_without_reason_refused(client, journal):
    staff = StaffFactory(user=UserFactory(roles=[Role.TEACHER, Role.DEPUTY]))
    TeachingAssignmentFactory(teacher=staff, group=journal.group, subject=journal.subject)
    PeriodClosureFactory(period=journal.period)
    client.force_login(staff.user)

    response = save_cell(client, journal.lesson, journal.learner, "5")

    refused(response, 400, NEEDS_REASON)
    assert_nothing_stored()


# Refusals: stale saves ----------------------------------------------------------------------


@pytest.mark.parametrize("stale_version", [0, 2])
def test_cell_save_endpoint_stale_version_conflict(teacher_client, journal, stale_version):
    cell = JournalCellFactory(
        lesson=journal.lesson, learner=journal.learner, marks="5", attendance="оп"
    )
    before = cell_state(cell)

    response = save_cell(teacher_client, journal.lesson, journal.learner, "4", stale_version)

    assert response.status_code == 409
    assert response.json() == {
        "ok": False,
        "error": "Отметку уже изменили: сейчас в ячейке «оп/5». Проверьте и введите снова.",
        "value": "оп/5",
        "version": 1,
    }
    assert cell_state(cell) == before
    assert CellChange.objects.count() == 0


def test_cell_save_endpoint_stale_version_of_missing_cell_conflict(teacher_client, journal):
    response = save_cell(teacher_client, journal.lesson, journal.learner, "4", version=1)

    assert response.status_code == 409
    assert response.json() == {
        "ok": False,
        "error": "Отметку уже изменили: сейчас в ячейке «пусто». Проверьте и введите снова.",
        "value": "",
        "version": 0,
    }
    assert_nothing_stored()


def test_cell_save_service_stale_version_raises_conflict(journal):
    JournalCellFactory(lesson=journal.lesson, learner=journal.learner, marks="5")

    with pytest.raises(journal_services.Conflict) as conflict:
        journal_services.cell_save(
            lesson_id=journal.lesson.pk,
            learner_id=journal.learner.pk,
            text="4",
            version=0,
            actor=journal.teacher_user,
        )

    assert (conflict.value.current, conflict.value.version) == ("5", 1)


# Refusals: who and whom ------------------------------------------------------------------


def test_cell_save_endpoint_other_teacher_forbidden_and_logged(client, journal, caplog):
    other = TeachingAssignmentFactory(subject=journal.subject).teacher
    client.force_login(other.user)

    with caplog.at_level(logging.WARNING, logger="uchet.access"):
        response = save_cell(client, journal.lesson, journal.learner, "5")

    refused(response, 403, FOREIGN)
    assert_nothing_stored()
    assert [(r.levelname, r.getMessage()) for r in access_records(caplog)] == [
        ("WARNING", f"access refused: user={other.user.pk} {CELL_URL}")
    ]


@pytest.mark.parametrize("tampered", ["group", "subject"])
def test_cell_save_endpoint_unassigned_journal_forbidden_and_logged(
    teacher_client, journal, caplog, tampered
):
    """The teacher of 5А Математика posts a lesson of 5Б Математика, or of 5А Русский
    язык, with a learner enrolled there."""
    if tampered == "group":
        group, subject = StudyGroupFactory(year=journal.year, name="5Б"), journal.subject
    else:
        group, subject = journal.group, SubjectFactory(name="Русский язык")
    TeachingAssignmentFactory(group=group, subject=subject)
    learner = EnrollmentFactory(group=group).learner
    lesson = LessonFactory(group=group, subject=subject, period=journal.period)

    with caplog.at_level(logging.WARNING, logger="uchet.access"):
        response = save_cell(teacher_client, lesson, learner, "5")

    refused(response, 403, FOREIGN)
    assert_nothing_stored()
    assert [r.getMessage() for r in access_records(caplog)] == [
        f"access refused: user={journal.teacher_user.pk} {CELL_URL}"
    ]


def test_cell_save_service_other_teacher_raises_permission_denied(journal):
    other = StaffFactory()

    with pytest.raises(PermissionDenied, match=FOREIGN):
        journal_services.cell_save(
            lesson_id=journal.lesson.pk,
            learner_id=journal.learner.pk,
            text="5",
            version=0,
            actor=other.user,
        )

    assert_nothing_stored()


@pytest.mark.parametrize(
    ("started_on", "ended_on"),
    [
        (date(2026, 9, 16), None),  # enrolled the day after the lesson
        (date(2026, 9, 1), date(2026, 9, 14)),  # left the day before
    ],
)
def test_cell_save_endpoint_learner_not_enrolled_on_date_refused(
    teacher_client, journal, started_on, ended_on
):
    learner = EnrollmentFactory(
        group=journal.group, started_on=started_on, ended_on=ended_on
    ).learner

    response = save_cell(teacher_client, journal.lesson, learner, "5")

    refused(response, 400, NOT_ENROLLED)
    assert_nothing_stored()


def test_cell_save_endpoint_learner_enrolled_on_lesson_day_accepted(teacher_client, journal):
    learner = EnrollmentFactory(group=journal.group, started_on=date(2026, 9, 15)).learner

    response = save_cell(teacher_client, journal.lesson, learner, "5")

    assert response.status_code == 200
    assert JournalCell.objects.get().learner == learner


def test_cell_save_endpoint_learner_of_other_group_refused(teacher_client, journal):
    stranger = EnrollmentFactory(group=StudyGroupFactory(year=journal.year, name="6А")).learner

    response = save_cell(teacher_client, journal.lesson, stranger, "5")

    refused(response, 400, NOT_ENROLLED)
    assert_nothing_stored()


@pytest.mark.parametrize("ends_on", [None, date(2026, 9, 15)])
def test_cell_save_endpoint_exempt_learner_refused(teacher_client, journal, ends_on):
    ExemptionFactory(learner=journal.learner, subject=journal.subject, ends_on=ends_on)

    response = save_cell(teacher_client, journal.lesson, journal.learner, "н")

    refused(
        response,
        400,
        "Обучающийся освобождён от посещения уроков по предмету (Приказ № 12-у от 01.09.2026).",
    )
    assert_nothing_stored()


def test_cell_save_endpoint_exemption_ended_before_lesson_accepted(teacher_client, journal):
    ExemptionFactory(learner=journal.learner, subject=journal.subject, ends_on=date(2026, 9, 14))
    ExemptionFactory(learner=journal.learner, subject=SubjectFactory(name="Физкультура"))

    response = save_cell(teacher_client, journal.lesson, journal.learner, "5")

    assert response.status_code == 200
    assert JournalCell.objects.get().marks == "5"


# Refusals: the request ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"not json", "Неверный формат запроса."),
        (b"[1, 2]", "Неверный формат запроса."),
        (b'{"lesson": 1, "learner": 1, "value": "5"}', "Неверное значение поля version."),
        (
            b'{"lesson": "x", "learner": 1, "value": "5", "version": 0}',
            "Неверное значение поля lesson.",
        ),
    ],
)
def test_cell_save_endpoint_malformed_body_refused(teacher_client, journal, body, message):
    response = teacher_client.post(CELL_URL, data=body, content_type="application/json")

    refused(response, 400, message)
    assert_nothing_stored()


def test_cell_save_endpoint_unknown_lesson_refused(teacher_client, journal):
    body = {"lesson": journal.lesson.pk + 1000, "learner": journal.learner.pk}
    response = post_json(teacher_client, CELL_URL, body | {"value": "5", "version": 0})

    refused(response, 400, "Урок не найден.")
    assert_nothing_stored()


def test_cell_save_endpoint_get_not_allowed(teacher_client):
    assert teacher_client.get(CELL_URL).status_code == 405


def test_cell_save_endpoint_anonymous_redirected_to_login(client, journal):
    response = save_cell(client, journal.lesson, journal.learner, "5")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={CELL_URL}"
    assert_nothing_stored()


# History (R-JRN-6) ------------------------------------------------------------------------


def test_cell_save_history_one_change_per_save(teacher_client, journal):
    teacher = journal.teacher_user.pk
    save_cell(teacher_client, journal.lesson, journal.learner, "5", 0)
    save_cell(teacher_client, journal.lesson, journal.learner, "5/4", 1)
    save_cell(teacher_client, journal.lesson, journal.learner, "н", 2, "перепутала строку")
    save_cell(teacher_client, journal.lesson, journal.learner, "оп", 3)
    save_cell(teacher_client, journal.lesson, journal.learner, "", 4)

    assert changes() == [
        ("", "5", "", "", "", teacher),
        ("5", "5/4", "", "", "", teacher),
        ("5/4", "", "", "н", "перепутала строку", teacher),
        ("", "", "н", "оп", "", teacher),
        ("", "", "оп", "", "", teacher),
    ]
    cell = JournalCell.objects.get()
    assert list(cell.changes.values_list("pk", flat=True)) == list(
        CellChange.objects.order_by("-changed_at", "-pk").values_list("pk", flat=True)
    )
    assert cell.version == 5


@pytest.mark.parametrize(("stored", "typed"), [("5/4", "5/4"), ("5/4", "5 4"), ("", "оп")])
def test_cell_save_history_no_op_save_writes_nothing(teacher_client, journal, stored, typed):
    attendance = "оп" if typed == "оп" else ""
    cell = JournalCellFactory(
        lesson=journal.lesson, learner=journal.learner, marks=stored, attendance=attendance
    )
    before = cell_state(cell)

    response = save_cell(teacher_client, journal.lesson, journal.learner, typed, version=1)

    assert response.status_code == 200
    assert response.json() == {"ok": True, "value": cell.text, "version": 1}
    assert cell_state(cell) == before
    assert CellChange.objects.count() == 0


def test_cell_save_history_clearing_empty_cell_creates_nothing(teacher_client, journal):
    response = save_cell(teacher_client, journal.lesson, journal.learner, "", version=0)

    assert response.status_code == 200
    assert response.json() == {"ok": True, "value": "", "version": 0}
    assert_nothing_stored()


def test_cell_save_history_records_each_author(teacher_client, journal, client):
    """The teacher writes, the deputy corrects with a reason: who is kept per change."""
    save_cell(teacher_client, journal.lesson, journal.learner, "3", 0)
    deputy = UserFactory(roles=[Role.DEPUTY])
    teacher_client.force_login(deputy)
    save_cell(teacher_client, journal.lesson, journal.learner, "4", 1, "апелляция")

    assert changes() == [
        ("", "3", "", "", "", journal.teacher_user.pk),
        ("3", "4", "", "", "апелляция", deputy.pk),
    ]
