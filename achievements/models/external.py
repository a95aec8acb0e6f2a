"""External assessment (R-JRN-9; 000 §4.1, 001 §3.1, 002 §2.3): results of federal,
regional and municipal monitoring and diagnostics (ВПР, regional and municipal
diagnostics, international studies, entry diagnostics), per learner with the score, the
mark and the task-level scores. Kept apart from the school's own marks: nothing here is
read by the journal's averages or period marks.

State exams (ОГЭ, ЕГЭ, ГВЭ) stay StateExamResult rows (achievements/models/state_exams.py):
one concept per term, read by the statistics, the rewards, the archive and the diary."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from common.models import HistoryRow
from learners.models import AcademicYear, Learner, Subject

__all__ = [
    "ExternalAssessment",
    "ExternalKind",
    "ExternalResult",
    "ExternalResultChange",
]


class ExternalKind(models.TextChoices):
    VPR = "vpr", "ВПР"
    REGIONAL = "regional", "Региональная диагностика"
    MUNICIPAL = "municipal", "Муниципальная диагностика"
    INTERNATIONAL = "international", "Международное исследование"
    ENTRY = "entry", "Входная диагностика"


class ExternalAssessment(models.Model):
    """One assessment work of one subject for one year of study (grade). ``task_max``
    holds each task's maximum when the specification gives them (empty otherwise);
    ``thresholds`` holds the score-to-mark scale as ``[[min_score, "mark"], …]``
    ascending, when given."""

    kind = models.CharField("вид", max_length=20, choices=ExternalKind.choices)
    title = models.CharField("наименование", max_length=200)
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, verbose_name="предмет")
    grade = models.PositiveSmallIntegerField("год (класс) обучения")
    year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="+", verbose_name="учебный год"
    )
    held_on = models.DateField("дата проведения")
    max_score = models.PositiveSmallIntegerField("максимальный балл")
    task_count = models.PositiveSmallIntegerField("число заданий", default=0)
    task_max = models.JSONField("максимум за задания", default=list, blank=True)
    thresholds = models.JSONField("шкала перевода баллов в отметку", default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="создал"
    )
    created_at = models.DateTimeField("создано", auto_now_add=True)

    class Meta:
        verbose_name = "внешняя оценочная процедура"
        verbose_name_plural = "внешние оценочные процедуры"
        ordering = ["-held_on", "grade", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_score__gt=0),
                name="external_assessment_max_positive",
                violation_error_message="Максимальный балл должен быть больше нуля.",
            ),
            models.CheckConstraint(
                condition=Q(grade__gte=1, grade__lte=11),
                name="external_assessment_grade_range",
                violation_error_message="Класс (год обучения) — от 1 до 11.",
            ),
            models.UniqueConstraint(
                fields=["kind", "subject", "grade", "year", "held_on"],
                name="external_assessment_unique",
                violation_error_message="Такая процедура в этот день уже заведена.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}, {self.grade} кл., {self.held_on:%d.%m.%Y}"

    def task_maximum(self, number: int) -> int:
        """The maximum of task ``number`` (1-based), or the whole work's when not given."""
        if len(self.task_max) >= number:
            return self.task_max[number - 1]
        return self.max_score


class ExternalResult(models.Model):
    """A learner's result of one assessment. ``version`` grows with each save: the grid
    sends back the version it showed, and a row changed since is refused, not
    overwritten."""

    assessment = models.ForeignKey(
        ExternalAssessment,
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name="процедура",
    )
    learner = models.ForeignKey(
        Learner,
        on_delete=models.CASCADE,
        related_name="external_results",
        verbose_name="обучающийся",
    )
    score = models.PositiveSmallIntegerField("баллы", null=True, blank=True)
    mark = models.CharField("отметка", max_length=10, blank=True)
    task_scores = models.JSONField("баллы за задания", default=list, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="внёс"
    )
    entered_at = models.DateTimeField("внесено", auto_now=True)
    version = models.PositiveIntegerField("версия", default=1)

    class Meta:
        verbose_name = "результат внешней оценки"
        verbose_name_plural = "результаты внешней оценки"
        ordering = ["assessment", "learner__last_name", "learner__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "learner"],
                name="external_result_unique",
                violation_error_message="Результат этого обучающегося уже внесён.",
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=False) | ~Q(mark=""),
                name="external_result_has_value",
                violation_error_message="Укажите баллы или отметку.",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1),
                name="external_result_version_positive",
                violation_error_message="Версия записи начинается с 1.",
            ),
        ]

    def __str__(self):
        return f"{self.learner}: {self.assessment}"

    def describe(self) -> str:
        """The result as one line of history: «баллы 12, отметка 4, задания 1/2/0»."""
        return describe(self.score, self.mark, self.task_scores)


def describe(score, mark, tasks) -> str:
    parts = []
    if score is not None:
        parts.append(f"баллы {score}")
    if mark:
        parts.append(f"отметка {mark}")
    if tasks:
        parts.append("задания " + "/".join("—" if t is None else str(t) for t in tasks))
    return ", ".join(parts)


class ExternalResultChange(HistoryRow):
    """History of a result: written by the service that saves it, in its transaction."""

    result = models.ForeignKey(
        ExternalResult, on_delete=models.PROTECT, related_name="changes", verbose_name="результат"
    )
    old_value = models.CharField("было", max_length=500, blank=True)
    new_value = models.CharField("стало", max_length=500)
    reason = models.CharField("основание", max_length=200)

    class Meta:
        verbose_name = "изменение результата внешней оценки"
        verbose_name_plural = "история результатов внешней оценки"
        ordering = ["-changed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(new_value=F("old_value")),
                name="external_result_change_changes",
                violation_error_message="В истории записываются только изменения.",
            ),
        ]

    def __str__(self):
        return f"{self.old_value or '—'} → {self.new_value}"
