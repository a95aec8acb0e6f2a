"""The archive's records. So far the nomenclature of files (номенклатура дел, R-AR-4,
R-AR-9): how long each kind of document the product produces is kept, and on what
legal ground, as data the organisation edits and its head confirms."""

from django.conf import settings
from django.db import models
from django.db.models import Q


class RetentionTerm(models.TextChoices):
    YEARS = "years", "Определённое число лет"
    PERMANENT = "permanent", "Постоянно"
    # 003 §6.4: electronic records of results are kept until the learner finishes
    # the programme, or until they are no longer needed.
    PROGRAMME_END = "programme_end", "До окончания освоения образовательной программы"
    NO_LONGER_NEEDED = "no_longer_needed", "До минования надобности"


class RetentionRule(models.Model):
    """One line of the nomenclature. ``confirmed_at`` is empty until the head of the
    organisation checks the term against the federal list and the local act: until
    then the pages say the term «требует подтверждения»."""

    document_type = models.CharField("вид документа", max_length=300, unique=True)
    term = models.CharField("срок хранения", max_length=20, choices=RetentionTerm.choices)
    years = models.PositiveSmallIntegerField(
        "лет", null=True, blank=True, help_text="Только для срока «Определённое число лет»."
    )
    legal_basis = models.CharField(
        "основание",
        max_length=500,
        help_text="Статья перечня или пункт локального акта, например «Перечень, утв. "
        "приказом Росархива от 20.12.2019 № 236, ст. …».",
    )
    confirmed_at = models.DateTimeField("подтверждён", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кем подтверждён",
    )

    class Meta:
        # «Выберите вид документа для изменения», «Добавить вид документа»: the
        # admin puts the name in the accusative, which for «вид» is the nominative.
        verbose_name = "вид документа"
        verbose_name_plural = "номенклатура дел: сроки хранения"
        ordering = ["document_type"]
        constraints = [
            models.CheckConstraint(
                # years__isnull first: a NULL compared with 1 is unknown, which a CHECK
                # lets through.
                condition=Q(term=RetentionTerm.YEARS, years__isnull=False, years__gte=1)
                & Q(years__lte=100)
                | (~Q(term=RetentionTerm.YEARS) & Q(years__isnull=True)),
                name="retention_rule_years_with_term",
                violation_error_message="Число лет (от 1 до 100) указывается только для срока "
                "«Определённое число лет», и для него обязательно.",
            ),
            models.CheckConstraint(
                condition=Q(confirmed_at__isnull=True, confirmed_by__isnull=True)
                | Q(confirmed_at__isnull=False, confirmed_by__isnull=False),
                name="retention_rule_confirmed_by_whom",
                violation_error_message="Подтверждение записывается вместе с тем, кто подтвердил.",
            ),
        ]

    def __str__(self):
        return self.document_type

    @property
    def term_text(self) -> str:
        if self.term == RetentionTerm.YEARS:
            return f"{self.years} {_years_word(self.years)}"
        return RetentionTerm(self.term).label


def _years_word(n: int) -> str:
    if n % 10 == 1 and n % 100 != 11:
        return "год"
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return "года"
    return "лет"
