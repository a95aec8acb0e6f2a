"""Candidates found from the record (R-RW-4, R-RW-7): read the year's results of the
learners now in the given groups through ``achievements`` selectors, run the pure rules
of ``rules.py`` on each learner, and leave out what is already nominated or granted.
A fixed number of queries whatever the number of learners, marks and achievements."""

from collections import defaultdict

from achievements.models import MarkKind, StateExamKind
from achievements.selectors import results
from learners.models import Enrollment, Learner, ProgrammeLevel
from rewards.candidates.rules import (
    KIND_CODES,
    Candidate,
    Exam,
    Feat,
    Mark,
    Record,
    Settings,
    candidates,
)
from rewards.models import RewardKind, RewardRule
from rewards.selectors import standing_keys

__all__ = ["candidates_for", "kinds_by_code", "learner_names", "records_for", "settings"]

# A standing medal of one degree stands for the other too: a learner nominated for
# I degree is not proposed for II while that nomination stands (and back).
MEDALS = ("medal_1", "medal_2")


def settings(rule: RewardRule | None = None) -> Settings:
    """The organisation's criteria: the row given, the one saved, or the defaults of the
    model (the same as migration rewards/0002 seeds)."""
    if rule is None:
        rule = RewardRule.objects.order_by("pk").first() or RewardRule()
    return Settings.of(rule)


def kinds_by_code(codes=KIND_CODES) -> dict[str, RewardKind]:
    """{code: kind} of the active kinds among ``codes``; one query. An inactive kind is
    missing, so its candidates are not proposed."""
    return {k.code: k for k in RewardKind.objects.filter(code__in=list(codes), is_active=True)}


def learner_names(learner_ids) -> dict[int, str]:
    """{learner id: full name} for display; one query."""
    return {
        learner.pk: learner.full_name
        for learner in Learner.objects.filter(pk__in=list(learner_ids)).only(
            "last_name", "first_name", "patronymic"
        )
    }


def _roster(groups) -> list[Enrollment]:
    """One open enrollment per learner in ``groups``: their class before a club or a
    course, so the grade is the class's. Alphabetical."""
    enrollments = (
        Enrollment.objects.filter(group__in=groups, ended_on__isnull=True)
        .select_related("learner", "group__programme")
        .order_by("learner__last_name", "learner__first_name", "learner__patronymic", "learner_id")
    )
    general = set(ProgrammeLevel.general())
    chosen: dict[int, Enrollment] = {}
    for enrollment in enrollments:
        held = chosen.get(enrollment.learner_id)
        if held is None or (
            enrollment.group.programme.level in general
            and held.group.programme.level not in general
        ):
            chosen[enrollment.learner_id] = enrollment
    return list(chosen.values())


def records_for(*, groups, year) -> list[Record]:
    """The year's record of every learner now enrolled in ``groups``, alphabetically:
    year and final marks, ЕГЭ results, confirmed achievements dated within the year,
    and the subjects of their class's curriculum. Five queries."""
    roster = _roster(groups)
    if not roster:
        return []
    ids = [e.learner_id for e in roster]
    marks: dict[tuple[int, str], list[Mark]] = defaultdict(list)
    for row in results.attestation_results(learner_ids=ids, year=year):
        marks[(row["learner_id"], row["kind"])].append(
            Mark(row["subject_id"], row["subject_name"], row["value"], row["passing"])
        )
    exams: dict[int, list[Exam]] = defaultdict(list)
    for row in results.state_exam_results(learner_ids=ids, year=year, kind=StateExamKind.EGE):
        exams[row["learner_id"]].append(Exam(row["subject_name"], row["score"], row["mark"]))
    feats: dict[int, list[Feat]] = defaultdict(list)
    for row in results.confirmed_achievements(
        learner_ids=ids, starts_on=year.starts_on, ends_on=year.ends_on
    ):
        feats[row["learner_id"]].append(
            Feat(
                id=row["id"], category=row["category_code"], title=row["title"],
                level=row["level"], result=row["result"], date=row["date"],
                subject_area=row["subject_area"], category_name=row["category_name"],
            )
        )  # fmt: skip
    curricula = results.curriculum_subjects({(e.group.programme_id, e.group.grade) for e in roster})
    return [
        Record(
            learner_id=e.learner_id, name=e.learner.full_name, grade=e.group.grade,
            year=year.name,
            year_marks=tuple(marks[(e.learner_id, MarkKind.YEAR)]),
            final_marks=tuple(marks[(e.learner_id, MarkKind.FINAL)]),
            curriculum=tuple(curricula.get((e.group.programme_id, e.group.grade), ())),
            exams=tuple(exams[e.learner_id]), feats=tuple(feats[e.learner_id]),
        )
        for e in roster
    ]  # fmt: skip


def candidates_for(*, groups, year, rule: RewardRule | None = None) -> list[Candidate]:
    """The candidates among the learners now in ``groups`` (StudyGroup rows, ids or a
    queryset; the caller has scoped them to the user) for the academic ``year``, by
    the kind's order, then the learner's name, then the subject. Left out: kinds not in
    use, and (learner, kind, subject) already nominated or granted this year. ``rule``:
    the criteria row; the saved one when not given. Eight queries (seven with ``rule``)."""
    s = settings(rule)
    kinds = kinds_by_code()
    records = records_for(groups=groups, year=year)
    if not records or not kinds:
        return []
    standing = standing_keys(learner_ids=[r.learner_id for r in records], year=year)
    medal_ids = {kinds[c].pk for c in MEDALS if c in kinds}
    medalled = {learner for learner, kind_id, _ in standing if kind_id in medal_ids}
    found = []
    for place, record in enumerate(records):
        for candidate in candidates(record, s):
            kind = kinds.get(candidate.kind)
            if kind is None or (record.learner_id, kind.pk, candidate.subject_id) in standing:
                continue
            if candidate.kind in MEDALS and record.learner_id in medalled:
                continue
            found.append(((kind.order, kind.pk, place, candidate.subject), candidate))
    found.sort(key=lambda pair: pair[0])
    return [candidate for _, candidate in found]
