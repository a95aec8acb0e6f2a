"""A reward of one learner (R-RW-3, R-RW-5): nominated here and granted by the
director's order, or recorded at the family's request from another organisation;
its history, its evidence and the orders."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from achievements.models import Achievement
from common.models import HistoryRow, StoredFile
from learners.models import AcademicYear, Learner, StudyPeriod, Subject
from rewards.models.kinds import Ground, RewardKind

__all__ = ["Origin", "Reward", "RewardChange", "RewardEvidence", "RewardOrder", "RewardStatus"]


class RewardStatus(models.TextChoices):
    NOMINATED = "nominated", "Представлен к поощрению"
    APPROVED = "approved", "Поощрение утверждено"
    DECLINED = "declined", "Представление отклонено"
    ISSUED = "issued", "Поощрение вручено"
    # A reward received in another organisation, at the family's request (000 §5.1).
    REQUESTED = "requested", "Заявлено семьёй, ждёт подтверждения"
    RECORDED = "recorded", "Учтено (получено в другой организации)"
    REJECTED = "rejected", "Не учтено"


# The statuses in which a reward is the learner's: shown in the portfolio, the diary,
# the card and the archive, and printable as a certificate.
GRANTED = (RewardStatus.APPROVED, RewardStatus.ISSUED, RewardStatus.RECORDED)
# The statuses that block a second nomination for the same kind, year (and subject).
STANDING = (RewardStatus.NOMINATED, RewardStatus.APPROVED, RewardStatus.ISSUED)


class Origin(models.TextChoices):
    SCHOOL = "school", "Поощрение организации"
    EXTERNAL = "external", "Получено в другой организации"


class RewardOrder(models.Model):
    """The director's order granting rewards (R-RW-3); it lists everyone it rewards."""

    number = models.CharField("номер приказа", max_length=50)
    date = models.DateField("дата приказа")
    title = models.CharField("заголовок", max_length=300, default="О поощрении обучающихся")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="подписал",
    )
    signed_by_name = models.CharField("директор", max_length=300)
    created_at = models.DateTimeField("внесён", auto_now_add=True)

    class Meta:
        verbose_name = "приказ о поощрении"
        verbose_name_plural = "приказы о поощрении"
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "date"], name="reward_order_unique",
                violation_error_message="Приказ с таким номером и датой уже есть.",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"Приказ № {self.number} от {self.date:%d.%m.%Y}"


class Reward(models.Model):
    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="rewards", verbose_name="обучающийся"
    )
    kind = models.ForeignKey(RewardKind, on_delete=models.PROTECT, verbose_name="вид поощрения")
    ground = models.CharField("основание", max_length=20, choices=Ground.choices)
    merit = models.TextField("за что (формулировка)", max_length=1000)
    year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, verbose_name="учебный год")
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, null=True, blank=True, verbose_name="предмет"
    )
    # What justifies it: achievements of the portfolio, and the results of a period (or
    # of the year when no period is named) in the words the candidate rule found them.
    achievements = models.ManyToManyField(
        Achievement, blank=True, related_name="rewards", verbose_name="достижения"
    )
    period = models.ForeignKey(
        StudyPeriod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name="результаты периода",
    )
    results_note = models.CharField("результаты", max_length=500, blank=True)
    origin = models.CharField(
        "происхождение", max_length=10, choices=Origin.choices, default=Origin.SCHOOL
    )
    source_organisation = models.CharField("где получено", max_length=300, blank=True)
    awarded_on = models.DateField("дата награждения там", null=True, blank=True)
    # Set only by services (reward_transition and the services that call it).
    status = models.CharField("статус", max_length=20, choices=RewardStatus.choices, editable=False)
    status_comment = models.CharField("комментарий к статусу", max_length=500, blank=True)
    order = models.ForeignKey(
        RewardOrder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rewards",
        verbose_name="приказ",
        editable=False,
    )
    approved_on = models.DateField("утверждено", null=True, blank=True, editable=False)
    issued_on = models.DateField("вручено", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="представил",
    )
    created_at = models.DateTimeField("внесено", auto_now_add=True)

    class Meta:
        verbose_name = "поощрение"
        verbose_name_plural = "поощрения"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["learner", "status"], name="reward_learner_idx"),
            models.Index(fields=["status", "kind"], name="reward_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["declined", "rejected"]) | ~Q(status_comment=""),
                name="reward_refusal_explained",
                violation_error_message="Укажите причину отказа.",
            ),
            models.CheckConstraint(
                condition=Q(origin="school") | ~Q(source_organisation=""),
                name="reward_external_has_source",
                violation_error_message="Укажите организацию, где получено поощрение.",
            ),
            models.CheckConstraint(
                condition=Q(issued_on__isnull=True) | Q(status="issued"),
                name="reward_issued_has_status",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.learner}: {self.kind}"

    @property
    def is_granted(self) -> bool:
        return self.status in GRANTED


class RewardChange(HistoryRow):
    reward = models.ForeignKey(
        Reward, on_delete=models.CASCADE, related_name="changes", verbose_name="поощрение"
    )
    old_status = models.CharField("было", max_length=20, blank=True)
    new_status = models.CharField("стало", max_length=20)
    comment = models.CharField("комментарий", max_length=500, blank=True)
    order = models.ForeignKey(
        RewardOrder,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="приказ",
    )

    class Meta:
        verbose_name = "изменение статуса поощрения"
        verbose_name_plural = "история поощрений"
        ordering = ["changed_at", "pk"]

    def __str__(self):
        return f"{self.old_status or '—'} → {self.new_status}"


class RewardEvidence(StoredFile):
    """A scan of a reward received in another organisation (R-RW-5)."""

    reward = models.ForeignKey(
        Reward, on_delete=models.CASCADE, related_name="evidence", verbose_name="поощрение"
    )
    file = models.FileField("файл", upload_to="rewards/", max_length=300)

    class Meta(StoredFile.Meta):
        verbose_name = "скан наградного документа"
        verbose_name_plural = "сканы наградных документов"
