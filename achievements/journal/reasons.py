"""The written reason a correction or a reopening needs: checked the same way for the
journal pages, the admin and commands, before anything is written."""

from django.core.exceptions import ValidationError

from achievements.models import CellChange
from common.text import CONTROL_CHARACTERS

REASON_MAX_LENGTH = CellChange._meta.get_field("reason").max_length


def check_reason(reason, *, what: str = "Причина исправления") -> None:
    """The reason goes to the history row as typed (trimmed)."""
    if not isinstance(reason, str):
        raise ValidationError(f"{what} должна быть текстом.")
    length = len(reason.strip())
    if length > REASON_MAX_LENGTH:
        raise ValidationError(
            f"{what} — не длиннее {REASON_MAX_LENGTH} символов (сейчас {length})."
        )
    # PostgreSQL refuses NUL in text (a server error); no control character belongs in
    # a written reason.
    if CONTROL_CHARACTERS.search(reason):
        raise ValidationError(
            f"{what} содержит недопустимый управляющий символ: введите её заново."
        )
