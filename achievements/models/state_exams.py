"""State final attestation (ГИА) results, kept apart from the school's own marks.

A result is entered by the deputy on the class's page (achievements/state_exams/): the
service checks it, bumps ``version`` and writes a StateExamResultChange in the same
transaction. Rows that predate the page (imported, demo) have no ``entered_by``."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q

from common.models import HistoryRow
from learners.models import AcademicYear, Learner, Subject

__all__ = ["StateExamKind", "StateExamResult", "StateExamResultChange"]


class StateExamKind(models.TextChoices):
    OGE = "oge", "ОГЭ"
    EGE = "ege", "ЕГЭ"
    GVE = "gve", "ГВЭ"


class StateExamResult(models.Model):
    """A state final attestation (ГИА) result: kept apart from the school's own marks.
    ``version`` grows with each save: the page sends back the version it showed, and a
    row changed since is refused, not overwritten."""

    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="state_exams", verbose_name="обучающийся"
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, verbose_name="предмет")
    year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, verbose_name="учебный год")
    kind = models.CharField("форма", max_length=5, choices=StateExamKind.choices)
    exam_date = models.DateField("дата экзамена")
    score = models.PositiveSmallIntegerField(
        "баллы", validators=[MaxValueValidator(100)], null=True, blank=True
    )
    mark = models.CharField("отметка", max_length=10, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="внёс",
    )
    entered_at = models.DateTimeField("внесено", auto_now=True)
    version = models.PositiveIntegerField("версия", default=1)

    class Meta:
        verbose_name = "результат ГИА"
        verbose_name_plural = "результаты ГИА"
        ordering = ["-exam_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "subject", "year", "kind"], name="state_exam_unique",
                violation_error_message="Результат этого экзамена уже внесён.",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=False) | ~Q(mark=""),
                name="state_exam_has_result",
                violation_error_message="Укажите баллы или отметку.",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1),
                name="state_exam_version_positive",
                violation_error_message="Версия записи начинается с 1.",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.learner}: {self.get_kind_display()} {self.subject}"

    def describe(self) -> str:
        return describe(self.exam_date, self.score, self.mark)


def describe(exam_date, score, mark) -> str:
    """A result as one line of history: «дата 20.05.2026, баллы 15, отметка 4»."""
    parts = [f"дата {exam_date:%d.%m.%Y}"]
    if score is not None:
        parts.append(f"баллы {score}")
    if mark:
        parts.append(f"отметка {mark}")
    return ", ".join(parts)


class StateExamResultChange(HistoryRow):
    """History of a result: written by the service that saves it, in its transaction."""

    result = models.ForeignKey(
        StateExamResult, on_delete=models.PROTECT, related_name="changes", verbose_name="результат"
    )
    old_value = models.CharField("было", max_length=200, blank=True)
    new_value = models.CharField("стало", max_length=200)
    reason = models.CharField("основание", max_length=200)

    class Meta:
        verbose_name = "изменение результата ГИА"
        verbose_name_plural = "история результатов ГИА"
        ordering = ["-changed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(new_value=F("old_value")),
                name="state_exam_change_changes",
                violation_error_message="В истории записываются только изменения.",
            ),
        ]

    def __str__(self):
        return f"{self.old_value or '—'} → {self.new_value}"
