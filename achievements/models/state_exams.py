"""State final attestation (ГИА) results, kept apart from the school's own marks."""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

from learners.models import AcademicYear, Learner, Subject

__all__ = ["StateExamKind", "StateExamResult"]


class StateExamKind(models.TextChoices):
    OGE = "oge", "ОГЭ"
    EGE = "ege", "ЕГЭ"
    GVE = "gve", "ГВЭ"


class StateExamResult(models.Model):
    """A state final attestation (ГИА) result: kept apart from the school's own marks."""

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
        ]  # fmt: skip

    def __str__(self):
        return f"{self.learner}: {self.get_kind_display()} {self.subject}"
