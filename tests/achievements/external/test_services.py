"""Saving a class's results (R-JRN-9): all or nothing, history in the same
transaction, changes made meanwhile refused, not overwritten."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from achievements.external import services
from achievements.external.rules import RawRow
from achievements.models import ExternalAssessment, ExternalResult, ExternalResultChange
from learners.models import Role
from tests.factories import SubjectFactory, TeachingAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def save(journal, vpr, rows, actor=None):
    return services.results_save(
        actor=actor or journal.teacher_user, assessment=vpr, group=journal.group, rows=rows
    )


def test_results_save_writes_results_and_history(journal, vpr):
    written = save(
        journal,
        vpr,
        {
            journal.learner.pk: RawRow(tasks=["3", "2", "4"], version=0),
            journal.classmate.pk: RawRow(score="5", version=0),
        },
    )

    assert written == 2
    rows = {
        r.learner_id: (r.score, r.mark, r.task_scores, r.version, r.entered_by_id)
        for r in ExternalResult.objects.all()
    }
    teacher = journal.teacher_user.pk
    assert rows == {
        journal.learner.pk: (9, "5", [3, 2, 4], 1, teacher),
        journal.classmate.pk: (5, "3", [], 1, teacher),
    }
    history = sorted(
        ExternalResultChange.objects.values_list("old_value", "new_value", "reason", "changed_by")
    )
    assert history == [
        ("", "баллы 5, отметка 3", "Ввод результатов", teacher),
        ("", "баллы 9, отметка 5, задания 3/2/4", "Ввод результатов", teacher),
    ]


def test_results_save_change_leaves_history_and_bumps_version(journal, vpr):
    save(journal, vpr, {journal.learner.pk: RawRow(score="5", version=0)})
    deputy = UserFactory(roles=[Role.DEPUTY])

    save(journal, vpr, {journal.learner.pk: RawRow(score="7", version=1)}, actor=deputy)

    result = ExternalResult.objects.get()
    assert (result.score, result.mark, result.version, result.entered_by) == (7, "4", 2, deputy)
    change = result.changes.first()
    assert (change.old_value, change.new_value, change.changed_by) == (
        "баллы 5, отметка 3",
        "баллы 7, отметка 4",
        deputy,
    )
    assert result.changes.count() == 2


def test_results_save_unchanged_row_writes_nothing(journal, vpr):
    save(journal, vpr, {journal.learner.pk: RawRow(score="5", version=0)})

    assert save(journal, vpr, {journal.learner.pk: RawRow(score="5", version=1)}) == 0
    assert ExternalResult.objects.get().version == 1
    assert ExternalResultChange.objects.count() == 1


def test_results_save_one_bad_row_writes_nothing(journal, vpr):
    with pytest.raises(services.RowErrors) as error:
        save(
            journal,
            vpr,
            {
                journal.learner.pk: RawRow(score="5", version=0),
                journal.classmate.pk: RawRow(score="12", version=0),
            },
        )

    assert error.value.rows == {journal.classmate.pk: ["Баллы: 12 — вне диапазона 0…10."]}
    assert ExternalResult.objects.count() == 0
    assert ExternalResultChange.objects.count() == 0


def test_results_save_changed_meanwhile_refused_naming_learner(journal, vpr):
    save(journal, vpr, {journal.learner.pk: RawRow(score="5", version=0)})

    with pytest.raises(services.RowErrors) as error:
        # The page was opened before the first save: it still shows no result.
        save(journal, vpr, {journal.learner.pk: RawRow(score="9", version=0)})

    name = journal.learner.short_name
    assert error.value.rows == {
        journal.learner.pk: [
            f"{name}: результат изменил другой пользователь, пока страница была открыта. "
            "Обновите страницу и внесите изменение заново."
        ]
    }
    assert ExternalResult.objects.get().score == 5
    assert ExternalResultChange.objects.count() == 1


def test_results_save_emptied_row_refused(journal, vpr):
    save(journal, vpr, {journal.learner.pk: RawRow(score="5", version=0)})

    with pytest.raises(services.RowErrors) as error:
        save(journal, vpr, {journal.learner.pk: RawRow(version=1)})

    assert error.value.rows == {
        journal.learner.pk: ["Внесённый результат нельзя стереть: исправьте значения."]
    }
    assert ExternalResult.objects.get().score == 5


def test_results_save_by_teacher_of_other_subject_refused(journal, vpr):
    other = TeachingAssignmentFactory(group=journal.group, subject=SubjectFactory()).teacher.user

    with pytest.raises(PermissionDenied):
        save(journal, vpr, {journal.learner.pk: RawRow(score="5", version=0)}, actor=other)

    assert ExternalResult.objects.count() == 0


def fields(journal, **changes):
    data = dict(
        kind="regional", title="Региональная диагностика", subject=journal.subject, grade=5,
        year=journal.year, held_on=date(2026, 11, 10), max_score=20, task_count=2,
        task_max=[10, 10], thresholds=[],
    )  # fmt: skip
    data.update(changes)
    return data


def test_assessment_create_by_subject_teacher(journal):
    assessment = services.assessment_create(actor=journal.teacher_user, **fields(journal))

    assert (assessment.created_by, assessment.task_max, assessment.max_score) == (
        journal.teacher_user,
        [10, 10],
        20,
    )


def test_assessment_create_by_teacher_of_other_subject_refused(journal):
    with pytest.raises(PermissionDenied):
        services.assessment_create(
            actor=journal.teacher_user, **fields(journal, subject=SubjectFactory())
        )
    assert ExternalAssessment.objects.count() == 0


def test_assessment_create_task_maxima_not_summing_refused(journal):
    with pytest.raises(ValidationError) as error:
        services.assessment_create(
            actor=UserFactory(roles=[Role.DEPUTY]), **fields(journal, task_max=[10, 5])
        )
    assert error.value.messages == [
        "Сумма максимумов заданий (15) не равна максимальному баллу (20)."
    ]
    assert ExternalAssessment.objects.count() == 0


def test_results_save_row_inserted_meanwhile_refused_not_500(journal, vpr, monkeypatch):
    # Another save inserts the learner's result after this one read the class's rows.
    real = ExternalResult.objects.select_for_update

    def read_then_race(*args, **kwargs):
        rows = list(real(*args, **kwargs).filter(assessment=vpr))
        ExternalResult.objects.create(
            assessment=vpr, learner=journal.learner, score=3, entered_by=journal.teacher_user
        )
        return ExternalResult.objects.filter(pk__in=[r.pk for r in rows])

    monkeypatch.setattr(ExternalResult.objects, "select_for_update", read_then_race)
    with pytest.raises(services.RowErrors) as error:
        save(journal, vpr, {journal.learner.pk: RawRow(score="9", version=0)})

    assert list(error.value.rows) == [journal.learner.pk]
    assert error.value.messages[0].startswith(f"{journal.learner.short_name}: результат изменил")
