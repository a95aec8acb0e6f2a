"""Pedagogical diagnostics of universal learning actions (R-JRN-10; 002 §3.2.4,
003 §4.1–4.2): the teacher's observed level of each group of УУД per learner per study
period. It serves the teachers' own analysis (003 §4.2) and is never a mark: nothing
here reaches the diary, averages, statistics or what the family sees. Target
benchmarks (целевые ориентиры, 003 §4.1) are not recorded at all."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from common.models import HistoryRow
from learners.models import Learner, StudyGroup, StudyPeriod

__all__ = ["DiagnosticChange", "DiagnosticLevel", "DiagnosticResult", "UlaKind"]


class UlaKind(models.TextChoices):
    """The four groups of universal learning actions as 002 §3.2.4 names them; the
    regulation calls the regulative group «рефлексивные»."""

    PERSONAL = "personal", "Личностные"
    REFLEXIVE = "reflexive", "Рефлексивные (регулятивные)"
    COGNITIVE = "cognitive", "Познавательные"
    COMMUNICATIVE = "communicative", "Коммуникативные"


class DiagnosticLevel(models.TextChoices):
    """The level of a group of УУД the teacher observed. The regulations name no scale;
    three levels are the usual one of pedagogical diagnostics. Deliberately words, not
    numbers: a level is never averaged or read as a mark."""

    HIGH = "high", "Высокий"
    MEDIUM = "medium", "Средний"
    LOW = "low", "Низкий"


class DiagnosticResult(models.Model):
    """One learner's level of one group of УУД in one study period. ``level`` empty: the
    teacher cleared it (the row stays for its history). ``version`` grows with every
    save so a stale save is refused."""

    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="diagnostics", verbose_name="обучающийся"
    )
    period = models.ForeignKey(
        StudyPeriod, on_delete=models.PROTECT, related_name="+", verbose_name="период"
    )
    # The class whose teachers made the diagnosis: the grid is per class and period.
    group = models.ForeignKey(
        StudyGroup, on_delete=models.PROTECT, related_name="+", verbose_name="класс"
    )
    kind = models.CharField("группа УУД", max_length=15, choices=UlaKind.choices)
    level = models.CharField("уровень", max_length=10, choices=DiagnosticLevel.choices, blank=True)
    version = models.PositiveIntegerField("версия", default=1)
    updated_at = models.DateTimeField("изменено", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="кем"
    )

    class Meta:
        verbose_name = "уровень УУД (педагогическая диагностика)"
        verbose_name_plural = "педагогическая диагностика УУД"
        ordering = ["period", "learner", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "period", "kind"],
                name="diagnostic_result_unique",
                violation_error_message="Уровень этой группы УУД за этот период уже записан.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=UlaKind.values),
                name="diagnostic_result_kind_valid",
                violation_error_message="Такой группы универсальных учебных действий нет.",
            ),
            models.CheckConstraint(
                condition=Q(level__in=[*DiagnosticLevel.values, ""]),
                name="diagnostic_result_level_valid",
                violation_error_message="Уровень — высокий, средний или низкий.",
            ),
        ]
        indexes = [
            models.Index(fields=["group", "period"], name="diagnostic_result_grid_idx"),
        ]

    def __str__(self):
        return f"{self.learner}: {self.get_kind_display()} — {self.get_level_display() or '—'}"


class DiagnosticChange(HistoryRow):
    """History of a level: written by the saving service in the same transaction."""

    result = models.ForeignKey(
        DiagnosticResult,
        on_delete=models.PROTECT,
        related_name="changes",
        verbose_name="уровень УУД",
    )
    old_level = models.CharField("было", max_length=10, choices=DiagnosticLevel.choices, blank=True)
    new_level = models.CharField(
        "стало", max_length=10, choices=DiagnosticLevel.choices, blank=True
    )
    reason = models.CharField("причина", max_length=500, blank=True)

    class Meta:
        verbose_name = "изменение уровня УУД"
        verbose_name_plural = "история педагогической диагностики"
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.get_old_level_display() or '—'} → {self.get_new_level_display() or '—'}"
