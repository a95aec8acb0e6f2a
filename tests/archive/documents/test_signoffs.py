"""The class teacher's sign-off of a year's final results (001 §3.7): who may sign, a
stale sign-off after the marks change, the history of sign-offs, and the group page."""

import pytest
from django.core.exceptions import ValidationError

from archive.documents.signoffs import group_signoffs, yearly_results_sign
from archive.models import YearResultsSignoff
from tests.archive.documents.learner_data import build_learner_record
from tests.factories import EnrollmentFactory, LearnerFactory


@pytest.fixture
def record(db):
    return build_learner_record()


def test_signoff_by_the_class_teacher_records_marks_who_and_when(record):
    signoff = yearly_results_sign(
        learner=record.learner, academic_year=record.first_year, actor=record.teacher_5.user
    )
    assert signoff.signed_by == record.teacher_5.user
    assert signoff.signer_name == "Смирнова Ольга Петровна"
    assert signoff.group_name == "5А"
    assert signoff.signed_at is not None
    assert signoff.marks == [
        {"subject": "Математика", "year": "5", "final": "5", "credited": False},
        {"subject": "Русский язык", "year": "4", "final": "", "credited": True},
    ]


@pytest.mark.parametrize("who", ["teacher_6", "deputy", "subject_teacher"])
def test_signoff_by_anyone_but_that_years_class_teacher_is_refused(record, who):
    actor = record.teacher_6.user if who == "teacher_6" else getattr(record, who)
    with pytest.raises(ValidationError) as error:
        yearly_results_sign(learner=record.learner, academic_year=record.first_year, actor=actor)
    assert error.value.messages == [
        "Заверить итоговые результаты 5А может только его классный руководитель."
    ]
    assert YearResultsSignoff.objects.count() == 0


def test_signoff_of_a_year_without_final_marks_is_refused(record):
    with pytest.raises(ValidationError) as error:
        yearly_results_sign(
            learner=record.learner, academic_year=record.second_year, actor=record.teacher_6.user
        )
    assert error.value.messages == [
        "У обучающегося Титов М.А. нет итоговых отметок за 2026/2027 учебный год: заверять нечего."
    ]
    assert YearResultsSignoff.objects.count() == 0


def _state(record):
    (entry,) = [e for e in group_signoffs(group=record.group_5) if e["learner"] == record.learner]
    return entry["state"]


def test_signoff_goes_stale_when_a_mark_changes_and_signing_again_keeps_history(record):
    teacher = record.teacher_5.user
    first = yearly_results_sign(
        learner=record.learner, academic_year=record.first_year, actor=teacher
    )
    assert _state(record)["status"] == "signed"
    again = yearly_results_sign(
        learner=record.learner, academic_year=record.first_year, actor=teacher
    )
    assert again == first
    record.learner.period_marks.filter(subject=record.maths, kind="year").update(value="4")
    assert _state(record)["status"] == "stale"
    assert _state(record)["label"] == "не заверено: отметки изменены после заверения"
    second = yearly_results_sign(
        learner=record.learner, academic_year=record.first_year, actor=teacher
    )
    assert second != first
    assert _state(record)["status"] == "signed"
    history = YearResultsSignoff.objects.order_by("pk")
    assert [signoff.marks[0]["year"] for signoff in history] == ["5", "4"]


def test_group_signoffs_list_each_learner_with_their_state(record):
    other = LearnerFactory(last_name="Абрамова", first_name="Вера", patronymic="Олеговна")
    EnrollmentFactory(learner=other, group=record.group_5)
    rows = group_signoffs(group=record.group_5)
    assert [(e["learner"].full_name, e["state"]["status"]) for e in rows] == [
        ("Абрамова Вера Олеговна", "unsigned"),
        ("Титов Михаил Андреевич", "unsigned"),
    ]
    assert [(r["subject"], r["year_mark"]["value"]) for r in rows[1]["rows"]] == [
        ("Математика", "5"),
        ("Русский язык", "4"),
    ]
