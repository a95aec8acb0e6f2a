"""Reads of learners' results for another app's rules: the candidate lists of the
rewards app (R-RW-4, R-RW-7). Plain rows, one query each whatever the number of learners
and marks; the caller has already decided which learners it may read."""

from collections import defaultdict
from datetime import date

from django.db.models import Exists, F, OuterRef, Q

from achievements.models import (
    Achievement,
    AchievementStatus,
    MarkKind,
    PeriodMark,
    StateExamResult,
)
from learners.models import CurriculumLine, ScaleValue, SubjectKind


def attestation_results(*, learner_ids, year) -> list[dict]:
    """Year and final marks of these learners in the academic year, by subject name:
    learner_id, kind, subject_id, subject_name, value, and ``passing`` — whether the
    subject's scale counts the value as a positive result (зач, осв. do; н/а does not).
    Courses of extracurricular activity are left out: rewards are for learning results."""
    passing = ScaleValue.objects.filter(
        scale=OuterRef("subject__grading_scale"), code=OuterRef("value"), is_passing=True
    )
    return list(
        PeriodMark.objects.filter(
            SubjectKind.academic(),
            learner_id__in=learner_ids,
            year=year,
            kind__in=[MarkKind.YEAR, MarkKind.FINAL],
        )
        .annotate(passing=Exists(passing))
        .values("learner_id", "kind", "subject_id", "value", "passing",
                subject_name=F("subject__name"))
        .order_by("learner_id", "subject__name", "kind")
    )  # fmt: skip


def state_exam_results(*, learner_ids, year, kind: str) -> list[dict]:
    """State exam results of one form (ЕГЭ, ОГЭ) of these learners in the year:
    learner_id, subject_name, score, mark."""
    return list(
        StateExamResult.objects.filter(learner_id__in=learner_ids, year=year, kind=kind)
        .values("learner_id", "score", "mark", subject_name=F("subject__name"))
        .order_by("learner_id", "subject__name")
    )


def confirmed_achievements(*, learner_ids, starts_on: date, ends_on: date) -> list[dict]:
    """Confirmed portfolio achievements of these learners dated within the span: id,
    learner_id, category (code), category_name, title, level, result, date,
    subject_area."""
    return list(
        Achievement.objects.filter(
            learner_id__in=learner_ids, status=AchievementStatus.CONFIRMED,
            date__gte=starts_on, date__lte=ends_on,
        )
        .values("id", "learner_id", "title", "level", "result", "date", "subject_area",
                category_code=F("category__code"), category_name=F("category__name"))
        .order_by("learner_id", "date", "id")
    )  # fmt: skip


def curriculum_subjects(pairs) -> dict[tuple[int, int], list[tuple[int, str]]]:
    """{(programme id, grade): [(subject id, subject name), ...]} of the curriculum
    lines of these (programme, grade) pairs, by subject name."""
    pairs = set(pairs)
    if not pairs:
        return {}
    which = Q()
    for programme_id, grade in pairs:
        which |= Q(programme_id=programme_id, grade=grade)
    found: dict[tuple[int, int], list[tuple[int, str]]] = defaultdict(list)
    for programme_id, grade, subject_id, name in (
        CurriculumLine.objects.filter(which, SubjectKind.academic())
        .order_by("subject__name")
        .values_list("programme_id", "grade", "subject_id", "subject__name")
    ):
        found[(programme_id, grade)].append((subject_id, name))
    return dict(found)
