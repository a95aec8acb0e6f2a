"""Writes of state exam results: a class's results of one exam saved from the grid or a
file (``results_save``). Every change leaves its StateExamResultChange row in the same
transaction. An entered result is not erased by emptying its row: a state exam result is
an official record, so the refusal asks for a correction instead."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from achievements.external.rows import ENTERED, FROM_FILE, RowErrors, checked_rows, write_rows
from achievements.models import StateExamResult, StateExamResultChange
from achievements.models.state_exams import describe
from achievements.state_exams import rules, selectors

__all__ = ["ENTERED", "FROM_FILE", "RowErrors", "results_save"]


@transaction.atomic
def results_save(*, actor, group, subject, kind, rows: dict, reason=ENTERED) -> int:
    """Save the rows (learner id → ExamRow) of ``kind`` in ``subject`` for the class
    ``group``: all or nothing. A row whose result changed since the page showed it (its
    version) is refused with the learner's name. Returns the number of results written."""
    if not selectors.may_enter(actor):
        raise PermissionDenied("Результаты ГИА вносит заместитель директора.")
    year = group.year
    learners = {learner.pk: learner for learner in selectors.class_learners(group)}
    # Locked: two saves of the same exam cannot both pass the version check.
    existing = {
        r.learner_id: r
        for r in StateExamResult.objects.select_for_update().filter(
            kind=kind, subject=subject, year=year, learner_id__in=list(learners)
        )
    }
    values = checked_rows(
        rows,
        learners=learners,
        existing=existing,
        check=lambda raw: rules.check(raw, kind=kind, year=year),
    )

    def update(result, value):
        result.exam_date, result.score, result.mark = value.exam_date, value.score, value.mark
        result.entered_by = actor

    return write_rows(
        values,
        learners=learners,
        existing=existing,
        describe=lambda value: describe(value.exam_date, value.score, value.mark),
        create=lambda learner_id, value: StateExamResult.objects.create(
            learner_id=learner_id,
            subject=subject,
            year=year,
            kind=kind,
            exam_date=value.exam_date,
            score=value.score,
            mark=value.mark,
            entered_by=actor,
        ),
        update=update,
        history=lambda result, old, new: StateExamResultChange.objects.create(
            result=result, changed_by=actor, old_value=old, new_value=new, reason=reason
        ),
    )
