"""External assessment in the demo school: a ВПР in mathematics for a 5th (or 6th)
form with every learner's task scores, a regional diagnostic in the subject the demo
teacher ``uchitel`` teaches in 7А (so that ``uchitel`` and ``klassruk`` see one), and
last year's ОГЭ and ЕГЭ of the 9th and 11th forms when the demo school has them.
Results go through the grid's service, so each has its history row."""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from achievements.external import services
from achievements.external.rules import RawRow
from achievements.external.selectors import class_learners
from achievements.models import ExternalAssessment, ExternalKind, StateExamKind, StateExamResult
from learners.models import (
    AcademicYear,
    Enrollment,
    Role,
    StudyGroup,
    Subject,
    TeachingAssignment,
)

VPR_TASKS = [1, 1, 1, 1, 2, 1, 2, 1, 2, 2]  # 14 points, ten tasks
VPR_THRESHOLDS = [[0, "2"], [5, "3"], [8, "4"], [12, "5"]]


def generate(*, today: date, seed: int = 17) -> dict:
    rng = random.Random(seed)
    deputy = get_user_model().objects.filter(groups__name=Role.DEPUTY.label).order_by("pk").first()
    year = AcademicYear.objects.filter(starts_on__lte=today).order_by("-starts_on").first()
    counts = {"external_assessments": 0, "external_results": 0, "state_exam_results": 0}
    if deputy is None or year is None:
        return counts
    held_on = min(today - timedelta(days=7), year.ends_on)
    math = Subject.objects.filter(name="Математика").first()
    group = (
        StudyGroup.objects.filter(year=year, grade__in=[5, 6], assignments__subject=math)
        .order_by("grade", "name")
        .first()
        if math
        else None
    )
    if group is not None:
        vpr = _assessment(
            kind=ExternalKind.VPR, title=f"ВПР по математике, {group.grade} класс",
            subject=math, group=group, held_on=held_on, task_max=VPR_TASKS,
            thresholds=VPR_THRESHOLDS, actor=deputy,
        )  # fmt: skip
        counts["external_assessments"] += 1
        counts["external_results"] += _results(vpr, group, rng=rng, actor=deputy)
    own = (
        TeachingAssignment.objects.filter(
            teacher__user__username="uchitel", group__year=year, group__name="7А"
        )
        .select_related("group", "subject")
        .first()
    )
    if own is not None:
        diagnostic = _assessment(
            kind=ExternalKind.REGIONAL,
            title=f"Региональная диагностика: {own.subject.name.lower()}, 7 класс",
            subject=own.subject, group=own.group, held_on=held_on - timedelta(days=3),
            task_max=[], thresholds=[[0, "2"], [10, "3"], [16, "4"], [21, "5"]], actor=deputy,
            max_score=25,
        )  # fmt: skip
        counts["external_assessments"] += 1
        counts["external_results"] += _results(diagnostic, own.group, rng=rng, actor=deputy)
    counts["state_exam_results"] = _state_exams(year, rng=rng)
    return counts


def _assessment(*, kind, title, subject, group, held_on, task_max, thresholds, actor, **more):
    return ExternalAssessment.objects.create(
        kind=kind, title=title, subject=subject, grade=group.grade, year=group.year,
        held_on=held_on, max_score=more.get("max_score", sum(task_max)),
        task_count=len(task_max), task_max=task_max, thresholds=thresholds, created_by=actor,
    )  # fmt: skip


def _results(assessment, group, *, rng, actor) -> int:
    rows = {}
    for learner in class_learners(group):
        level = min(0.98, max(0.2, rng.gauss(0.68, 0.17)))
        if assessment.task_count:
            tasks = [str(sum(rng.random() < level for _ in range(m))) for m in assessment.task_max]
            rows[learner.pk] = RawRow(tasks=tasks)
        else:
            rows[learner.pk] = RawRow(score=str(round(level * assessment.max_score)))
    return services.results_save(actor=actor, assessment=assessment, group=group, rows=rows)


def _state_exams(year, *, rng) -> int:
    """ОГЭ (marks) and ЕГЭ (scores) of last year's 9th and 11th forms."""
    past = AcademicYear.objects.filter(ends_on__lt=year.starts_on).order_by("-starts_on").first()
    if past is None:
        return 0
    subjects = list(Subject.objects.filter(name__in=["Русский язык", "Математика"]))
    rows = []
    enrollments = Enrollment.objects.filter(
        group__year=past, group__grade__in=[9, 11]
    ).select_related("group")
    for enrollment in enrollments.order_by("pk"):
        grade = enrollment.group.grade
        for subject in subjects:
            exam_date = date(past.ends_on.year, 6, 3 if subject.name == "Русский язык" else 10)
            if grade == 9:
                mark = rng.choices(["3", "4", "5"], weights=[3, 5, 3])[0]
                rows.append(StateExamResult(
                    learner_id=enrollment.learner_id, subject=subject, year=past,
                    kind=StateExamKind.OGE, exam_date=exam_date, mark=mark,
                ))  # fmt: skip
            else:
                rows.append(StateExamResult(
                    learner_id=enrollment.learner_id, subject=subject, year=past,
                    kind=StateExamKind.EGE, exam_date=exam_date, score=rng.randint(45, 92),
                ))  # fmt: skip
    StateExamResult.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
