"""A training company's module results (004 §2.3): a module's result — the year mark of
its subject in a group of a ДПП — is proposed from the module's own lessons over the
year, and a training group has no final mark per module (the commission gives it)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from achievements import journal
from achievements.attestation import DEFAULT_RULE
from achievements.models import MarkKind, PeriodMark
from achievements.selectors import module_marks, propose_module
from learners.models import GradingScale, ProgrammeLevel, SubjectKind
from tests.achievements.factories import CONTROL_WORK, JournalCellFactory, LessonFactory, work_kind
from tests.factories import CurriculumLineFactory, ProgrammeFactory, SubjectFactory
from tests.schools import SchoolBuilder

pytestmark = pytest.mark.django_db


def _training(scale_code="five-point"):
    school = SchoolBuilder()
    first = school.period(number=1, starts_on=date(2026, 9, 1), ends_on=date(2026, 12, 27))
    second = school.period(number=2, starts_on=date(2027, 1, 9), ends_on=date(2027, 5, 25))
    programme = ProgrammeFactory(
        name="Охрана труда", level=ProgrammeLevel.ADVANCED_TRAINING, first_grade=1, last_grade=1
    )
    group = school.group("ОТ-1", programme=programme, grade=1)
    subject = SubjectFactory(
        name="Модуль 1. Основы охраны труда",
        kind=SubjectKind.MODULE,
        grading_scale=GradingScale.objects.get(code=scale_code),
    )
    CurriculumLineFactory(programme=programme, subject=subject, grade=1, hours=16)
    teacher = school.subject_teacher(group, subject, username="prepod")
    learner = school.learner(group, "Антонова", "Алина", "Сергеевна", started_on=date(2026, 9, 1))
    return school, group, subject, teacher, learner, (first, second)


def _marks(group, subject, learner, teacher, marks):
    for number, (day, value, kind) in enumerate(marks, start=1):
        lesson = LessonFactory(
            group=group, subject=subject, date=day, number=number, work_kind=work_kind(kind)
        )
        JournalCellFactory(lesson=lesson, learner=learner, marks=value, updated_by=teacher.user)


def test_module_marks_in_lesson_order_with_weights():
    _school, group, subject, teacher, learner, _ = _training()
    _marks(
        group,
        subject,
        learner,
        teacher,
        [
            (date(2026, 9, 10), "3", CONTROL_WORK),
            (date(2026, 9, 3), "5", "Работа на уроке"),
            (date(2026, 9, 17), "", "Работа на уроке"),
        ],
    )
    assert module_marks(learner_ids=[learner.pk], subject_id=subject.pk, group=group) == {
        learner.pk: [("5", Decimal("1.0")), ("3", Decimal("2.0"))]
    }


def test_propose_module_on_five_point_scale_weighted_mean():
    marks = [("5", Decimal("1.0")), ("3", Decimal("2.0")), ("4", Decimal("1.0"))]
    # (5 + 6 + 4) / 4 = 3.75 → «4» by the default rule.
    assert propose_module("five_point", marks, DEFAULT_RULE) == "4"
    assert propose_module("five_point", marks[:2], DEFAULT_RULE) == "н/а"


def test_propose_module_on_pass_fail_scale_latest_result():
    assert propose_module("pass_fail", [("незач", 1), ("зач", 1)], DEFAULT_RULE) == "зач"
    assert propose_module("pass_fail", [], DEFAULT_RULE) == "н/а"


def test_year_page_training_group_proposes_from_module_lessons(client):
    school, group, subject, teacher, learner, _periods = _training()
    # Lessons in the first half-year only: no period mark, yet the module is over.
    _marks(
        group,
        subject,
        learner,
        teacher,
        [
            (date(2026, 9, 3), "5", "Работа на уроке"),
            (date(2026, 9, 10), "4", "Работа на уроке"),
            (date(2026, 9, 17), "5", CONTROL_WORK),
        ],
    )
    client.force_login(teacher.user)
    url = reverse("journal_year", args=[group.pk, subject.pk, school.year.pk])
    page = client.get(url)
    assert page.status_code == 200
    row = page.context["rows"][0]
    # (5 + 4 + 10) / 4 = 4.75 → «5».
    assert row["proposed"] == "5"
    assert page.context["graduating"] is False
    assert page.context["by_modules"] is True

    response = client.post(url, {"action": "confirm", f"year_version_{learner.pk}": "0"})
    assert response.status_code == 302
    mark = PeriodMark.objects.get(learner=learner, subject=subject, kind=MarkKind.YEAR)
    assert (mark.value, mark.proposed, mark.reason) == ("5", "5", "")


def test_module_result_on_pass_fail_scale_saved_as_proposed():
    _school, group, subject, teacher, learner, _ = _training(scale_code="pass-fail")
    _marks(
        group,
        subject,
        learner,
        teacher,
        [
            (date(2026, 9, 3), "незач", "Работа на уроке"),
            (date(2026, 9, 10), "зач", "Работа на уроке"),
        ],
    )
    mark = journal.period_mark_save(
        learner=learner,
        subject=subject,
        group=group,
        kind=MarkKind.YEAR,
        period=None,
        value="зач",
        version=0,
        reason="",
        actor=teacher.user,
    )
    assert (mark.value, mark.proposed) == ("зач", "зач")
