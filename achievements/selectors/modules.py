"""A training company's module results (004 §2.3): a module, discipline or practice
runs for weeks inside one half-year, so its result (the year mark of its subject) is
proposed from its own lessons over the year, not from the year's periods."""

from decimal import Decimal

from achievements import attestation
from achievements.models import JournalCell
from learners.models import ProgrammeLevel


def by_modules(group) -> bool:
    """Whether the group's year mark of a subject is the result of a module (or a
    discipline, a practice) of a training programme (004 §2.3): a module runs for weeks
    inside one half-year, so its result is proposed from its own lessons, not from the
    year's periods."""
    return group.programme.level in ProgrammeLevel.training()


def module_marks(*, learner_ids, subject_id: int, group) -> dict[int, list[tuple[str, Decimal]]]:
    """{learner_id: [(code, weight), ...]} of a subject's current marks in the group over
    its year, in lesson order: one query, whatever the number of learners."""
    rows = (
        JournalCell.objects.filter(
            learner_id__in=learner_ids, lesson__subject_id=subject_id, lesson__group=group
        )
        .exclude(marks="")
        .order_by("lesson__date", "lesson__number")
        .values_list("learner_id", "marks", "lesson__work_kind__weight")
    )
    result: dict[int, list[tuple[str, Decimal]]] = {}
    for learner_id, marks, weight in rows:
        for mark in marks.split("/"):
            result.setdefault(learner_id, []).append((mark, weight))
    return result


def propose_module(scale_kind: str, marks: list[tuple[str, Decimal]], rule) -> str:
    """A module's result from its current marks: by the attestation rule on a numeric
    scale, the latest result (a passed assignment after a failed one) on another."""
    if scale_kind in attestation.NUMERIC_SCALES:
        numeric = [(Decimal(code), weight) for code, weight in marks if code.isdigit()]
        return attestation.propose(numeric, rule)
    return attestation.propose_latest(code for code, _ in marks)
