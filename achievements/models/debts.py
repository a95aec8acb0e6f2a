"""Academic debts (академическая задолженность; 003 §2.2.6, 273-ФЗ ст. 58): a period or
year mark that is not a positive result opens one; the learner retakes it at most twice,
the second time before a commission; a passing retake closes it. Every step leaves a
DebtChange row."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from common.models import HistoryRow
from learners.models import Learner, StudyGroup, Subject

__all__ = ["AcademicDebt", "DebtAction", "DebtAttempt", "DebtChange", "DebtStatus"]


class DebtStatus(models.TextChoices):
    OPEN = "open", "Не ликвидирована"
    CLOSED = "closed", "Ликвидирована"
    CANCELLED = "cancelled", "Отменена"


class AcademicDebt(models.Model):
    """One debt in one subject, opened by one attestation mark. ``value`` keeps the mark
    that opened it: a passing retake later replaces the mark itself."""

    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="debts", verbose_name="обучающийся"
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, verbose_name="предмет")
    # The class whose journal gave the mark: its subject teacher records the first retake.
    group = models.ForeignKey(
        StudyGroup, on_delete=models.PROTECT, related_name="+", verbose_name="класс"
    )
    mark = models.ForeignKey(
        "achievements.PeriodMark",
        on_delete=models.PROTECT,
        related_name="debts",
        verbose_name="отметка аттестации",
    )
    value = models.CharField("отметка, по которой возникла", max_length=10)
    opened_on = models.DateField("возникла")
    deadline = models.DateField("срок ликвидации")
    status = models.CharField(
        "состояние", max_length=10, choices=DebtStatus.choices, default=DebtStatus.OPEN
    )
    closed_on = models.DateField("ликвидирована (отменена)", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кем",
    )
    close_reason = models.CharField("основание", max_length=500, blank=True)

    class Meta:
        verbose_name = "академическая задолженность"
        verbose_name_plural = "академические задолженности"
        ordering = ["deadline", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "subject", "mark"],
                condition=Q(status="open"),
                name="academic_debt_one_open_per_mark",
                violation_error_message="По этой отметке задолженность уже открыта.",
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True, closed_by__isnull=True)
                | (
                    ~Q(status="open")
                    & Q(closed_on__isnull=False, closed_by__isnull=False)
                    & ~Q(close_reason="")
                ),
                name="academic_debt_close_complete",
                violation_error_message="Закрытие задолженности записывается с датой, "
                "тем, кто закрыл, и основанием.",
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("opened_on")),
                name="academic_debt_deadline_after_open",
                violation_error_message="Срок ликвидации не может быть раньше, чем возникла "
                "задолженность.",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="academic_debt_status_idx")]

    def __str__(self):
        return f"{self.learner}: {self.subject} — {self.value} ({self.opened_on:%d.%m.%Y})"

    @property
    def is_open(self) -> bool:
        return self.status == DebtStatus.OPEN


class DebtAttempt(models.Model):
    """A retake (пересдача): the first before the teacher, the second before a
    commission of at least three teachers (273-ФЗ ст. 58 ч. 4)."""

    debt = models.ForeignKey(
        AcademicDebt,
        on_delete=models.CASCADE,
        related_name="attempts",
        verbose_name="задолженность",
    )
    number = models.PositiveSmallIntegerField("пересдача №")
    held_on = models.DateField("дата")
    commission = models.TextField("комиссия", blank=True)
    value = models.CharField("результат", max_length=10)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="внёс"
    )
    recorded_at = models.DateTimeField("внесено", auto_now_add=True)

    class Meta:
        verbose_name = "пересдача"
        verbose_name_plural = "пересдачи"
        ordering = ["debt", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["debt", "number"],
                name="debt_attempt_unique_number",
                violation_error_message="Эта пересдача уже записана.",
            ),
            models.CheckConstraint(
                condition=Q(number__in=[1, 2]),
                name="debt_attempt_at_most_two",
                violation_error_message="Пересдать можно не более двух раз (ст. 58 273-ФЗ).",
            ),
        ]

    def __str__(self):
        return f"Пересдача № {self.number} от {self.held_on:%d.%m.%Y}: {self.value}"

    @property
    def commission_members(self) -> list[str]:
        return [name for name in self.commission.split("\n") if name]


class DebtAction(models.TextChoices):
    OPENED = "opened", "Возникла"
    ATTEMPT = "attempt", "Пересдача"
    CLOSED = "closed", "Ликвидирована"
    CANCELLED = "cancelled", "Отменена"
    DEADLINE = "deadline", "Изменён срок"


class DebtChange(HistoryRow):
    """History of a debt: written by the service that changes it, in its transaction."""

    debt = models.ForeignKey(
        AcademicDebt, on_delete=models.PROTECT, related_name="changes", verbose_name="задолженность"
    )
    action = models.CharField("что", max_length=10, choices=DebtAction.choices)
    old_value = models.CharField("было", max_length=100, blank=True)
    new_value = models.CharField("стало", max_length=100, blank=True)
    reason = models.CharField("основание", max_length=500, blank=True)

    class Meta:
        verbose_name = "изменение задолженности"
        verbose_name_plural = "история академических задолженностей"
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.old_value or '—'} → {self.new_value or '—'}"
