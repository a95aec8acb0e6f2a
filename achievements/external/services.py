"""Writes of external assessment: an assessment created (``assessment_create``), a
class's results saved from the grid or a file (``results_save``). Every change of a
result leaves its ExternalResultChange row in the same transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from achievements.external import rules, selectors
from achievements.external.rows import ENTERED, FROM_FILE, RowErrors, checked_rows, write_rows
from achievements.models import ExternalAssessment, ExternalResult, ExternalResultChange
from achievements.models.external import describe
from learners.access import can_teach, has_role
from learners.models import Role, TeachingAssignment

__all__ = ["ENTERED", "FROM_FILE", "RowErrors", "assessment_create", "results_save"]


def check_thresholds(thresholds, *, max_score: int) -> list[str]:
    errors = []
    minimums = [minimum for minimum, _ in thresholds]
    if minimums != sorted(set(minimums)):
        errors.append("Пороги шкалы перевода должны возрастать.")
    if any(not 0 <= minimum <= max_score for minimum in minimums):
        errors.append(f"Порог шкалы перевода — от 0 до {max_score}.")
    return errors


@transaction.atomic
def assessment_create(*, actor, **fields) -> ExternalAssessment:
    """The deputy creates any; a teacher one of a subject they teach in that grade."""
    if not has_role(actor, Role.DEPUTY):
        teaches = TeachingAssignment.objects.filter(
            teacher__user=actor,
            teacher__is_active=True,
            subject=fields["subject"],
            group__grade=fields["grade"],
            group__year=fields["year"],
        ).exists()
        if not (has_role(actor, Role.TEACHER) and teaches):
            raise PermissionDenied("Процедуру заводит заместитель директора или учитель предмета.")
    task_max = fields.get("task_max") or []
    if task_max and len(task_max) != fields.get("task_count", 0):
        raise ValidationError("Максимумы заданий: по одному на каждое задание.")
    if task_max and sum(task_max) != fields["max_score"]:
        raise ValidationError(
            f"Сумма максимумов заданий ({sum(task_max)}) не равна максимальному баллу "
            f"({fields['max_score']})."
        )
    errors = check_thresholds(fields.get("thresholds") or [], max_score=fields["max_score"])
    if errors:
        raise ValidationError(errors)
    assessment = ExternalAssessment(created_by=actor, **fields)
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def results_save(*, actor, assessment, group, rows: dict[int, rules.RawRow], reason=ENTERED):
    """Save a class's rows (learner id → what was typed): all or nothing. A row whose
    result changed since the page showed it (its version) is refused with the learner's
    name. Returns the number of results written."""
    if not (
        has_role(actor, Role.DEPUTY) or can_teach(actor, group=group, subject=assessment.subject)
    ):
        raise PermissionDenied("Результаты вносит учитель предмета или заместитель директора.")
    learners = {learner.pk: learner for learner in selectors.class_learners(group)}
    marks = selectors.allowed_marks(assessment)
    # Locked: two saves of the same class cannot both pass the version check.
    existing = {
        r.learner_id: r
        for r in ExternalResult.objects.select_for_update().filter(
            assessment=assessment, learner_id__in=list(learners)
        )
    }
    values = checked_rows(
        rows,
        learners=learners,
        existing=existing,
        check=lambda raw: rules.check(
            raw,
            max_score=assessment.max_score,
            task_count=assessment.task_count,
            task_max=assessment.task_max,
            thresholds=assessment.thresholds,
            marks=marks,
        ),
    )

    def update(result, value):
        result.score, result.mark, result.task_scores = value.score, value.mark, value.tasks
        result.entered_by = actor

    return write_rows(
        values,
        learners=learners,
        existing=existing,
        describe=lambda value: describe(value.score, value.mark, value.tasks),
        create=lambda learner_id, value: ExternalResult.objects.create(
            assessment=assessment,
            learner_id=learner_id,
            score=value.score,
            mark=value.mark,
            task_scores=value.tasks,
            entered_by=actor,
        ),
        update=update,
        history=lambda result, old, new: ExternalResultChange.objects.create(
            result=result, changed_by=actor, old_value=old, new_value=new, reason=reason
        ),
    )
