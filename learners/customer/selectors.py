"""What a customer's representative reads: the groups of their contracts and, for one
group and span of dates, the results of the learners enrolled under them. Only the
learners' names leave: no birth date, no guardians, no other personal data (152-FZ:
no more than the contract needs)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet

from achievements.final_attestation.selectors import (
    learners_results as final_attestation_results,
)
from achievements.models import Attendance, JournalCell, Lesson, MarkKind, PeriodMark
from learners.access import has_role, refuse
from learners.models import TERMS, Customer, Enrollment, OrganisationKind, Role, StudyGroup
from learners.selectors import organisation

# Attendance codes counted, in the order the page and the sheet show them.
COUNTED = (Attendance.ABSENT, Attendance.ILL, Attendance.EXCUSED, Attendance.LATE)
# A late learner was at the lesson; the other codes mean they were not.
MISSED = frozenset({Attendance.ABSENT, Attendance.ILL, Attendance.EXCUSED})


def terms() -> dict[str, str]:
    org = organisation()
    return org.terms if org is not None else TERMS[OrganisationKind.SCHOOL]


def contract_enrollments(user) -> QuerySet[Enrollment]:
    if not has_role(user, Role.CUSTOMER):
        return Enrollment.objects.none()
    return Enrollment.objects.filter(customer__users=user)


def contract_groups(user) -> QuerySet[StudyGroup]:
    return StudyGroup.objects.filter(
        pk__in=contract_enrollments(user).values("group")
    ).select_related("year")


def get_contract_group(user, pk) -> StudyGroup:
    group = contract_groups(user).filter(pk=pk).first()
    if group is None:
        raise refuse(user, "contract_group", pk)
    return group


@dataclass
class SubjectResults:
    name: str
    marks: list[str] = field(default_factory=list)
    attestation: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class FinalResult:
    held_on: date
    work_mark: str
    final_mark: str


@dataclass
class LearnerResults:
    learner: object
    customer: Customer
    contract: str
    lessons: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {code: 0 for code in COUNTED})
    subjects: list[SubjectResults] = field(default_factory=list)
    # Results before the final attestation commissions that sat in the span (004 §2.4).
    final_attestation: list[FinalResult] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.learner.full_name

    @property
    def present(self) -> int:
        return self.lessons - sum(self.counts[code] for code in MISSED)

    @property
    def absent(self) -> int:
        return self.counts[Attendance.ABSENT]

    @property
    def ill(self) -> int:
        return self.counts[Attendance.ILL]

    @property
    def excused(self) -> int:
        return self.counts[Attendance.EXCUSED]

    @property
    def late(self) -> int:
        return self.counts[Attendance.LATE]


def _within(windows, day: date) -> bool:
    return any(started <= day and (ended is None or day <= ended) for started, ended in windows)


def _attestation_label(mark: PeriodMark) -> str:
    if mark.kind == MarkKind.PERIOD:
        return f"{mark.period.name} ({mark.period.dates})"
    return f"{mark.get_kind_display()} ({mark.year.name})"


def group_results(user, group: StudyGroup, *, start: date, end: date) -> list[LearnerResults]:
    """Per learner enrolled in ``group`` under the user's contracts at some day of the
    span: the group's lessons in the span while enrolled with the attendance counts,
    the current marks per subject in date order, and the attestation marks of the
    group's subjects whose period (or, for year and final marks, academic year) ends
    in the span. A learner of the same group under no contract of the user's, or
    under another customer's, never appears. With the results before the final
    attestation commissions of the group that sat in the span: six queries, whatever
    the size."""
    enrollments = (
        contract_enrollments(user)
        .filter(group=group, started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .select_related("learner", "customer")
        .order_by("learner__last_name", "learner__first_name", "learner__patronymic", "pk")
    )
    windows = defaultdict(list)
    results: dict[int, LearnerResults] = {}
    for enrollment in enrollments:
        windows[enrollment.learner_id].append((enrollment.started_on, enrollment.ended_on))
        if enrollment.learner_id not in results:
            results[enrollment.learner_id] = LearnerResults(
                learner=enrollment.learner,
                customer=enrollment.customer,
                contract=enrollment.order_reference,
            )
    if not results:
        return []
    lessons = list(
        Lesson.objects.filter(group=group, date__range=(start, end))
        .select_related("subject")
        .order_by("date", "number", "subject__name")
    )
    subjects = {lesson.subject_id: lesson.subject.name for lesson in lessons}
    for learner_id, result in results.items():
        result.lessons = sum(1 for x in lessons if _within(windows[learner_id], x.date))
    marks = defaultdict(list)
    cells = (
        JournalCell.objects.filter(
            lesson__group=group, lesson__date__range=(start, end), learner_id__in=results
        )
        .values_list("learner_id", "lesson__date", "lesson__subject_id", "marks", "attendance")
        .order_by("lesson__date", "lesson__number", "pk")
    )
    for learner_id, day, subject_id, cell_marks, attendance in cells:
        if not _within(windows[learner_id], day):
            continue
        if attendance in results[learner_id].counts:
            results[learner_id].counts[attendance] += 1
        marks[learner_id, subject_id].extend(m for m in cell_marks.split("/") if m)
    # The group's subjects: those taught in it, whether or not a lesson fell in the span.
    subjects.update(group.assignments.values_list("subject_id", "subject__name"))
    attestation = defaultdict(list)
    period_marks = (
        PeriodMark.objects.filter(learner_id__in=results, subject_id__in=subjects, year=group.year)
        .exclude(value="")
        .filter(
            Q(kind=MarkKind.PERIOD, period__ends_on__range=(start, end))
            | (~Q(kind=MarkKind.PERIOD) & Q(year__ends_on__range=(start, end)))
        )
        .select_related("period__year", "year")
        .order_by("period__starts_on", "kind", "pk")
    )
    order = {MarkKind.PERIOD: 0, MarkKind.YEAR: 1, MarkKind.FINAL: 2}
    for mark in sorted(period_marks, key=lambda m: order[m.kind]):
        attestation[mark.learner_id, mark.subject_id].append((_attestation_label(mark), mark.value))
    finals = final_attestation_results(list(results), group=group, start=start, end=end)
    for learner_id, found in finals.items():
        results[learner_id].final_attestation = [
            FinalResult(r.commission.held_on, r.work_mark, r.final_mark) for r in found
        ]
    names = sorted(subjects.items(), key=lambda item: item[1])
    for learner_id, result in results.items():
        result.subjects = [
            SubjectResults(
                name=name,
                marks=marks[learner_id, subject_id],
                attestation=attestation[learner_id, subject_id],
            )
            for subject_id, name in names
        ]
    return list(results.values())
