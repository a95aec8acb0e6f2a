"""Saving a class's state exam results: all or nothing, history in the same
transaction, a stale version refused by the learner's name, a result not erased."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from achievements.models import StateExamResult, StateExamResultChange
from achievements.state_exams.rules import ExamRow
from achievements.state_exams.services import FROM_FILE, RowErrors, results_save

pytestmark = pytest.mark.django_db


def save(gia, rows, *, actor=None, kind="oge", group=None, subject=None, **extra):
    return results_save(
        actor=actor or gia.people["deputy"], group=group or gia.group,
        subject=subject or gia.math, kind=kind, rows=rows, **extra,
    )  # fmt: skip


def stored():
    return sorted(
        StateExamResult.objects.values_list(
            "learner__last_name", "kind", "exam_date", "score", "mark", "version"
        )
    )


def test_results_save_creates_results_and_history(gia):
    written = save(gia, {
        gia.learner.pk: ExamRow(exam_date="2027-05-20", score="15", mark="4", version=0),
        gia.classmate.pk: ExamRow(exam_date="2027-05-20", mark="3", version=0),
    })  # fmt: skip
    assert written == 2
    assert stored() == [
        ("Антонова", "oge", date(2027, 5, 20), 15, "4", 1),
        ("Борисов", "oge", date(2027, 5, 20), None, "3", 1),
    ]
    assert set(StateExamResult.objects.values_list("entered_by", "year", "subject")) == {
        (gia.people["deputy"].pk, gia.year.pk, gia.math.pk)
    }
    assert sorted(
        StateExamResultChange.objects.values_list("old_value", "new_value", "reason", "changed_by")
    ) == [
        ("", "дата 20.05.2027, баллы 15, отметка 4", "Ввод результатов", gia.people["deputy"].pk),
        ("", "дата 20.05.2027, отметка 3", "Ввод результатов", gia.people["deputy"].pk),
    ]


def test_results_save_change_bumps_version_and_keeps_history(gia):
    save(gia, {gia.learner.pk: ExamRow(exam_date="2027-05-20", mark="3", version=0)})
    written = save(gia, {gia.learner.pk: ExamRow(exam_date="2027-05-20", mark="4", version=1)})
    assert written == 1
    assert stored() == [("Антонова", "oge", date(2027, 5, 20), None, "4", 2)]
    assert list(
        StateExamResultChange.objects.order_by("pk").values_list("old_value", "new_value")
    ) == [
        ("", "дата 20.05.2027, отметка 3"),
        ("дата 20.05.2027, отметка 3", "дата 20.05.2027, отметка 4"),
    ]


def test_results_save_unchanged_row_writes_nothing(gia):
    save(gia, {gia.learner.pk: ExamRow(exam_date="2027-05-20", mark="3", version=0)})
    assert save(gia, {gia.learner.pk: ExamRow(exam_date="20.05.2027", mark="3", version=1)}) == 0
    assert StateExamResultChange.objects.count() == 1
    assert stored()[0][-1] == 1


def test_results_save_one_bad_row_writes_nothing(gia):
    with pytest.raises(RowErrors) as refused:
        save(gia, {
            gia.learner.pk: ExamRow(exam_date="2027-05-20", mark="4", version=0),
            gia.classmate.pk: ExamRow(exam_date="2027-05-20", score="101", mark="6", version=0),
        })  # fmt: skip
    assert refused.value.rows == {
        gia.classmate.pk: [
            "Баллы: 101 — вне диапазона 0…100.",
            "Отметка «6» не из шкалы: допустимо 2, 3, 4, 5.",
        ]
    }
    assert StateExamResult.objects.count() == 0
    assert StateExamResultChange.objects.count() == 0


def test_results_save_stale_version_refused_naming_learner(gia):
    save(gia, {gia.learner.pk: ExamRow(exam_date="2027-05-20", mark="3", version=0)})
    save(gia, {gia.learner.pk: ExamRow(exam_date="2027-05-20", mark="4", version=1)})
    with pytest.raises(RowErrors) as refused:
        save(gia, {
            gia.learner.pk: ExamRow(exam_date="2027-05-20", mark="5", version=1),
            gia.classmate.pk: ExamRow(exam_date="2027-05-20", mark="5", version=0),
        })  # fmt: skip
    assert refused.value.rows == {
        gia.learner.pk: [
            "Антонова М.И.: результат изменил другой пользователь, пока страница была открыта. "
            "Обновите страницу и внесите изменение заново."
        ]
    }
    assert stored() == [("Антонова", "oge", date(2027, 5, 20), None, "4", 2)]


def test_results_save_new_row_over_stored_refused_as_stale(gia):
    save(gia, {gia.learner.pk: ExamRow(exam_date="2027-05-20", mark="3", version=0)})
    with pytest.raises(RowErrors) as refused:
        save(gia, {gia.learner.pk: ExamRow(exam_date="2027-05-20", mark="5", version=0)})
    assert list(refused.value.rows) == [gia.learner.pk]
    assert stored() == [("Антонова", "oge", date(2027, 5, 20), None, "3", 1)]


def test_results_save_emptied_row_refused(gia):
    save(gia, {gia.learner.pk: ExamRow(exam_date="2027-05-20", mark="3", version=0)})
    with pytest.raises(RowErrors) as refused:
        save(gia, {gia.learner.pk: ExamRow(version=1)})
    assert refused.value.rows == {
        gia.learner.pk: ["Внесённый результат нельзя стереть: исправьте значения."]
    }
    assert StateExamResult.objects.count() == 1


def test_results_save_empty_new_row_skipped(gia):
    assert save(gia, {gia.learner.pk: ExamRow(version=0)}) == 0
    assert StateExamResult.objects.count() == 0


def test_results_save_learner_of_other_class_refused(gia):
    with pytest.raises(RowErrors) as refused:
        save(gia, {gia.graduate.pk: ExamRow(exam_date="2027-05-20", mark="3", version=0)})
    assert refused.value.rows == {gia.graduate.pk: ["Обучающийся не числится в классе."]}
    assert StateExamResult.objects.count() == 0


def test_results_save_file_overwrites_and_names_reason(gia):
    save(gia, {gia.graduate.pk: ExamRow(exam_date="2027-06-10", score="70", version=0)},
         kind="ege", group=gia.senior)  # fmt: skip
    save(gia, {gia.graduate.pk: ExamRow(exam_date="2027-06-10", score="72", version=None)},
         kind="ege", group=gia.senior, reason=FROM_FILE)  # fmt: skip
    assert stored() == [("Волков", "ege", date(2027, 6, 10), 72, "", 2)]
    assert StateExamResultChange.objects.order_by("pk").last().reason == "Загрузка из файла"


@pytest.mark.parametrize("who", ["director", "teacher", "class_teacher"])
def test_results_save_by_reader_forbidden(gia, who):
    with pytest.raises(PermissionDenied):
        save(gia, {gia.learner.pk: ExamRow(exam_date="2027-05-20", mark="3", version=0)},
             actor=gia.people[who])  # fmt: skip
    assert StateExamResult.objects.count() == 0


def test_learner_who_left_before_may_not_listed(gia):
    from achievements.state_exams.selectors import class_learners

    enrollment = gia.classmate.enrollments.get()
    enrollment.ended_on = date(2027, 3, 1)
    enrollment.save()
    gia.learner.enrollments.update(ended_on=date(2027, 6, 30))
    assert class_learners(gia.group) == [gia.learner]
