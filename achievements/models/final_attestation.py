"""Final attestation of a training group by a commission (R-JRN-11; 004 §2.2–2.4): the
commission (its order, chair and members, the day it sits), each listener's result —
the practical qualification work (its topic and mark), the final mark and the
qualification (разряд, класс) awarded — and the history of every change of a result.
The protocol printed from these rows is an issued document of the archive."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from common.models import HistoryRow
from learners.models import GradingScale, Learner, StudyGroup

__all__ = [
    "AttestationCommission",
    "CommissionMember",
    "FinalAttestationChange",
    "FinalAttestationField",
    "FinalAttestationResult",
]


class AttestationCommission(models.Model):
    """The final attestation commission of one training group for one sitting. The
    chair is often an outside person (the employer's representative), so the chair is
    a name and a position, not a staff record. ``scale`` is the scale of the work's
    and the final marks (five-point or pass/fail), chosen when the commission is
    formed. ``version`` grows with every save so a stale edit is refused."""

    group = models.ForeignKey(
        StudyGroup,
        on_delete=models.PROTECT,
        related_name="commissions",
        verbose_name="учебная группа",
    )
    held_on = models.DateField("дата заседания")
    order_reference = models.CharField("приказ о составе комиссии", max_length=200)
    chair_name = models.CharField("председатель (ФИО)", max_length=300)
    chair_position = models.CharField("должность председателя", max_length=300)
    scale = models.ForeignKey(
        GradingScale, on_delete=models.PROTECT, related_name="+", verbose_name="шкала оценок"
    )
    version = models.PositiveIntegerField("версия", default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="кто"
    )
    created_at = models.DateTimeField("создана", auto_now_add=True)
    updated_at = models.DateTimeField("изменена", auto_now=True)

    class Meta:
        verbose_name = "итоговая аттестационная комиссия"
        verbose_name_plural = "итоговые аттестационные комиссии"
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(chair_name=""),
                name="attestation_commission_chair",
                violation_error_message="Укажите председателя комиссии.",
            ),
        ]

    def __str__(self):
        return f"Комиссия {self.group} от {self.held_on:%d.%m.%Y}"


class CommissionMember(models.Model):
    """A member of the commission other than the chair, in the order of the order."""

    commission = models.ForeignKey(
        AttestationCommission,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name="комиссия",
    )
    full_name = models.CharField("член комиссии (ФИО)", max_length=300)
    position = models.CharField("должность", max_length=300, blank=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "член комиссии"
        verbose_name_plural = "члены комиссии"
        ordering = ["commission", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(full_name=""),
                name="commission_member_named",
                violation_error_message="Укажите ФИО члена комиссии.",
            ),
        ]

    def __str__(self):
        return self.full_name


class FinalAttestationField(models.TextChoices):
    """The fields of a result, as its history names them."""

    FORM = "form", "Форма итоговой аттестации"
    WORK_TOPIC = "work_topic", "Тема квалификационной работы"
    WORK_MARK = "work_mark", "Оценка за квалификационную работу"
    FINAL_MARK = "final_mark", "Итоговая оценка"
    QUALIFICATION = "qualification", "Присвоенная квалификация"


class FinalAttestationResult(models.Model):
    """One listener's result before the commission. Marks are codes of the
    commission's scale (``5``, ``зач``); empty means not recorded yet."""

    commission = models.ForeignKey(
        AttestationCommission,
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name="комиссия",
    )
    learner = models.ForeignKey(
        Learner,
        on_delete=models.PROTECT,
        related_name="final_attestation_results",
        verbose_name="слушатель",
    )
    form = models.CharField("форма итоговой аттестации", max_length=200, blank=True)
    work_topic = models.CharField("тема квалификационной работы", max_length=500, blank=True)
    work_mark = models.CharField("оценка за работу", max_length=10, blank=True)
    final_mark = models.CharField("итоговая оценка", max_length=10, blank=True)
    qualification = models.CharField(
        "присвоенная квалификация (разряд)", max_length=300, blank=True
    )
    version = models.PositiveIntegerField("версия", default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="кем"
    )
    updated_at = models.DateTimeField("изменено", auto_now=True)

    class Meta:
        verbose_name = "результат итоговой аттестации"
        verbose_name_plural = "результаты итоговой аттестации"
        ordering = ["commission", "learner"]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "learner"],
                name="final_attestation_result_unique",
                violation_error_message="Результат этого слушателя у этой комиссии уже есть.",
            ),
        ]

    def __str__(self):
        return f"{self.learner}: {self.final_mark or '—'}"

    def values(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in FinalAttestationField.values}


class FinalAttestationChange(HistoryRow):
    """History of a result: one row per field changed, written by the saving service
    in the same transaction."""

    result = models.ForeignKey(
        FinalAttestationResult,
        on_delete=models.PROTECT,
        related_name="changes",
        verbose_name="результат",
    )
    field = models.CharField("что изменено", max_length=20, choices=FinalAttestationField.choices)
    old_value = models.CharField("было", max_length=500, blank=True)
    new_value = models.CharField("стало", max_length=500, blank=True)
    reason = models.CharField("причина", max_length=500, blank=True)

    class Meta(HistoryRow.Meta):
        verbose_name = "изменение результата итоговой аттестации"
        verbose_name_plural = "история итоговой аттестации"

    def __str__(self):
        return f"{self.get_field_display()}: {self.old_value or '—'} → {self.new_value or '—'}"
