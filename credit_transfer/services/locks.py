"""The row lock every write of an application starts from."""

from django.core.exceptions import ValidationError

from credit_transfer.models import Application


class Conflict(ValidationError):
    """The application changed since the person opened it."""


def locked(application: Application, version: int | None = None) -> Application:
    found = (
        # Only the application's row is locked: PostgreSQL cannot lock the nullable side
        # of the period's outer join, and the joined rows are read, not changed.
        Application.objects.select_for_update(of=("self",))
        .select_related("learner", "group__programme", "year", "period", "applicant")
        .get(pk=application.pk)
    )
    if version is not None and found.version != version:
        raise Conflict(
            "Заявление уже изменилось (его статус сейчас — "
            f"«{found.get_status_display()}»). Обновите страницу и проверьте."
        )
    return found
