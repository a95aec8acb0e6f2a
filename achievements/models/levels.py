"""Levels of mastering an additional general education programme (R-JRN-14; 002 §2.2–2.3,
§4.5): the level (высокий, средний, низкий) each learner of an association showed at the
entry diagnostics, the intermediate and the final attestation, per subject of the
association's curriculum. The stages side by side are the learner's dynamics (002 §2.3
«входящей, промежуточной, итоговой аттестации»), and with the journal and the portfolio
they make the individual achievement sheet (002 §4.5).

Not the УУД diagnostics of a school (achievements/models/diagnostics.py): those are
groups of universal learning actions per study period; these are the programme's own
results per stage."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from common.models import HistoryRow
from learners.models import Learner, StudyGroup, Subject

__all__ = ["LevelResult", "LevelResultChange", "LevelStage"]


class LevelStage(models.TextChoices):
    """The stages of 002 §2.3, in the order a year goes through them."""

    ENTRY = "entry", "Входная диагностика"
    INTERMEDIATE = "intermediate", "Промежуточная аттестация"
    FINAL = "final", "Итоговая аттестация"


class LevelResult(models.Model):
    """One learner's level in one subject of an association at one stage. ``level`` is
    the code of a value of the levels scale (В, С, Н); empty when it was cleared (the row
    stays for its history). ``version`` grows with every save so a stale save is
    refused."""

    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="level_results", verbose_name="учащийся"
    )
    group = models.ForeignKey(
        StudyGroup, on_delete=models.PROTECT, related_name="+", verbose_name="объединение"
    )
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, related_name="+", verbose_name="предмет (курс)"
    )
    stage = models.CharField("этап", max_length=15, choices=LevelStage.choices)
    checked_on = models.DateField("дата проведения", null=True, blank=True)
    level = models.CharField("уровень", max_length=10, blank=True)
    comment = models.CharField("комментарий", max_length=500, blank=True)
    version = models.PositiveIntegerField("версия", default=1)
    updated_at = models.DateTimeField("изменено", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="кем"
    )

    class Meta:
        verbose_name = "уровень освоения программы"
        verbose_name_plural = "уровни освоения программ (входная, промежуточная, итоговая)"
        ordering = ["group", "subject", "learner", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "group", "subject", "stage"],
                name="level_result_unique",
                violation_error_message="Уровень этого учащегося на этом этапе уже записан.",
            ),
            models.CheckConstraint(
                condition=Q(stage__in=LevelStage.values),
                name="level_result_stage_valid",
                violation_error_message="Такого этапа нет.",
            ),
            models.CheckConstraint(
                condition=Q(level="") | Q(checked_on__isnull=False),
                name="level_result_dated",
                violation_error_message="У записанного уровня должна быть дата проведения.",
            ),
        ]
        indexes = [
            models.Index(fields=["group", "subject", "stage"], name="level_result_grid_idx"),
        ]

    def __str__(self):
        return f"{self.learner}: {self.get_stage_display()} — {self.level or '—'}"


class LevelResultChange(HistoryRow):
    """History of a level: written by the saving service in the same transaction."""

    result = models.ForeignKey(
        LevelResult, on_delete=models.PROTECT, related_name="changes", verbose_name="уровень"
    )
    old_level = models.CharField("было", max_length=10, blank=True)
    new_level = models.CharField("стало", max_length=10, blank=True)
    old_checked_on = models.DateField("была дата", null=True, blank=True)
    new_checked_on = models.DateField("стала дата", null=True, blank=True)
    reason = models.CharField("причина", max_length=500, blank=True)

    class Meta:
        verbose_name = "изменение уровня освоения программы"
        verbose_name_plural = "история уровней освоения программ"
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.old_level or '—'} → {self.new_level or '—'}"
