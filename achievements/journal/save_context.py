"""What saving one cell must know about its lesson, read in one query.

The query is hand-written because it is the hot path of the journal (≤ 15 ms and ≤ 6
queries a save, DESIGN.md): the same query built by the ORM cost more to compile
than to run. It repeats rules that live elsewhere — who teaches the journal
(learners.access), when a period is closed, who was enrolled on the day, who is
exempt — so ``orm_save_context`` states the same rules through the ORM, and
tests/achievements/test_save_context.py holds the two equal on every combination."""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection

from achievements import selectors
from achievements.models import Exemption, Lesson, PeriodClosure
from learners.access import can_teach, has_role, staff_id_of
from learners.models import Enrollment, Role


@dataclass(frozen=True)
class SaveContext:
    scale_kind: str
    points: tuple[int | None, int | None]
    may_teach: bool
    is_closed: bool
    is_enrolled: bool
    exemption: str | None
    allowed_codes: frozenset[str]


# A closure counts while it is not reopened (achievements.models.PeriodClosure.in_force).
SAVE_CONTEXT_SQL = """
SELECT g.kind, g.min_points, g.max_points,
  EXISTS (SELECT 1 FROM learners_teachingassignment t
          WHERE t.teacher_id = %(teacher)s AND t.group_id = l.group_id
            AND t.subject_id = l.subject_id),
  EXISTS (SELECT 1 FROM achievements_periodclosure c
          WHERE c.period_id = l.period_id AND c.reopened_at IS NULL
            AND (c.group_id IS NULL OR c.group_id = l.group_id)),
  EXISTS (SELECT 1 FROM learners_enrollment e
          WHERE e.learner_id = %(learner)s AND e.group_id = l.group_id AND e.started_on <= l.date
            AND (e.ended_on IS NULL OR e.ended_on >= l.date)),
  (SELECT x.order_reference FROM achievements_exemption x
   WHERE x.learner_id = %(learner)s AND x.subject_id = l.subject_id AND x.starts_on <= l.date
     AND (x.ends_on IS NULL OR x.ends_on >= l.date) LIMIT 1),
  (SELECT {codes} FROM learners_scalevalue v
   WHERE v.scale_id = g.id AND v.is_enabled AND NOT v.is_special)
FROM achievements_lesson l
JOIN learners_subject s ON s.id = l.subject_id
JOIN learners_gradingscale g ON g.id = s.grading_scale_id
WHERE l.id = %(lesson)s
"""
CODES_AGGREGATE = {"sqlite": "group_concat(v.code, '|')", "postgresql": "string_agg(v.code, '|')"}


def _sql(vendor: str) -> str:
    try:
        codes = CODES_AGGREGATE[vendor]
    except KeyError:
        raise ImproperlyConfigured(
            f"Журнал работает с SQLite и PostgreSQL; база данных «{vendor}» не поддерживается "
            "(achievements.journal.save_context)."
        ) from None
    return SAVE_CONTEXT_SQL.format(codes=codes)


def _teacher_id(actor) -> int | None:
    """The staff id whose assignments make the actor this journal's teacher."""
    return staff_id_of(actor) if has_role(actor, Role.TEACHER) else None


def save_context(lesson_id: int, learner_id: int, actor) -> SaveContext:
    params = {"teacher": _teacher_id(actor), "learner": learner_id, "lesson": lesson_id}
    with connection.cursor() as cursor:
        cursor.execute(_sql(connection.vendor), params)
        row = cursor.fetchone()
    if row is None:
        raise ValidationError("Урок не найден.")
    kind, low, high, may_teach, is_closed, is_enrolled, exemption, codes = row
    return SaveContext(
        scale_kind=kind,
        points=(low, high),
        may_teach=bool(may_teach),
        is_closed=bool(is_closed),
        is_enrolled=bool(is_enrolled),
        exemption=exemption,
        allowed_codes=frozenset((codes or "").split("|")) - {""},
    )


def orm_save_context(lesson_id: int, learner_id: int, actor) -> SaveContext:
    """The same answer as ``save_context``, from the ORM and the access policy: the
    readable statement of the rules, and the twin the SQL is tested against."""
    lesson = (
        Lesson.objects.select_related("subject__grading_scale", "group")
        .filter(pk=lesson_id)
        .first()
    )
    if lesson is None:
        raise ValidationError("Урок не найден.")
    scale = lesson.subject.grading_scale
    exemption = (
        Exemption.objects.filter(learner_id=learner_id, subject_id=lesson.subject_id)
        .filter(starts_on__lte=lesson.date)
        .exclude(ends_on__lt=lesson.date)
        .values_list("order_reference", flat=True)
        .first()
    )
    return SaveContext(
        scale_kind=scale.kind,
        points=(scale.min_points, scale.max_points),
        may_teach=can_teach(actor, group=lesson.group, subject=lesson.subject),
        is_closed=PeriodClosure.objects.covering(
            period=lesson.period_id, group=lesson.group_id
        ).exists(),
        is_enrolled=Enrollment.objects.filter(
            learner_id=learner_id, group_id=lesson.group_id, started_on__lte=lesson.date
        )
        .exclude(ended_on__lt=lesson.date)
        .exists(),
        exemption=exemption,
        allowed_codes=frozenset(selectors.allowed_codes(lesson.subject)),
    )
