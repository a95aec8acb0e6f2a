"""What a snapshot freezes, read for one class at a time (so memory stays flat in the
number of classes) in a fixed number of queries (constant in learners and lessons).

``ClassData`` is the one input of every writer: the workbook, the PDFs and the JSON
Lines are all made from it, so every figure in one can be recomputed from another."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.db.models.functions import Coalesce

from achievements.models import (
    AcademicDebt,
    Achievement,
    AchievementStatus,
    CellChange,
    Exemption,
    ExternalResult,
    JournalCell,
    Lesson,
    MarkKind,
    PeriodMark,
    PeriodMarkChange,
    StateExamResult,
)

# One scope for the statistics and the archive: a snapshot is of the same period.
from achievements.statistics.figures import Scope
from credit_transfer.models import Application, ApplicationLine, Status
from learners.models import (
    Enrollment,
    Organisation,
    StudyGroup,
    Subject,
    SubjectKind,
    TeachingAssignment,
)
from learners.selectors import organisation
from rewards.models import Reward
from rewards.selectors import granted_rewards

DECIDED = [Status.DECIDED, Status.ORDER_ISSUED, Status.EXEMPTION_ENDED]


@dataclass
class ClassData:
    scope: Scope
    organisation: Organisation | None
    group: StudyGroup
    roster: list[Enrollment]
    subjects: list[Subject]
    lessons: list[Lesson]
    cells: dict[tuple[int, int], JournalCell]
    cell_changes: list[CellChange]
    marks: list[PeriodMark]
    mark_changes: list[PeriodMarkChange]
    exemptions: list[Exemption]
    state_exams: list[StateExamResult]
    achievements: list[Achievement]
    applications: list[Application]
    lines: dict[int, list[ApplicationLine]] = field(default_factory=dict)
    # Granted rewards of the roster (R-AR-1, R-RW-6), in the order of the roster.
    rewards: list[Reward] = field(default_factory=list)
    # External assessment held in the scope (R-JRN-9), apart from the school's marks.
    external: list[ExternalResult] = field(default_factory=list)
    # Academic debts opened by the scope's attestation marks, with their retakes.
    debts: list[AcademicDebt] = field(default_factory=list)

    @property
    def learners(self):
        return [enrollment.learner for enrollment in self.roster]

    def lessons_of(self, subject_id: int) -> list[Lesson]:
        return [lesson for lesson in self.lessons if lesson.subject_id == subject_id]

    def mark(self, learner_id: int, subject_id: int, kind: str) -> PeriodMark | None:
        return self._marks.get((learner_id, subject_id, kind))

    @property
    def _marks(self) -> dict:
        if not hasattr(self, "_mark_index"):
            self._mark_index = {(m.learner_id, m.subject_id, m.kind): m for m in self.marks}
        return self._mark_index

    def exempt(self, learner_id: int, subject_id: int) -> Exemption | None:
        """An exemption from the subject in force at any time of the scope."""
        for exemption in self.exemptions:
            if exemption.learner_id == learner_id and exemption.subject_id == subject_id:
                return exemption
        return None


def class_data(*, scope: Scope, group: StudyGroup) -> ClassData:
    """Everything the snapshot freezes for ``group`` in ``scope``."""
    span = Q(date__gte=scope.starts_on, date__lte=scope.ends_on)
    roster = _roster(group, scope)
    learner_ids = [enrollment.learner_id for enrollment in roster]
    lessons = list(
        Lesson.objects.filter(group=group)
        .filter(Q(period=scope.period) if scope.period else Q(period__year=scope.year))
        .select_related("subject", "work_kind", "teacher", "period")
        .order_by("subject__name", "date", "number", "pk")
    )
    lesson_ids = [lesson.pk for lesson in lessons]
    cells = {
        (cell.lesson_id, cell.learner_id): cell
        for cell in JournalCell.objects.filter(lesson__in=lesson_ids, learner__in=learner_ids)
    }
    cell_changes = list(
        CellChange.objects.filter(cell__lesson__in=lesson_ids, cell__learner__in=learner_ids)
        .select_related("changed_by", "cell")
        .order_by("changed_at", "pk")
    )
    # The class's subjects only: a learner who joined mid-period keeps marks of the
    # subjects their former class had, which belong to that class's snapshot.
    subject_ids = {a.subject_id for a in TeachingAssignment.objects.filter(group=group)} | {
        lesson.subject_id for lesson in lessons
    }
    mark_filter = (
        Q(kind=MarkKind.PERIOD, period=scope.period)
        if scope.period
        else Q(kind__in=[MarkKind.YEAR, MarkKind.FINAL], year=scope.year)
    )
    marks = list(
        PeriodMark.objects.filter(
            mark_filter, learner__in=learner_ids, subject__in=subject_ids
        ).select_related("updated_by")
    )
    mark_changes = list(
        PeriodMarkChange.objects.filter(mark__in=[m.pk for m in marks])
        .select_related("changed_by", "mark")
        .order_by("changed_at", "pk")
    )
    # The courses of extracurricular activity follow the subjects, under their own
    # heading in the statement and the journal (archive.summary).
    subjects = list(
        Subject.objects.filter(pk__in=subject_ids)
        .alias(extracurricular=Q(kind=SubjectKind.EXTRACURRICULAR))
        .order_by("extracurricular", "name")
    )
    exemptions = list(
        Exemption.objects.filter(learner__in=learner_ids, starts_on__lte=scope.ends_on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=scope.starts_on))
        .select_related("subject")
        .order_by("starts_on", "pk")
    )
    state_exams = (
        list(
            StateExamResult.objects.filter(learner__in=learner_ids, year=scope.year)
            .select_related("subject")
            .order_by("exam_date", "pk")
        )
        if scope.period is None
        else []
    )
    achievements = list(
        Achievement.objects.filter(
            span, learner__in=learner_ids, status=AchievementStatus.CONFIRMED
        )
        .select_related("category")
        .order_by("date", "pk")
    )
    applications = list(
        Application.objects.filter(
            learner__in=learner_ids,
            status__in=DECIDED,
            decision_taken_on__gte=scope.starts_on,
            decision_taken_on__lte=scope.ends_on,
        ).order_by("decision_taken_on", "pk")
    )
    lines = defaultdict(list)
    for line in ApplicationLine.objects.filter(application__in=applications).select_related(
        "subject"
    ):
        lines[line.application_id].append(line)
    return ClassData(
        scope=scope,
        organisation=organisation(),
        group=group,
        roster=roster,
        subjects=subjects,
        lessons=lessons,
        cells=cells,
        cell_changes=cell_changes,
        marks=marks,
        mark_changes=mark_changes,
        exemptions=exemptions,
        state_exams=state_exams,
        achievements=achievements,
        applications=applications,
        lines=dict(lines),
        rewards=_rewards(roster, scope),
        debts=list(
            AcademicDebt.objects.filter(mark__in=[m.pk for m in marks])
            .select_related("subject")
            .prefetch_related("attempts")
            .order_by("opened_on", "pk")
        ),
        external=list(
            ExternalResult.objects.filter(
                learner__in=learner_ids,
                assessment__held_on__gte=scope.starts_on,
                assessment__held_on__lte=scope.ends_on,
            )
            .select_related("assessment__subject")
            .order_by("assessment__held_on", "assessment_id", "pk")
        ),
    )


def _rewards(roster: list[Enrollment], scope: Scope) -> list[Reward]:
    """Rewards of the scope's year granted to the roster (one query). A period keeps
    those granted in it: by the order's date, or for a reward received elsewhere by
    the date it was awarded there. A nomination still under consideration is not the
    learner's yet and is left out."""
    position = {enrollment.learner_id: n for n, enrollment in enumerate(roster)}
    rewards = granted_rewards(list(position)).filter(year=scope.year)
    if scope.period is not None:
        rewards = rewards.annotate(day=Coalesce("approved_on", "awarded_on")).filter(
            day__gte=scope.starts_on, day__lte=scope.ends_on
        )
    return sorted(
        rewards,
        key=lambda r: (position[r.learner_id], granted_on(r) or date.max, r.pk),
    )


def granted_on(reward: Reward) -> date | None:
    """The day a reward became the learner's: approved (by the order), or awarded in
    the other organisation."""
    return reward.approved_on or reward.awarded_on


def _roster(group: StudyGroup, scope: Scope) -> list[Enrollment]:
    """Enrollments in the group during the scope, one per learner, alphabetically."""
    enrollments = (
        Enrollment.objects.filter(group=group, started_on__lte=scope.ends_on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=scope.starts_on))
        .select_related("learner")
        .order_by("learner__last_name", "learner__first_name", "learner__patronymic", "started_on")
    )
    seen, roster = set(), []
    for enrollment in enrollments:
        if enrollment.learner_id not in seen:
            seen.add(enrollment.learner_id)
            roster.append(enrollment)
    return roster
