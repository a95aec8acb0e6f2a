"""SAVE_CONTEXT_SQL, the hand-written query a cell save reads its lesson with
(achievements/journal/save_context.py), against the rules it repeats: the access
policy (learners.access.journal_access) and the same reads through the ORM
(orm_save_context). Every role × closure × enrollment × exemption; run on SQLite and
on PostgreSQL (DATABASE_URL)."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from achievements.journal import save_context as module
from learners.access import JournalAccess, has_role, journal_access
from learners.models import Role
from tests.achievements.factories import ExemptionFactory, PeriodClosureFactory
from tests.achievements.people import People
from tests.factories import (
    EnrollmentFactory,
    LearnerFactory,
    StaffFactory,
    StudyGroupFactory,
    SubjectFactory,
    TeachingAssignmentFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


class Everyone(People):
    """The roles of test_access, and those whose answer is easiest to get wrong."""

    def _teacher_of_other_subject(self):
        subject = SubjectFactory(name="Физика")
        return TeachingAssignmentFactory(group=self.journal.group, subject=subject).teacher.user

    def _teacher_who_left(self):
        user = UserFactory(roles=[Role.TEACHER])
        staff = StaffFactory(user=user, is_active=False)
        TeachingAssignmentFactory(
            group=self.journal.group, subject=self.journal.subject, teacher=staff
        )
        return user

    def _deputy_who_teaches(self):
        user = UserFactory(roles=[Role.DEPUTY, Role.TEACHER])
        staff = StaffFactory(user=user)
        TeachingAssignmentFactory(
            group=self.journal.group, subject=self.journal.subject, teacher=staff
        )
        return user

    def _assignment_without_teacher_role(self):
        staff = StaffFactory(user=UserFactory(roles=[Role.CLASS_TEACHER]))
        TeachingAssignmentFactory(
            group=self.journal.group, subject=self.journal.subject, teacher=staff
        )
        return staff.user


ROLES = [
    "teacher",
    "other_teacher",
    "teacher_of_other_subject",
    "teacher_who_left",
    "class_teacher",
    "deputy",
    "deputy_who_teaches",
    "assignment_without_teacher_role",
    "director",
    "clerk",
    "parent",
    "learner",
    "no_role",
]
CLOSURES = ["open", "closed_for_group", "closed_for_organisation", "reopened"]
ENROLLMENTS = ["enrolled", "not_enrolled", "ended_before_lesson"]
EXEMPTIONS = ["none", "exempt"]
ORDER = "Приказ № 12-у от 01.09.2026"


def _close(journal, closure):
    if closure == "closed_for_group":
        PeriodClosureFactory(period=journal.period, group=journal.group)
    elif closure == "closed_for_organisation":
        PeriodClosureFactory(period=journal.period)
    elif closure == "reopened":
        deputy = UserFactory(roles=[Role.DEPUTY])
        PeriodClosureFactory(
            period=journal.period,
            reopened_at=datetime(2026, 10, 1, 10, 0, tzinfo=UTC),
            reopened_by=deputy,
            reopen_reason="Пересдача",
        )


def _learner(journal, enrollment):
    if enrollment == "enrolled":
        return journal.learner
    learner = LearnerFactory(last_name="Волков")
    if enrollment == "not_enrolled":
        EnrollmentFactory(learner=learner, group=StudyGroupFactory(year=journal.year, name="6А"))
    else:
        EnrollmentFactory(
            learner=learner,
            group=journal.group,
            started_on=date(2026, 9, 1),
            ended_on=date(2026, 9, 10),
        )
    return learner


@pytest.mark.parametrize("exemption", EXEMPTIONS)
@pytest.mark.parametrize("enrollment", ENROLLMENTS)
@pytest.mark.parametrize("closure", CLOSURES)
def test_save_context_sql_agrees_with_orm_and_access_policy(
    journal, closure, enrollment, exemption
):
    _close(journal, closure)
    learner = _learner(journal, enrollment)
    if exemption == "exempt":
        ExemptionFactory(learner=learner, subject=journal.subject, order_reference=ORDER)
    people = Everyone(journal)
    lesson = journal.lesson

    for role in ROLES:
        user = people[role]
        by_sql = module.save_context(lesson.pk, learner.pk, user)
        by_orm = module.orm_save_context(lesson.pk, learner.pk, user)
        access = journal_access(user, group_id=lesson.group_id, subject_id=lesson.subject_id)

        assert by_sql == by_orm, role
        assert (by_sql.may_teach or has_role(user, Role.DEPUTY)) is (
            access >= JournalAccess.WRITE
        ), role
        assert (by_sql.is_closed, by_sql.is_enrolled, by_sql.exemption) == (
            closure in ("closed_for_group", "closed_for_organisation"),
            enrollment == "enrolled",
            ORDER if exemption == "exempt" else None,
        ), role
    assert by_sql.allowed_codes == frozenset({"2", "3", "4", "5"})


def test_save_context_closed_for_other_group_open_for_this_one(journal):
    PeriodClosureFactory(period=journal.period, group=StudyGroupFactory(year=journal.year))

    context = module.save_context(journal.lesson.pk, journal.learner.pk, journal.teacher_user)

    assert (context.is_closed, context.may_teach) == (False, True)


def test_save_context_unknown_vendor_refused_clearly():
    with pytest.raises(ImproperlyConfigured) as refused:
        module._sql("mysql")

    assert str(refused.value) == (
        "Журнал работает с SQLite и PostgreSQL; база данных «mysql» не поддерживается "
        "(achievements.journal.save_context)."
    )


def test_save_context_sql_uses_named_parameters():
    sql = module.SAVE_CONTEXT_SQL

    assert (
        "%s" in sql,
        [name for name in ("teacher", "learner", "lesson") if f"%({name})s" not in sql],
    ) == (
        False,
        [],
    )
