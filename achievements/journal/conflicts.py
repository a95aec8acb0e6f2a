"""Two people saving the same cell or mark: the later save sees the conflict, with
what is there now, and nothing is silently lost (DESIGN.md, Bad input and faults)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction


class Conflict(ValidationError):
    """The value changed since the user loaded it. Carries the current value."""

    def __init__(self, message, *, current: str, version: int):
        super().__init__(message)
        self.current = current
        self.version = version


def cell_conflict(current: str) -> str:
    return (
        f"Отметку уже изменили: сейчас в ячейке «{current or 'пусто'}». Проверьте и введите снова."
    )


def mark_conflict(current: str) -> str:
    return f"Отметку уже изменили: сейчас «{current or 'пусто'}»."


def refuse_stale(row, *, version: int, text, message) -> None:
    """Refuse a save started from another version than the row has now."""
    current_version = row.version if row is not None else 0
    if current_version != version:
        current = text(row) if row is not None else ""
        raise Conflict(message(current), current=current, version=current_version)


def save_or_conflict(row, *, current, text, message) -> None:
    """Save a journal row; when it is new and someone else inserted the same one since
    we looked (two teachers typing into the same empty cell), answer as for a stale
    version — with what is there now — instead of failing on the unique constraint.
    On PostgreSQL the second INSERT waits for the first transaction and then violates
    the constraint; the savepoint keeps our transaction usable to read the winner."""
    if row.pk is not None:
        row.save()
        return
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        found = current().select_for_update().first()
        if found is None:
            raise
        raise Conflict(message(text(found)), current=text(found), version=found.version) from None
