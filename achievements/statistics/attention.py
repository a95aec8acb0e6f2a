"""Learners who need attention before the period closes, and the leaders (004 §1.4,
issue 14 item 3).

A learner needs attention for any of four reasons, each read from the journal of the
chosen period (and the two before it, for the trend):

* the mean of their current marks fell in each of the last two period transitions
  (4,40 → 4,00 → 3,60): the plain mean of every numeric current mark of the period,
  all subjects together, the current period counted so far;
* many absences: «н», «б» and «уп» make ``ABSENCE_SHARE`` or more of the lessons of
  their class held so far in the period while they were enrolled;
* too few marks for attestation: a subject with lessons in the period where the learner
  has fewer marks than the attestation rule's minimum, at the pace the period's elapsed
  days ask (``marks_needed_by``: the whole minimum in its last two weeks); exempt
  subjects and subjects with a credited period mark aside;
* a «2» or «н/а»: a period mark already set that is not a positive result, or, with no
  period mark yet and enough marks, the journal's mean by the attestation rule below
  the «3» threshold (the journal would propose «2»).

The trend stays inside the academic year: the first period has no trend.

Whatever the number of learners, lessons and marks, a list is read with eight queries
(the attestation rule, the roster with its lessons, absences, the sums of marks by
period and by subject, the subjects taught, the period marks, the exemptions), the
figures counted by the database; the caller has already scoped the
classes through the access policy."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, DecimalField, F, Q, Sum, Value, When
from django.db.models.functions import Length, Replace
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import format_lazy

from achievements import attestation
from achievements.models import Exemption, JournalCell, Lesson, MarkKind, MarkOrigin, PeriodMark
from achievements.selectors import attestation_rule
from achievements.statistics.rules import is_passing, mean, percent
from learners.models import (
    Enrollment,
    ScaleKind,
    StudyGroup,
    StudyPeriod,
    SubjectKind,
)
from learners.terms import current_terms

# The word for lessons in the organisation's terms (R-ORG-6), read when the reason is
# shown: the list itself makes no query for it.
LESSONS_GEN = lazy(lambda: current_terms()["lessons_gen"], str)()

__all__ = [
    "ABSENCE_CODES",
    "ABSENCE_SHARE",
    "AttentionList",
    "AttentionRow",
    "Leader",
    "Reason",
    "attention_list",
]

# Absent for whatever cause: not there, ill, or with a good reason. Late («оп») was there.
ABSENCE_CODES = ("н", "б", "уп")
# From this share of the lessons held on, absences are «many»: a third of the lessons
# missed leaves little to attest; 30 % catches it a little before.
ABSENCE_SHARE = Decimal("0.30")
# From this long before a period's end a subject with fewer marks than attestation
# needs is listed whatever the pace (marks_needed_by).
FEW_MARKS_NOTICE = timedelta(days=14)
# The leaders: ten of the whole organisation, three of each class for its class teacher.
LEADERS_OF_SCHOOL = 10
LEADERS_OF_CLASS = 3

FALLING = "falling"
ABSENCES = "absences"
FEW_MARKS = "few_marks"
FAILING = "failing"


@dataclass(frozen=True)
class Reason:
    code: str  # FALLING, ABSENCES, FEW_MARKS, FAILING
    title: str  # «средний балл снижается два периода подряд»
    detail: str  # «4,40 → 4,00 → 3,60»

    def __str__(self):
        return f"{self.title}: {self.detail}" if self.detail else self.title


@dataclass
class AttentionRow:
    learner_id: int
    name: str
    group_id: int
    group_name: str
    mean: Decimal | None  # of the period's current marks so far
    reasons: list[Reason] = field(default_factory=list)

    @property
    def codes(self) -> list[str]:
        return [reason.code for reason in self.reasons]


@dataclass(frozen=True)
class Leader:
    learner_id: int
    name: str
    group_id: int
    group_name: str
    mean: Decimal
    marks: int


@dataclass
class AttentionList:
    period: StudyPeriod
    groups: list[StudyGroup]
    learners: int  # learners looked at
    rows: list[AttentionRow]  # only those who need attention, by class and name
    leaders: list[Leader]

    def counts(self) -> dict[int, int]:
        """group id → learners who need attention (every group, zero included)."""
        result = {group.pk: 0 for group in self.groups}
        for row in self.rows:
            result[row.group_id] += 1
        return result


@dataclass
class _Member:
    group_id: int
    sort_key: tuple
    name: str
    rank: tuple = ()
    lessons: int = 0
    absent: int = 0


@dataclass
class _Subject:
    """A learner's current marks in one subject of the period, as sums."""

    marks: int = 0  # every mark, numeric or not («зач»)
    count: int = 0  # numeric marks
    total: int = 0  # their sum
    weighted_total: Decimal = Decimal(0)  # Σ mark × weight of its kind of work
    weights: Decimal = Decimal(0)  # Σ weight

    def mean(self, *, weighted: bool) -> Decimal | None:
        """The journal's mean (attestation.average), from the sums."""
        if not self.count:
            return None
        if weighted:
            return (self.weighted_total / self.weights).quantize(
                attestation.TWO_PLACES, rounding=ROUND_HALF_UP
            )
        return mean(self.total, self.count)

    def proposal(self, rule) -> str:
        """What the journal proposes (attestation.propose) from the sums."""
        if not self.count or self.count < rule.min_marks:
            return attestation.NOT_ATTESTED
        return attestation.mark_for(self.mean(weighted=rule.weighted), rule)


def _format(value: Decimal) -> str:
    return f"{value:.2f}".replace(".", ",")


def _roster(groups, period, cutoff) -> dict[int, _Member]:
    """The learners of ``groups`` during the period who have not left by ``cutoff``,
    each with the lessons of their class held while they were there (one query). A
    learner moved between two of the groups counts in the later one, with the lessons
    of both."""
    held = Q(
        group__lessons__period=period,
        group__lessons__date__lte=cutoff,
        group__lessons__date__gte=F("started_on"),
    ) & (Q(ended_on__isnull=True) | Q(group__lessons__date__lte=F("ended_on")))
    rows = (
        Enrollment.objects.filter(group__in=[g.pk for g in groups])
        .filter(started_on__lte=period.ends_on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=max(period.starts_on, cutoff)))
        .values_list(
            "pk",
            "learner_id",
            "group_id",
            "started_on",
            "learner__last_name",
            "learner__first_name",
            "learner__patronymic",
        )
        .annotate(lessons=Count("group__lessons", filter=held))
        .order_by()
    )
    members: dict[int, _Member] = {}
    for pk, learner_id, group_id, started, last, first, patronymic, lessons in rows:
        name = " ".join(p for p in (last, first, patronymic) if p)
        member = members.get(learner_id)
        if member is None:
            member = members[learner_id] = _Member(
                group_id, (last, first, patronymic, learner_id), name
            )
        if (started, pk) > member.rank:
            member.group_id, member.rank = group_id, (started, pk)
        member.lessons += lessons
    return members


def _absences(members, groups, period, cutoff) -> None:
    # By the classes' lessons, not by a list of learners: SQLite answers a long IN list
    # by probing every lesson for every learner, a hundred times slower at school scale.
    rows = (
        JournalCell.objects.filter(
            lesson__group__in=[g.pk for g in groups],
            lesson__period=period,
            lesson__date__lte=cutoff,
            attendance__in=ABSENCE_CODES,
        )
        .values_list("learner_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for learner_id, n in rows:
        if learner_id in members:
            members[learner_id].absent = n


def _occurrences(text: str):
    """How many times ``text`` occurs in the cell's marks, counted by the database."""
    return Length("marks") - Length(Replace("marks", Value(text)))


# A cell's text is its marks joined by «/» («5/4»): one mark more than it has slashes.
MARKS_IN_CELL = _occurrences("/") + 1
# Its numeric marks and their sum, counted digit by digit: a five-point mark is one
# digit, so «5/4» holds one «5» and one «4». Other scales (points, «зач») add nothing.
FIVE_POINT_DIGITS = ("1", "2", "3", "4", "5")
DIGITS_IN_CELL = Case(
    When(
        lesson__subject__grading_scale__kind=ScaleKind.FIVE_POINT,
        then=sum((_occurrences(d) for d in FIVE_POINT_DIGITS[1:]), _occurrences("1")),
    ),
    default=Value(0),
)
SUM_OF_CELL = Case(
    When(
        lesson__subject__grading_scale__kind=ScaleKind.FIVE_POINT,
        then=sum((int(d) * _occurrences(d) for d in FIVE_POINT_DIGITS[1:]), _occurrences("1")),
    ),
    default=Value(0),
)
WEIGHT = F("lesson__work_kind__weight")


def _decimal(value) -> Decimal:
    # SQLite sums decimals as floating point; weights have one decimal place, so their
    # sums do too, and rounding there gives the exact figure back.
    return Decimal(str(value or 0)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _marks(groups, periods, period):
    """(sums: learner → {period id: [sum, count]} of numeric current marks, subjects:
    learner → {subject id: _Subject} of ``period``), counted by the database: one row per
    learner and period, one per learner and subject of the period — two queries
    whatever the number of marks. Only the classes' own lessons count: a learner who
    moved in from a class outside them has no trend for the periods before."""
    cells = JournalCell.objects.filter(lesson__group__in=[g.pk for g in groups]).exclude(marks="")
    sums: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for learner_id, period_id, total, count in (
        cells.filter(lesson__period__in=[p.pk for p in periods if p.pk != period.pk])
        .values_list("learner_id", "lesson__period_id")
        .annotate(marks_sum=Sum(SUM_OF_CELL), marks_numeric=Sum(DIGITS_IN_CELL))
        .order_by()
    ):
        sums[learner_id][period_id] = [total or 0, count or 0]
    subjects: dict[int, dict[int, _Subject]] = defaultdict(dict)
    decimal = DecimalField(max_digits=12, decimal_places=1)
    for learner_id, subject_id, marks, total, count, weighted, weights in (
        cells.filter(lesson__period=period)
        .values_list("learner_id", "lesson__subject_id")
        # Named apart from the field: an annotation called «marks» would stand for
        # the field in the expressions after it.
        .annotate(
            marks_all=Sum(MARKS_IN_CELL),
            marks_sum=Sum(SUM_OF_CELL),
            marks_numeric=Sum(DIGITS_IN_CELL),
            marks_weighted=Sum(SUM_OF_CELL * WEIGHT, output_field=decimal),
            marks_weights=Sum(DIGITS_IN_CELL * WEIGHT, output_field=decimal),
        )
        .order_by()
    ):
        subjects[learner_id][subject_id] = _Subject(
            marks or 0, count or 0, total or 0, _decimal(weighted), _decimal(weights)
        )
        current = sums[learner_id][period.pk]
        current[0] += total or 0
        current[1] += count or 0
    return sums, subjects


def attention_list(
    *,
    groups,
    period: StudyPeriod,
    periods: list[StudyPeriod] | None = None,
    today: date | None = None,
    leaders_per_group: bool = False,
) -> AttentionList:
    """Who of ``groups`` (classes of the period's year, already scoped) needs attention
    in ``period``, with every reason, and the leaders: the highest means of current
    marks (at least the rule's minimum of marks), ten of all or three per class."""
    groups = list(groups)
    today = today or timezone.localdate()
    cutoff = min(today, period.ends_on)
    if periods is None:
        periods = list(StudyPeriod.objects.filter(year_id=period.year_id).order_by("starts_on"))
    earlier = [p for p in periods if p.starts_on < period.starts_on]
    trend = [*earlier[-2:], period]
    if not groups:
        return AttentionList(period, groups, 0, [], [])
    rule = attestation_rule()
    needed = marks_needed_by(period, today, rule.min_marks)
    members = _roster(groups, period, cutoff)
    learner_ids = list(members)
    if not learner_ids:
        return AttentionList(period, groups, 0, [], [])
    _absences(members, groups, period, cutoff)
    sums, subjects = _marks(groups, trend, period)
    taught: dict[int, dict[int, str]] = defaultdict(dict)
    names: dict[int, str] = {}
    for group_id, subject_id, subject_name in (
        Lesson.objects.filter(group__in=[g.pk for g in groups], period=period, date__lte=cutoff)
        .filter(SubjectKind.academic())  # an extracurricular course: no attestation to miss
        .values_list("group_id", "subject_id", "subject__name")
        .distinct()
        .order_by()
    ):
        taught[group_id][subject_id] = subject_name
        names[subject_id] = subject_name
    period_marks: dict[int, dict[int, tuple[str, bool]]] = defaultdict(dict)
    for learner_id, subject_id, subject_name, value, origin in PeriodMark.objects.filter(
        SubjectKind.academic(), learner__in=learner_ids, kind=MarkKind.PERIOD, period=period
    ).values_list("learner_id", "subject_id", "subject__name", "value", "origin"):
        names[subject_id] = subject_name
        if value.strip():
            period_marks[learner_id][subject_id] = (value.strip(), origin == MarkOrigin.CREDITED)
    exempt: dict[int, set[int]] = defaultdict(set)
    for learner_id, subject_id in (
        Exemption.objects.filter(learner__in=learner_ids, starts_on__lte=period.ends_on)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period.starts_on))
        .values_list("learner_id", "subject_id")
    ):
        exempt[learner_id].add(subject_id)

    group_names = {g.pk: g.name for g in groups}
    group_order = {g.pk: index for index, g in enumerate(groups)}
    rows, candidates = [], []
    for learner_id, member in members.items():
        means = [mean(*sums[learner_id][p.pk]) for p in trend]
        row = AttentionRow(
            learner_id, member.name, member.group_id, group_names[member.group_id], means[-1]
        )
        _reasons(
            row,
            member=member,
            means=means,
            subjects=subjects[learner_id],
            taught=taught[member.group_id],
            marks=period_marks[learner_id],
            exempt=exempt[learner_id],
            names=names,
            rule=rule,
            needed=needed,
        )
        if row.reasons:
            rows.append(row)
        count = sums[learner_id][period.pk][1]
        if count and count >= rule.min_marks:
            candidates.append(
                Leader(learner_id, member.name, member.group_id, row.group_name, means[-1], count)
            )
    rows.sort(key=lambda r: (group_order[r.group_id], members[r.learner_id].sort_key))
    candidates.sort(key=lambda c: (-c.mean, members[c.learner_id].sort_key))
    if leaders_per_group:
        taken: dict[int, int] = defaultdict(int)
        leaders = []
        for leader in candidates:
            if taken[leader.group_id] < LEADERS_OF_CLASS:
                taken[leader.group_id] += 1
                leaders.append(leader)
        leaders.sort(key=lambda c: group_order[c.group_id])  # stable: by mean within a class
    else:
        leaders = candidates[:LEADERS_OF_SCHOOL]
    return AttentionList(period, groups, len(members), rows, leaders)


def marks_needed_by(period: StudyPeriod, today: date, min_marks: int) -> int:
    """How many marks of a subject a learner should have by ``today`` to reach the
    attestation's minimum by the period's end: the minimum in the last
    ``FEW_MARKS_NOTICE`` (and after the period), before that the share of it the
    period's elapsed days make, rounded down. Halfway through a quarter one mark of
    three is on track; two weeks before its end, two are not."""
    if today >= period.ends_on - FEW_MARKS_NOTICE:
        return min_marks
    length = (period.ends_on - period.starts_on).days or 1
    elapsed = max(0, (today - period.starts_on).days)
    return min_marks * elapsed // length


def _reasons(row, *, member, means, subjects, taught, marks, exempt, names, rule, needed) -> None:
    if len(means) == 3 and None not in means and means[0] > means[1] > means[2]:
        row.reasons.append(
            Reason(
                FALLING,
                "средний балл снижается два периода подряд",
                " → ".join(_format(m) for m in means),
            )
        )
    if member.lessons and Decimal(member.absent) >= ABSENCE_SHARE * member.lessons:
        share = percent(member.absent, member.lessons)
        share_text = f"{share:f}".replace(".", ",")
        row.reasons.append(
            Reason(
                ABSENCES,
                "много пропусков",
                format_lazy(
                    "{} из {} {} ({} %)", member.absent, member.lessons, LESSONS_GEN, share_text
                ),
            )
        )
    few = []
    for subject_id, name in sorted(taught.items(), key=lambda item: item[1]):
        if subject_id in exempt or marks.get(subject_id, ("", False))[1]:
            continue
        count = subjects[subject_id].marks if subject_id in subjects else 0
        if count < needed:
            few.append(f"{name} — {count} из {rule.min_marks}")
    if few:
        row.reasons.append(Reason(FEW_MARKS, "мало отметок для аттестации", "; ".join(few)))
    failing = []
    for subject_id in sorted(set(marks) | set(subjects), key=lambda s: names.get(s, "")):
        if subject_id in marks:
            value, _ = marks[subject_id]
            if not is_passing(value):
                failing.append((names[subject_id], f"«{value}»"))
            continue
        if subject_id in exempt:
            continue
        current = subjects[subject_id]
        if current.proposal(rule) == "2":
            average = current.mean(weighted=rule.weighted)
            failing.append(
                (names.get(subject_id, ""), f"по текущим отметкам «2», средний {_format(average)}")
            )
    if failing:
        row.reasons.append(
            Reason(
                FAILING,
                "есть «2» или «н/а»",
                "; ".join(f"{name} — {what}" for name, what in failing),
            )
        )
