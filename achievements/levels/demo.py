"""Demo levels by stage: for every association of additional education of the year
holding ``today`` (the school's club «Робототехника-1», the centre's associations) that
has learners and a subject on a scale of levels, the entry diagnostics within two weeks
of the group's start and, once the year is past its middle or its first period, the
intermediate attestation, with a few learners moving up a level. Built after the demo
organisation's base and journal."""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model

from achievements.levels import rules, selectors
from achievements.levels.services import RowInput, levels_save
from achievements.models import LevelResult, LevelStage
from learners.models import Role, ScaleKind, StudyGroup, TeachingAssignment

# Most learners start in the middle or low, as a new association does.
ENTRY_WEIGHTS = (2, 5, 3)
UP, DOWN = 0.35, 0.05
COMMENTS = {
    -1: "Заметный рост: задания выполняет самостоятельно.",
    0: "",
    1: "Нужна помощь при выполнении заданий.",
}


def _writer(group: StudyGroup, subject, deputies: list):
    """The group's teacher of the subject, else its leader, else a deputy."""
    teachers = [
        a.teacher.user
        for a in TeachingAssignment.objects.filter(group=group, subject=subject).select_related(
            "teacher__user"
        )
    ]
    if group.class_teacher is not None:
        teachers.append(group.class_teacher.user)
    for user in [*teachers, *deputies]:
        if rules.may_write(user, group):
            return user
    return None


def _dated(line: dict, day: date, today: date) -> date | None:
    """The day a learner sat the stage: ``day``, or their own first day if they came
    later; None if they were not in the group then or it is still ahead."""
    for start, end in line["spans"]:
        when = max(day, start)
        if when <= today and (end is None or when <= end):
            return when
    return None


def _intermediate_day(group: StudyGroup, today: date) -> date | None:
    year = group.year
    middle = year.starts_on + (year.ends_on - year.starts_on) / 2
    first = group.year.periods.order_by("starts_on").first()
    if first is not None and first.ends_on < today:
        return first.ends_on - timedelta(days=3)
    if middle < today:
        return middle
    return None


def generate(*, today: date, seed: int = 17) -> dict[str, int]:
    rng = random.Random(seed)
    deputies = list(get_user_model().objects.filter(groups__name=Role.DEPUTY.label, is_active=True))
    groups = (
        StudyGroup.objects.filter(
            programme__level__in=rules.ASSOCIATION_LEVELS,
            year__starts_on__lte=today,
            year__ends_on__gte=today,
            enrollments__isnull=False,
        )
        .distinct()
        .select_related("year", "programme", "class_teacher__user")
        .order_by("year__starts_on", "name")
    )
    count = 0
    for group in groups:
        roster = selectors.roster(group)
        start = min(span[0] for line in roster for span in line["spans"])
        entry_day = start + timedelta(days=rng.randrange(0, 14))
        middle_day = _intermediate_day(group, today)
        for subject in selectors.curriculum_subjects(group):
            if subject.grading_scale.kind != ScaleKind.LEVELS:
                continue
            values = selectors.scale_values(subject.grading_scale)
            writer = _writer(group, subject, deputies)
            if len(values) < 2 or writer is None:
                continue
            done = set(
                LevelResult.objects.filter(group=group, subject=subject).values_list(
                    "learner_id", "stage"
                )
            )
            weights = [*ENTRY_WEIGHTS, *[1] * len(values)][: len(values)]
            entry, middle = [], []
            for line in roster:
                pk = line["learner"].pk
                first = rng.choices(range(len(values)), weights)[0]
                step = rng.random()
                later = first - 1 if step < UP else first + 1 if step > 1 - DOWN else first
                later = min(max(later, 0), len(values) - 1)
                day = _dated(line, entry_day, today)
                if day is not None and (pk, LevelStage.ENTRY) not in done:
                    entry.append(_row(pk, values[first].code, day, ""))
                if middle_day is None or middle_day < entry_day:
                    continue
                day = _dated(line, middle_day, today)
                if day is not None and (pk, LevelStage.INTERMEDIATE) not in done:
                    comment = COMMENTS[max(min(later - first, 1), -1)]
                    middle.append(_row(pk, values[later].code, day, comment))
            for stage, rows in ((LevelStage.ENTRY, entry), (LevelStage.INTERMEDIATE, middle)):
                if rows:
                    count += levels_save(
                        actor=writer, group=group, subject=subject, stage=stage.value,
                        rows=rows, today=today,
                    )  # fmt: skip
    return {"level_results": count}


def _row(learner_id: int, level: str, day: date, comment: str) -> RowInput:
    return RowInput(
        learner_id=learner_id, level=level, checked_on=day, comment=comment,
        was_level="", was_checked_on=None, was_comment="", version=0,
    )  # fmt: skip
