"""Academic debts and extracurricular courses (R-JRN-13 beside R-JRN-12). Decision: a
debt is the failed intermediate attestation of the curriculum (273-ФЗ ст. 58); a course
of extracurricular activity is recorded as an achievement (000 §3.2.2), so its «незач»
or «Н» period result is shown in the diary but opens no debt. A subject's «2» still
does."""

import pytest

from achievements import journal as journal_services
from achievements.debts.rules import opens_debt, programme_has_debts
from achievements.models import AcademicDebt, MarkKind, PeriodMark
from learners.models import GradingScale, ProgrammeLevel, SubjectKind
from tests.factories import SubjectFactory, TeachingAssignmentFactory

pytestmark = pytest.mark.django_db


def save_period_result(journal, subject, value, actor):
    return journal_services.period_mark_save(
        actor=actor,
        learner=journal.learner,
        group=journal.group,
        subject=subject,
        kind=MarkKind.PERIOD,
        period=journal.period,
        value=value,
        version=0,
        reason="Итог курса за четверть",
    )


@pytest.mark.parametrize(
    ("kind", "opens"),
    [
        (SubjectKind.SUBJECT, True),
        (SubjectKind.COURSE, True),
        (SubjectKind.EXTRACURRICULAR, False),
    ],
)
def test_opens_debt_by_subject_kind(kind, opens):
    assert opens_debt(kind) is opens


def test_subject_failing_period_mark_opens_debt(journal):
    save_period_result(journal, journal.subject, "2", journal.teacher_user)

    assert list(AcademicDebt.objects.values_list("subject__name", "value")) == [("Математика", "2")]


@pytest.mark.parametrize(("course", "value"), [("talks", "незач"), ("chess", "Н")])
def test_course_failing_period_result_opens_no_debt(request, journal, chess, course, value):
    course = request.getfixturevalue(course)

    save_period_result(journal, course.subject, value, course.teacher_user)

    assert PeriodMark.objects.get().value == value
    assert AcademicDebt.objects.count() == 0


@pytest.mark.parametrize(
    ("level", "has_debts"),
    [
        (ProgrammeLevel.BASIC, True),
        (ProgrammeLevel.PROFESSIONAL_TRAINING, True),
        (ProgrammeLevel.ADDITIONAL_DEVELOPING, False),
        (ProgrammeLevel.ADDITIONAL_PREPROFESSIONAL, False),
    ],
)
def test_programme_has_debts_by_level(level, has_debts):
    assert programme_has_debts(level) is has_debts


def test_club_low_level_period_result_opens_no_debt(journal):
    """A club of additional education (the demo's robotics club): its «Н» is the
    learner's level, not a failed attestation of a curriculum."""
    programme = journal.group.programme
    programme.level = ProgrammeLevel.ADDITIONAL_DEVELOPING
    programme.save(update_fields=["level"])
    robotics = SubjectFactory(
        name="Робототехника", kind=SubjectKind.COURSE,
        grading_scale=GradingScale.objects.get(code="levels"),
    )  # fmt: skip
    TeachingAssignmentFactory(group=journal.group, subject=robotics, teacher=journal.teacher)

    save_period_result(journal, robotics, "Н", journal.teacher_user)

    assert PeriodMark.objects.get().value == "Н"
    assert AcademicDebt.objects.count() == 0
