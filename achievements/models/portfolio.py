"""The portfolio of achievements (R-PF): olympiads, contests, sports, GTO, projects
and the rest, each with its evidence documents (scans of diplomas, certificates,
protocols) kept as private files."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from common.models import HistoryRow, StoredFile
from learners.models import Learner

__all__ = [
    "Achievement",
    "AchievementCategory",
    "AchievementLevel",
    "AchievementResult",
    "AchievementStatus",
    "AchievementStatusChange",
    "Evidence",
    "GtoBadge",
    "OlympiadStage",
]


class AchievementCategory(models.Model):
    """A category of the seeds (000 §3.2, 001 §2.3–2.4, 002 §3.2), as data."""

    code = models.SlugField("код", max_length=40, unique=True)
    name = models.CharField("наименование", max_length=200, unique=True)
    has_stage = models.BooleanField(
        "есть этапы ВсОШ", default=False, help_text="школьный, муниципальный, региональный…"
    )
    has_badge = models.BooleanField("есть знак ГТО", default=False)
    is_work = models.BooleanField(
        "работа, а не награда",
        default=False,
        help_text="творческие, исследовательские и проектные работы (002 §4.7)",
    )
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "категория достижений"
        verbose_name_plural = "категории достижений"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class AchievementLevel(models.TextChoices):
    SCHOOL = "school", "Школьный (уровень организации)"
    MUNICIPAL = "municipal", "Муниципальный"
    REGIONAL = "regional", "Региональный"
    INTERREGIONAL = "interregional", "Межрегиональный"
    ALL_RUSSIAN = "all_russian", "Всероссийский"
    INTERNATIONAL = "international", "Международный"


# Levels from regional up: what makes a learner a candidate for the state register of
# gifted children (R-LRN-2).
HIGH_LEVELS = [
    AchievementLevel.REGIONAL,
    AchievementLevel.INTERREGIONAL,
    AchievementLevel.ALL_RUSSIAN,
    AchievementLevel.INTERNATIONAL,
]


class AchievementResult(models.TextChoices):
    PARTICIPANT = "participant", "Участник"
    PRIZE_WINNER = "prize_winner", "Призёр"
    WINNER = "winner", "Победитель"
    LAUREATE = "laureate", "Лауреат"


class OlympiadStage(models.TextChoices):
    SCHOOL = "school", "Школьный этап"
    MUNICIPAL = "municipal", "Муниципальный этап"
    REGIONAL = "regional", "Региональный этап"
    FINAL = "final", "Заключительный этап"


class GtoBadge(models.TextChoices):
    GOLD = "gold", "Золотой знак"
    SILVER = "silver", "Серебряный знак"
    BRONZE = "bronze", "Бронзовый знак"


class AchievementStatus(models.TextChoices):
    PROPOSED = "proposed", "Предложено, ждёт подтверждения"
    CONFIRMED = "confirmed", "Подтверждено"
    REJECTED = "rejected", "Отклонено"


class Achievement(models.Model):
    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="achievements", verbose_name="обучающийся"
    )
    category = models.ForeignKey(
        AchievementCategory, on_delete=models.PROTECT, verbose_name="категория"
    )
    title = models.CharField("название", max_length=300)
    level = models.CharField("уровень", max_length=20, choices=AchievementLevel.choices)
    result = models.CharField("результат", max_length=20, choices=AchievementResult.choices)
    stage = models.CharField(
        "этап олимпиады", max_length=20, choices=OlympiadStage.choices, blank=True
    )
    badge = models.CharField("знак ГТО", max_length=10, choices=GtoBadge.choices, blank=True)
    date = models.DateField("дата")
    organiser = models.CharField("организатор", max_length=300, blank=True)
    subject_area = models.CharField("предметная область", max_length=200, blank=True)
    description = models.TextField("описание", blank=True)
    # Set only by services.achievement_transition (and at creation).
    status = models.CharField(
        "статус", max_length=20, choices=AchievementStatus.choices, editable=False
    )
    status_comment = models.CharField("комментарий к статусу", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="внёс"
    )
    created_at = models.DateTimeField("внесено", auto_now_add=True)

    class Meta:
        verbose_name = "достижение"
        verbose_name_plural = "достижения (портфолио)"
        ordering = ["-date", "-pk"]
        # Level too: the gifted-register list asks of each learner whether a confirmed
        # achievement of a high level exists, and counts them, from the index alone.
        indexes = [
            models.Index(fields=["learner", "status", "level"], name="achievement_learner_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=AchievementStatus.REJECTED) | ~Q(status_comment=""),
                name="achievement_rejection_explained",
                violation_error_message="Укажите причину отказа.",
            ),
        ]

    def __str__(self):
        return f"{self.learner}: {self.title}"


class AchievementStatusChange(HistoryRow):
    achievement = models.ForeignKey(
        Achievement, on_delete=models.CASCADE, related_name="changes", verbose_name="достижение"
    )
    old_status = models.CharField("было", max_length=20, blank=True)
    new_status = models.CharField("стало", max_length=20)
    comment = models.CharField("комментарий", max_length=500, blank=True)

    class Meta:
        verbose_name = "изменение статуса достижения"
        verbose_name_plural = "история статусов достижений"
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.old_status or '—'} → {self.new_status}"


class Evidence(StoredFile):
    """A scan or a work file proving an achievement."""

    achievement = models.ForeignKey(
        Achievement, on_delete=models.CASCADE, related_name="evidence", verbose_name="достижение"
    )
    file = models.FileField("файл", upload_to="evidence/", max_length=300)

    class Meta(StoredFile.Meta):
        verbose_name = "подтверждающий документ"
        verbose_name_plural = "подтверждающие документы"
