"""Reads of the levels by stage, scoped by the one access policy; the index, the grid
and the sheet each cost a fixed number of queries however many learners they list."""

from dataclasses import dataclass, field

from django.db.models import Count, Q

from achievements.levels.rules import ASSOCIATION_LEVELS
from achievements.models import (
    Achievement,
    AchievementStatus,
    Attendance,
    JournalCell,
    Lesson,
    LevelResult,
    LevelStage,
    MarkKind,
    PeriodMark,
)
from learners import selectors as learner_selectors
from learners.access import refuse, result_learners, result_subjects, visible_groups
from learners.models import (
    CurriculumLine,
    Enrollment,
    GradingScale,
    Learner,
    ScaleKind,
    ScaleValue,
    StudyGroup,
    Subject,
    TeachingAssignment,
)

STAGES = list(LevelStage)
# The scale a level is read on when the subject's own scale is not one of levels (a
# club marking its lessons «зачёт»): the seeded «В, С, Н» of 002 (learners 0002).
LEVELS_SCALE_CODE = "levels"
MISSED = (Attendance.ABSENT, Attendance.ILL, Attendance.EXCUSED)


def associations(user, *, year=None):
    """The groups of additional education the user may see the results of: a teacher
    those they teach or lead, the deputy and the director all of them."""
    groups = visible_groups(user, results=True).filter(programme__level__in=ASSOCIATION_LEVELS)
    if year is not None:
        groups = groups.filter(year=year)
    return groups


def get_association_or_404(user, pk) -> StudyGroup:
    group = (
        associations(user)
        .select_related("year", "programme", "class_teacher")
        .filter(pk=pk)
        .first()
    )
    if group is None:
        raise refuse(user, "levels_group", pk)
    return group


def curriculum_subjects(group: StudyGroup) -> list[Subject]:
    """The association's subjects: its programme's curriculum for its year of study."""
    return [
        line.subject
        for line in CurriculumLine.objects.filter(
            programme_id=group.programme_id, grade=group.grade
        )
        .select_related("subject__grading_scale")
        .order_by("subject__name")
    ]


def get_subject_or_404(user, group: StudyGroup, pk) -> Subject:
    for subject in curriculum_subjects(group):
        if subject.pk == pk:
            return subject
    raise refuse(user, "levels_subject", pk)


def scale_of(subject: Subject) -> GradingScale | None:
    """The scale a level of ``subject`` is read on. Levels are a measure of how far the
    programme is mastered (002 §2.2), not of a lesson's work: a subject whose journal
    uses levels keeps its own values; any other subject of an association is diagnosed
    on the organisation's levels scale, so that a club marking «зачёт» still has its
    entry, intermediate and final levels."""
    if subject.grading_scale.kind == ScaleKind.LEVELS:
        return subject.grading_scale
    return GradingScale.objects.filter(code=LEVELS_SCALE_CODE).first()


def scale_values(scale: GradingScale | None) -> list[ScaleValue]:
    """The levels a scale allows, highest first (the seeded order): its enabled values,
    without the special codes of attestation (н/а, осв., зач.)."""
    if scale is None:
        return []
    return list(
        ScaleValue.objects.filter(scale=scale, is_enabled=True, is_special=False).order_by(
            "order", "pk"
        )
    )


def roster(group: StudyGroup) -> list[dict]:
    """The group's learners over its year, alphabetically, each once with the spans
    they were enrolled: [{learner, spans: [(started_on, ended_on)], left_on}]."""
    enrollments = (
        Enrollment.objects.filter(group=group)
        .select_related("learner")
        .order_by("learner__last_name", "learner__first_name", "learner__patronymic", "started_on")
    )
    found: dict[int, dict] = {}
    for enrollment in enrollments:
        line = found.setdefault(enrollment.learner_id, {"learner": enrollment.learner, "spans": []})
        line["spans"].append((enrollment.started_on, enrollment.ended_on))
    for line in found.values():
        ends = [end for _, end in line["spans"]]
        line["left_on"] = None if None in ends else max(ends)
    return list(found.values())


def index(user, *, year) -> list[dict]:
    """For each association of the year the user sees, each of its subjects with how
    many levels each stage has: three queries."""
    groups = list(
        associations(user, year=year)
        .select_related("programme", "class_teacher")
        .annotate(
            active=Count("enrollments", filter=Q(enrollments__ended_on__isnull=True), distinct=True)
        )
        .order_by("name")
    )
    lines = CurriculumLine.objects.filter(
        programme_id__in={g.programme_id for g in groups}
    ).select_related("subject")
    subjects: dict[tuple[int, int], list[Subject]] = {}
    for line in lines.order_by("subject__name"):
        subjects.setdefault((line.programme_id, line.grade), []).append(line.subject)
    counts = {
        (row["group"], row["subject"], row["stage"]): row["count"]
        for row in LevelResult.objects.filter(group__in=[g.pk for g in groups])
        .exclude(level="")
        .values("group", "subject", "stage")
        .annotate(count=Count("pk"))
    }
    result = []
    for group in groups:
        for subject in subjects.get((group.programme_id, group.grade), []):
            result.append(
                {
                    "group": group,
                    "subject": subject,
                    "stages": [
                        {
                            "stage": stage,
                            "count": counts.get((group.pk, subject.pk, stage.value), 0),
                        }
                        for stage in STAGES
                    ],
                }
            )
    return result


@dataclass
class Row:
    learner: Learner
    spans: list
    left_on: object
    level: str = ""
    checked_on: object = None
    comment: str = ""
    version: int = 0
    label: str = ""


@dataclass
class Grid:
    group: StudyGroup
    subject: Subject
    stage: LevelStage
    values: list[ScaleValue]
    rows: list[Row] = field(default_factory=list)

    def summary(self) -> dict:
        """How many learners are at each level and how many have none yet: counts for
        the teacher's analysis (002 §2.2), never a mean."""
        levels = [row.level for row in self.rows]
        return {
            "counts": [(value, levels.count(value.code)) for value in self.values],
            "missing": sum(1 for level in levels if level not in {v.code for v in self.values}),
        }


def grid(*, group: StudyGroup, subject: Subject, stage: LevelStage) -> Grid:
    """The association's learners with their levels at the stage: four queries."""
    values = scale_values(scale_of(subject))
    labels = {value.code: value.label for value in values}
    found = {
        r.learner_id: r
        for r in LevelResult.objects.filter(group=group, subject=subject, stage=stage)
    }
    rows = []
    for line in roster(group):
        row = Row(line["learner"], line["spans"], line["left_on"])
        result = found.get(line["learner"].pk)
        if result is not None:
            row.level, row.checked_on, row.comment = result.level, result.checked_on, result.comment
            row.version, row.label = result.version, labels.get(result.level, result.level)
        rows.append(row)
    return Grid(group, subject, LevelStage(stage), values, rows)


# --- the individual achievement sheet (002 §4.5) ---


def get_sheet_or_404(user, learner_id, group_id) -> tuple[Learner, StudyGroup, list[Subject]]:
    """The learner, the association and the subjects of it the user may read on the
    sheet. The family and the administration read all of them; a teacher the subjects
    they teach the learner (a teacher of the learner's other group reads none of the
    club's); a class teacher or the association's leader all. Anything else — a
    foreign learner, a group the learner was never in, a class of general education —
    answers 404."""
    learner = result_learners(user).filter(pk=learner_id).first()
    if learner is None:
        raise refuse(user, "levels_sheet_learner", learner_id)
    group = (
        StudyGroup.objects.filter(
            pk=group_id,
            programme__level__in=ASSOCIATION_LEVELS,
            enrollments__learner=learner,
        )
        .select_related("year", "programme", "class_teacher")
        .first()
    )
    if group is None:
        raise refuse(user, "levels_sheet_group", group_id)
    allowed = result_subjects(user, learner)
    subjects = [s for s in curriculum_subjects(group) if allowed is None or s.pk in allowed]
    if not subjects:
        raise refuse(user, "levels_sheet", learner_id)
    return learner, group, subjects


def _change(before: ScaleValue | None, after: ScaleValue | None) -> str:
    if before is None or after is None or before.numeric is None or after.numeric is None:
        return ""
    if after.numeric > before.numeric:
        return "повысился"
    if after.numeric < before.numeric:
        return "понизился"
    return "не изменился"


def sheet(*, learner: Learner, group: StudyGroup, subjects: list[Subject], today) -> dict:
    """What the sheet shows: per subject the levels by stage with their dates and the
    change from the stage before (the learner's dynamics, 002 §2.3), attendance and the
    period and year marks from the journal; the confirmed achievements of the year.
    A fixed number of queries, whatever the learner's record holds."""
    subject_ids = [s.pk for s in subjects]
    year = group.year
    scales = {s.pk: scale_of(s) for s in subjects}
    values_by_scale: dict[int, dict[str, ScaleValue]] = {}
    for value in ScaleValue.objects.filter(
        scale_id__in={scale.pk for scale in scales.values() if scale is not None}
    ):
        values_by_scale.setdefault(value.scale_id, {})[value.code] = value
    results = {
        (r.subject_id, r.stage): r
        for r in LevelResult.objects.filter(
            learner=learner, group=group, subject_id__in=subject_ids
        ).exclude(level="")
    }
    teachers: dict[int, list] = {}
    for assignment in (
        TeachingAssignment.objects.filter(group=group, subject_id__in=subject_ids)
        .select_related("teacher")
        .order_by("teacher__last_name")
    ):
        teachers.setdefault(assignment.subject_id, []).append(assignment.teacher)
    spans = list(
        Enrollment.objects.filter(learner=learner, group=group)
        .order_by("started_on")
        .values_list("started_on", "ended_on")
    )
    enrolled = Q(pk__in=[])
    for started_on, ended_on in spans:
        span = Q(date__gte=started_on)
        if ended_on is not None:
            span &= Q(date__lte=ended_on)
        enrolled |= span
    lessons = {
        row["subject"]: row["count"]
        for row in Lesson.objects.filter(group=group, subject_id__in=subject_ids, date__lte=today)
        .filter(enrolled)
        .values("subject")
        .annotate(count=Count("pk"))
    }
    missed = {
        row["lesson__subject"]: row["count"]
        for row in JournalCell.objects.filter(
            learner=learner,
            lesson__group=group,
            lesson__subject_id__in=subject_ids,
            lesson__date__lte=today,
            attendance__in=MISSED,
        )
        .values("lesson__subject")
        .annotate(count=Count("pk"))
    }
    marks: dict[int, list] = {}
    for mark in (
        PeriodMark.objects.filter(learner=learner, year=year, subject_id__in=subject_ids)
        .exclude(value="")
        .select_related("period__year")
        .order_by("period__starts_on", "kind")
    ):
        marks.setdefault(mark.subject_id, []).append(
            {
                "what": mark.period.name
                if mark.kind == MarkKind.PERIOD and mark.period
                else (mark.get_kind_display()),
                "value": mark.value,
            }
        )
    lines = []
    for subject in subjects:
        scale = scales[subject.pk]
        values = values_by_scale.get(scale.pk, {}) if scale is not None else {}
        stages, before = [], None
        for stage in STAGES:
            result = results.get((subject.pk, stage.value))
            value = values.get(result.level) if result is not None else None
            stages.append(
                {
                    "stage": stage,
                    "result": result,
                    "label": value.label if value else (result.level if result else ""),
                    "change": _change(before, value),
                }
            )
            if value is not None:
                before = value
        lessons_count = lessons.get(subject.pk, 0)
        lines.append(
            {
                "subject": subject,
                "teachers": teachers.get(subject.pk, []),
                "stages": stages,
                "lessons": lessons_count,
                "missed": missed.get(subject.pk, 0),
                "attended": lessons_count - missed.get(subject.pk, 0),
                "marks": marks.get(subject.pk, []),
            }
        )
    achievements = list(
        Achievement.objects.filter(
            learner=learner,
            status=AchievementStatus.CONFIRMED,
            date__gte=year.starts_on,
            date__lte=year.ends_on,
        )
        .select_related("category")
        .order_by("date", "pk")
    )
    return {
        "learner": learner,
        "group": group,
        "year": year,
        "programme": group.programme,
        "lines": lines,
        "has_levels": bool(results),
        "achievements": achievements,
        "spans": spans,
        "today": today,
    }


def sheet_groups(user, learner: Learner) -> list[StudyGroup]:
    """The associations whose achievement sheet of ``learner`` the user may open and
    which have at least one level recorded: for the link in the e-diary. Two queries
    for a family; the caller has already checked the learner through the policy."""
    groups = list(
        StudyGroup.objects.filter(
            programme__level__in=ASSOCIATION_LEVELS,
            pk__in=LevelResult.objects.filter(learner=learner).exclude(level="").values("group"),
        )
        .filter(enrollments__learner=learner)
        .distinct()
        .select_related("year")
        .order_by("-year__starts_on", "name")
    )
    allowed = result_subjects(user, learner)
    if allowed is None or not groups:
        return groups
    lines = CurriculumLine.objects.filter(
        programme_id__in={g.programme_id for g in groups}, subject_id__in=allowed
    ).values_list("programme_id", "grade")
    readable = set(lines)
    return [g for g in groups if (g.programme_id, g.grade) in readable]


def current_year():
    return learner_selectors.current_year()
