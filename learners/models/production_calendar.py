"""The production calendar: the days that differ from a plain Monday-to-Friday week
(learners/calendar.py counts working days by them)."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", "Нерабочий праздничный день"
    DAY_OFF = "day_off", "Выходной день (перенос)"
    WORKING = "working", "Рабочий день (перенос выходного)"


class CalendarYear(models.Model):
    """A year of the production calendar. Created filled from the ``holidays``
    package (learners/calendar.py); the deputy then edits its days when the
    government moves a day off."""

    year = models.PositiveSmallIntegerField(
        "год", unique=True, validators=[MinValueValidator(2000)]
    )
    filled_at = models.DateTimeField("заполнен", auto_now_add=True)

    class Meta:
        verbose_name = "производственный календарь"
        verbose_name_plural = "производственный календарь"
        ordering = ["-year"]

    def __str__(self):
        return f"Производственный календарь на {self.year} год"


class CalendarDay(models.Model):
    """A day that differs from the plain week: a holiday or moved day off that falls
    on a weekday, or a Saturday or Sunday made a working day. Every other Monday to
    Friday is a working day, every other Saturday and Sunday is not."""

    calendar = models.ForeignKey(
        CalendarYear, on_delete=models.CASCADE, related_name="days", verbose_name="год"
    )
    day = models.DateField("дата", unique=True)
    kind = models.CharField("вид", max_length=10, choices=CalendarDayKind.choices)
    name = models.CharField("наименование", max_length=200, blank=True)

    class Meta:
        verbose_name = "особый день календаря"
        verbose_name_plural = "особые дни календаря"
        ordering = ["day"]

    def __str__(self):
        return f"{self.day:%d.%m.%Y} — {self.get_kind_display().lower()}"

    def clean(self):
        if self.day and self.calendar_id and self.day.year != self.calendar.year:
            raise ValidationError({"day": f"Дата должна быть в {self.calendar.year} году."})
