"""The register of events (журнал регистрации массовых мероприятий, 002 §4.4; R-PF-5):
an event with its level, dates and organiser, and its participants with their results.
Each participant's achievement is made from the event and kept equal to it."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from achievements.models.portfolio import (
    Achievement,
    AchievementCategory,
    AchievementLevel,
    AchievementResult,
)
from learners.models import Learner

__all__ = ["Event", "EventParticipant"]


class Event(models.Model):
    title = models.CharField("название", max_length=300)
    category = models.ForeignKey(
        AchievementCategory, on_delete=models.PROTECT, related_name="+", verbose_name="категория"
    )
    level = models.CharField("уровень", max_length=20, choices=AchievementLevel.choices)
    starts_on = models.DateField("дата начала")
    ends_on = models.DateField("дата окончания")
    organiser = models.CharField("организатор", max_length=300)
    subject_area = models.CharField("предметная область", max_length=200, blank=True)
    description = models.TextField("описание", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="внёс"
    )
    created_at = models.DateTimeField("внесено", auto_now_add=True)

    class Meta:
        verbose_name = "мероприятие"
        verbose_name_plural = "журнал регистрации мероприятий"
        ordering = ["-ends_on", "-pk"]
        # The register is read newest first and filtered by level and academic year.
        indexes = [models.Index(fields=["ends_on", "level"], name="event_ends_level_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="event_ends_after_start",
                violation_error_message="Дата окончания раньше даты начала.",
            ),
        ]

    def __str__(self):
        return self.title


class EventParticipant(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="participants", verbose_name="мероприятие"
    )
    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="+", verbose_name="обучающийся"
    )
    result = models.CharField("результат", max_length=20, choices=AchievementResult.choices)
    # The portfolio entry made from this line: the achievement's page names the event
    # through it (achievement.event_entry).
    achievement = models.OneToOneField(
        Achievement,
        on_delete=models.CASCADE,
        related_name="event_entry",
        verbose_name="достижение",
    )

    class Meta:
        verbose_name = "участник мероприятия"
        verbose_name_plural = "участники мероприятий"
        ordering = ["learner__last_name", "learner__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "learner"],
                name="event_participant_once",
                violation_error_message="Обучающийся уже в списке участников.",
            ),
        ]

    def __str__(self):
        return f"{self.event}: {self.learner}"
