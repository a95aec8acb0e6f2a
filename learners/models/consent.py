"""Consent to the processing of personal data (R-SEC-4; 152-FZ art. 9): who gave it for
which learner, when, to what, and its withdrawal. A row is never edited or deleted:
consent given again is a new row, a withdrawal fills in the withdrawal fields once;
only learners.consent writes them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from learners.models.people import Guardian, Learner


class ConsentScope(models.TextChoices):
    """What the consent covers. Each value names the boolean field that stores it, so
    a list page can ask the database «who has consented to X» on SQLite and PostgreSQL
    alike."""

    RESULTS = "scope_results", "учёт результатов и поощрений"
    PORTFOLIO = "scope_portfolio", "портфолио и файлы достижений"
    CREDIT_TRANSFER = "scope_credit_transfer", "зачёт результатов из других организаций"
    PUBLICATION = "scope_publication", "публикация достижений на сайте организации"


# Without consent to the base scope the organisation keeps no results of the learner
# at all, so every consent includes it.
BASE_SCOPE = ConsentScope.RESULTS


class Consent(models.Model):
    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="consents", verbose_name="обучающийся"
    )
    # The legal representative gives consent for a minor; an adult learner gives it
    # himself (given_by_learner). Exactly one of the two.
    given_by_guardian = models.ForeignKey(
        Guardian,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consents",
        verbose_name="законный представитель",
    )
    given_by_learner = models.BooleanField("дано самим обучающимся", default=False)
    given_on = models.DateField("дата согласия")
    scope_results = models.BooleanField(ConsentScope.RESULTS.label, default=True)
    scope_portfolio = models.BooleanField(ConsentScope.PORTFOLIO.label, default=False)
    scope_credit_transfer = models.BooleanField(ConsentScope.CREDIT_TRANSFER.label, default=False)
    scope_publication = models.BooleanField(ConsentScope.PUBLICATION.label, default=False)
    paper = models.BooleanField("хранится подписанный бланк", default=False)
    note = models.CharField("примечание", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="внёс"
    )
    recorded_at = models.DateTimeField("внесено", auto_now_add=True)
    withdrawn_on = models.DateField("дата отзыва", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="отзыв внёс",
    )
    withdrawn_at = models.DateTimeField("отзыв внесён", null=True, blank=True)
    withdrawal_reason = models.CharField("основание отзыва", max_length=300, blank=True)

    class Meta:
        verbose_name = "согласие на обработку персональных данных"
        verbose_name_plural = "согласия на обработку персональных данных"
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(given_by_guardian__isnull=False) & Q(given_by_learner=False))
                | (Q(given_by_guardian__isnull=True) & Q(given_by_learner=True)),
                name="consent_one_giver",
                violation_error_message="Согласие даёт либо законный представитель, "
                "либо сам совершеннолетний обучающийся.",
            ),
            models.CheckConstraint(
                condition=Q(scope_results=True),
                name="consent_covers_base_scope",
                violation_error_message="Согласие включает учёт результатов и поощрений.",
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
                name="consent_withdrawn_after_given",
                violation_error_message="Дата отзыва не может быть раньше даты согласия.",
            ),
            models.CheckConstraint(
                condition=(Q(withdrawn_on__isnull=True) & Q(withdrawn_by__isnull=True))
                | (Q(withdrawn_on__isnull=False) & Q(withdrawn_by__isnull=False)),
                name="consent_withdrawal_complete",
            ),
            models.UniqueConstraint(
                fields=["learner", "given_by_guardian"],
                condition=Q(withdrawn_on__isnull=True, given_by_guardian__isnull=False),
                name="consent_one_active_per_guardian",
                violation_error_message="Согласие этого представителя уже действует.",
            ),
            models.UniqueConstraint(
                fields=["learner"],
                condition=Q(withdrawn_on__isnull=True, given_by_learner=True),
                name="consent_one_active_of_learner",
                violation_error_message="Согласие обучающегося уже действует.",
            ),
        ]
        indexes = [
            models.Index(
                fields=["learner"],
                condition=Q(withdrawn_on__isnull=True),
                name="consent_active_idx",
            )
        ]

    def __str__(self):
        return f"{self.learner}: согласие от {self.given_on:%d.%m.%Y} ({self.giver_name})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_on is None

    @property
    def giver_name(self) -> str:
        if self.given_by_learner:
            return f"{self.learner.full_name} (сам обучающийся)"
        return self.given_by_guardian.full_name

    @property
    def scopes(self) -> list[ConsentScope]:
        return [scope for scope in ConsentScope if getattr(self, scope.value)]

    @property
    def scope_labels(self) -> list[str]:
        return [scope.label for scope in self.scopes]
