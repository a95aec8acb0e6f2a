"""What the class grids of external assessment and of state exams share when they save:
the checks every typed row passes before its own rules (a learner of the class, the
version the page showed, a recorded result not erased), and the write of the rows that
changed, each with its history row. Both are all or nothing: errors of every row are
gathered and raised together, so the page shows each beside its row."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

ENTERED = "Ввод результатов"
FROM_FILE = "Загрузка из файла"


class RowErrors(ValidationError):
    """Errors per learner: ``rows`` maps a learner's id to Russian sentences."""

    def __init__(self, rows: dict[int, list[str]]):
        self.rows = rows
        super().__init__([m for messages in rows.values() for m in messages])


def changed_meanwhile(learner) -> str:
    return (
        f"{learner.short_name}: результат изменил другой пользователь, пока страница была "
        "открыта. Обновите страницу и внесите изменение заново."
    )


def checked_rows(rows: dict, *, learners: dict, existing: dict, check: Callable) -> dict:
    """The values of the typed rows (learner id → row with ``version`` and ``is_empty``),
    ``check(raw)`` returning (value, problems) for each; raises RowErrors if any row is
    wrong. An empty row without a result is skipped."""
    errors: dict[int, list[str]] = {}
    values = {}
    for learner_id, raw in rows.items():
        learner = learners.get(learner_id)
        if learner is None:
            errors[learner_id] = ["Обучающийся не числится в классе."]
            continue
        current = existing.get(learner_id)
        if raw.version is not None and raw.version != (current.version if current else 0):
            errors[learner_id] = [changed_meanwhile(learner)]
            continue
        if raw.is_empty:
            if current is not None:
                errors[learner_id] = ["Внесённый результат нельзя стереть: исправьте значения."]
            continue
        value, problems = check(raw)
        if problems:
            errors[learner_id] = problems
        else:
            values[learner_id] = value
    if errors:
        raise RowErrors(errors)
    return values


def write_rows(
    values: dict,
    *,
    learners: dict,
    existing: dict,
    describe: Callable,
    create: Callable,
    update: Callable,
    history: Callable,
) -> int:
    """Write the rows whose description changed: ``create(learner_id, value)`` a new
    result, ``update(result, value)`` the fields of one (the version is counted here),
    ``history(result, old, new)`` its history row. Returns the number written."""
    written = 0
    for learner_id, value in values.items():
        current = existing.get(learner_id)
        new = describe(value)
        old = current.describe() if current else ""
        if old == new:
            continue
        if current is None:
            try:
                # A row the lock could not cover: another save may insert it first.
                with transaction.atomic():
                    current = create(learner_id, value)
            except IntegrityError:
                raise RowErrors({learner_id: [changed_meanwhile(learners[learner_id])]}) from None
        else:
            update(current, value)
            current.version += 1
            current.save()
        history(current, old, new)
        written += 1
    return written
