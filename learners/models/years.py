"""The academic calendar: academic years and their study periods.

Two rules span rows: a period lies inside its year, and the periods of a year do not
overlap. Triggers of migration 0003_period_triggers enforce them in the database; the
``clean`` methods here check the same rules first, so that a form says in Russian which
period is in the way instead of the database refusing the save."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q


def date_range(starts_on, ends_on) -> str:
    return f"{starts_on:%d.%m.%Y}–{ends_on:%d.%m.%Y}"


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", "Четверть"
    TRIMESTER = "trimester", "Триместр"
    HALF_YEAR = "half_year", "Полугодие"
    MODULE = "module", "Модуль"


ORDINAL_ENDINGS = {
    PeriodKind.QUARTER: "я",
    PeriodKind.TRIMESTER: "й",
    PeriodKind.HALF_YEAR: "е",
    PeriodKind.MODULE: "й",
}


class AcademicYear(models.Model):
    name = models.CharField("учебный год", max_length=20, unique=True, help_text="2026/2027")
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание")
    period_kind = models.CharField(
        "деление на периоды", max_length=20, choices=PeriodKind.choices, default=PeriodKind.QUARTER
    )

    class Meta:
        verbose_name = "учебный год"
        verbose_name_plural = "учебные годы"
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")),
                name="academic_year_ends_after_start",
                violation_error_message="Учебный год должен заканчиваться позже, чем начинается.",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        # The year's trigger refuses new dates that leave a saved period outside them.
        if self.pk is None or not (self.starts_on and self.ends_on):
            return
        outside = (
            self.periods.filter(Q(starts_on__lt=self.starts_on) | Q(ends_on__gt=self.ends_on))
            .order_by("starts_on")
            .first()
        )
        if outside is not None:
            outside.year = self
            raise ValidationError(
                f"Период «{outside.name}» ({outside.dates}) выходит за новые сроки учебного "
                "года. Сначала измените сроки периода."
            )


class StudyPeriod(models.Model):
    """A quarter, trimester, half-year or module of one academic year. Triggers keep
    it inside its year and apart from the year's other periods."""

    year = models.ForeignKey(
        AcademicYear, on_delete=models.CASCADE, related_name="periods", verbose_name="учебный год"
    )
    number = models.PositiveSmallIntegerField("номер", validators=[MinValueValidator(1)])
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание")

    class Meta:
        verbose_name = "учебный период"
        verbose_name_plural = "учебные периоды"
        ordering = ["year", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"],
                name="study_period_number_unique_in_year",
                violation_error_message="Период с таким номером в этом году уже есть.",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="study_period_ends_after_start",
                violation_error_message="Период должен заканчиваться не раньше, чем начинается.",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="study_period_number_positive"),
        ]

    def __str__(self):
        return f"{self.name}, {self.year.name}"

    @property
    def name(self):
        # The ordinal agrees with the noun: 1-я четверть, 1-й триместр, 1-е полугодие.
        kind = PeriodKind(self.year.period_kind)
        return f"{self.number}-{ORDINAL_ENDINGS[kind]} {kind.label.lower()}"

    @property
    def dates(self) -> str:
        return date_range(self.starts_on, self.ends_on)

    def clean(self):
        # An inline formset of a year's periods sets this: it checks every period
        # against the others as the whole submission leaves them, which a row compared
        # with the database alone would get wrong (StudyPeriodFormSet in learners/forms.py).
        if getattr(self, "siblings_checked_by_formset", False):
            return
        if self.year_id is None or not (self.starts_on and self.ends_on and self.number):
            return
        siblings = StudyPeriod.objects.filter(year_id=self.year_id).exclude(pk=self.pk)
        error = self.placement_error(self.year, siblings)
        if error is not None:
            raise ValidationError(error)

    def placement_error(self, year: AcademicYear, siblings) -> str | None:
        """Why this period cannot stand in ``year`` beside ``siblings`` (the rules of the
        triggers), or None when it can."""
        if self.starts_on < year.starts_on or self.ends_on > year.ends_on:
            return (
                f"Период выходит за границы учебного года {year.name} "
                f"({date_range(year.starts_on, year.ends_on)})."
            )
        for other in sorted(siblings, key=lambda p: p.starts_on):
            if other.starts_on <= self.ends_on and self.starts_on <= other.ends_on:
                other.year = year
                return f"Период пересекается с периодом «{other.name}» ({other.dates})."
        return None
