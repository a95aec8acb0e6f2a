"""The electronic journal (001 §3.4): lessons, marks and attendance of current
control, period, year and final marks of attestation, state exam results, the
history of every change, period closures and exemptions from lessons."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from common.models import HistoryRow
from learners.models import AcademicYear, Learner, Staff, StudyGroup, StudyPeriod, Subject

__all__ = [
    "Attendance",
    "AttestationMethod",
    "AttestationRule",
    "CellChange",
    "Exemption",
    "JournalCell",
    "Lesson",
    "MarkKind",
    "MarkOrigin",
    "PeriodClosure",
    "PeriodMark",
    "PeriodMarkChange",
    "WorkKind",
]


class AttestationMethod(models.TextChoices):
    MEAN = "mean", "Среднее арифметическое"
    WEIGHTED = "weighted", "Средневзвешенное (с весами видов работ)"


class AttestationRule(models.Model):
    """How the journal proposes a period mark from current marks (R-JRN-4). One row
    for the organisation; the deputy edits it."""

    method = models.CharField(
        "способ расчёта",
        max_length=20,
        choices=AttestationMethod.choices,
        default=AttestationMethod.WEIGHTED,
    )
    threshold_3 = models.DecimalField(
        "«3» от среднего балла", max_digits=3, decimal_places=2, default=Decimal("2.60")
    )
    threshold_4 = models.DecimalField(
        "«4» от среднего балла", max_digits=3, decimal_places=2, default=Decimal("3.60")
    )
    threshold_5 = models.DecimalField(
        "«5» от среднего балла", max_digits=3, decimal_places=2, default=Decimal("4.60")
    )
    min_marks = models.PositiveSmallIntegerField(
        "минимум отметок за период",
        default=3,
        help_text="Если отметок меньше, предлагается «н/а».",
    )

    class Meta:
        verbose_name = "правило промежуточной аттестации"
        verbose_name_plural = "правило промежуточной аттестации"
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold_3__gt=2)
                & Q(threshold_4__gt=F("threshold_3"))
                & Q(threshold_5__gt=F("threshold_4"))
                & Q(threshold_5__lte=5),
                name="attestation_thresholds_ordered",
                violation_error_message="Пороги должны возрастать: 2 < «3» < «4» < «5» ≤ 5.",
            ),
        ]

    def __str__(self):
        return (
            f"{self.get_method_display()}; пороги {self.threshold_3}/{self.threshold_4}/"
            f"{self.threshold_5}; минимум {self.min_marks}"
        )


class WorkKind(models.Model):
    """A kind of work with its weight in the weighted mean (R-JRN-1)."""

    name = models.CharField("вид работы", max_length=100, unique=True)
    short_name = models.CharField("сокращение", max_length=10)
    weight = models.DecimalField(
        "вес",
        max_digits=3,
        decimal_places=1,
        default=Decimal("1.0"),
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("9.9"))],
    )
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "вид работы"
        verbose_name_plural = "виды работ"
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight__gt=0), name="work_kind_weight_positive",
                violation_error_message="Вес должен быть больше нуля.",
            ),
        ]  # fmt: skip

    def __str__(self):
        return f"{self.name} (вес {self.weight})"


class Lesson(models.Model):
    group = models.ForeignKey(
        StudyGroup, on_delete=models.CASCADE, related_name="lessons", verbose_name="класс"
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, verbose_name="предмет")
    period = models.ForeignKey(
        StudyPeriod, on_delete=models.PROTECT, related_name="lessons", verbose_name="период"
    )
    teacher = models.ForeignKey(
        Staff, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="учитель"
    )
    date = models.DateField("дата")
    number = models.PositiveSmallIntegerField(
        "номер урока", validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    topic = models.CharField("тема", max_length=500, blank=True)
    homework = models.CharField("домашнее задание", max_length=500, blank=True)
    work_kind = models.ForeignKey(WorkKind, on_delete=models.PROTECT, verbose_name="вид работы")

    class Meta:
        verbose_name = "урок"
        verbose_name_plural = "уроки"
        ordering = ["date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "subject", "date", "number"],
                name="lesson_unique_slot",
                violation_error_message="Урок с этим номером в этот день уже есть.",
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=12),
                name="lesson_number_range",
                violation_error_message="Номер урока — от 1 до 12.",
            ),
        ]
        indexes = [models.Index(fields=["group", "subject", "period"], name="lesson_journal_idx")]

    def __str__(self):
        return f"{self.subject}, {self.group}, {self.date:%d.%m.%Y} ({self.number}-й урок)"


class Attendance(models.TextChoices):
    ABSENT = "н", "н — отсутствовал"
    ILL = "б", "б — болел"
    EXCUSED = "уп", "уп — уважительная причина"
    LATE = "оп", "оп — опоздал"


class JournalCell(models.Model):
    """One learner at one lesson: the marks of current control ("5/4") and the
    attendance code. ``version`` grows with every save so a stale save is refused."""

    lesson = models.ForeignKey(
        Lesson, on_delete=models.CASCADE, related_name="cells", verbose_name="урок"
    )
    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="journal_cells", verbose_name="обучающийся"
    )
    marks = models.CharField("отметки", max_length=40, blank=True)
    attendance = models.CharField(
        "посещаемость", max_length=2, choices=Attendance.choices, blank=True
    )
    version = models.PositiveIntegerField("версия", default=1)
    updated_at = models.DateTimeField("изменено", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="кем"
    )

    class Meta:
        verbose_name = "отметка и посещаемость"
        verbose_name_plural = "отметки и посещаемость"
        constraints = [
            models.UniqueConstraint(fields=["lesson", "learner"], name="journal_cell_unique"),
        ]

    def __str__(self):
        return self.text

    @property
    def text(self):
        return "/".join(p for p in (self.attendance, self.marks) if p)


class CellChange(HistoryRow):
    """History of a journal cell (R-JRN-6). Written by the saving service in the
    same transaction; never edited or deleted through the product."""

    cell = models.ForeignKey(
        JournalCell, on_delete=models.PROTECT, related_name="changes", verbose_name="ячейка"
    )
    old_marks = models.CharField("было: отметки", max_length=40, blank=True)
    new_marks = models.CharField("стало: отметки", max_length=40, blank=True)
    old_attendance = models.CharField("было: посещаемость", max_length=2, blank=True)
    new_attendance = models.CharField("стало: посещаемость", max_length=2, blank=True)
    reason = models.CharField("причина", max_length=500, blank=True)

    class Meta:
        verbose_name = "изменение отметки"
        verbose_name_plural = "история отметок"
        ordering = ["-changed_at", "-pk"]
        # The history admin lists the latest changes first: with this index a page of
        # them is read off its end instead of sorting the whole, ever-growing history.
        indexes = [models.Index(fields=["-changed_at", "-id"], name="cell_change_recent_idx")]

    def __str__(self):
        return f"{self.old_text or '—'} → {self.new_text or '—'}"

    @property
    def old_text(self):
        return "/".join(p for p in (self.old_attendance, self.old_marks) if p)

    @property
    def new_text(self):
        return "/".join(p for p in (self.new_attendance, self.new_marks) if p)


class MarkKind(models.TextChoices):
    PERIOD = "period", "За период"
    YEAR = "year", "Годовая"
    FINAL = "final", "Итоговая"


class MarkOrigin(models.TextChoices):
    SCHOOL = "school", "Выставлена в организации"
    CREDITED = "credited", "Зачтена из другой организации"


class PeriodMark(models.Model):
    """A mark of intermediate attestation (for a period or the year) or a final mark.
    ``proposed`` keeps what the journal suggested when the teacher decided. A mark
    credited from another organisation (000 §5.2–5.4) keeps where it came from and
    what it was there, so it is never mistaken for a mark given here."""

    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="period_marks", verbose_name="обучающийся"
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, verbose_name="предмет")
    year = models.ForeignKey(AcademicYear, on_delete=models.PROTECT, verbose_name="учебный год")
    kind = models.CharField("вид", max_length=10, choices=MarkKind.choices)
    period = models.ForeignKey(
        StudyPeriod, on_delete=models.PROTECT, null=True, blank=True, verbose_name="период"
    )
    value = models.CharField("отметка", max_length=10, blank=True)
    proposed = models.CharField("предложено журналом", max_length=10, blank=True)
    reason = models.CharField("обоснование", max_length=500, blank=True)
    origin = models.CharField(
        "происхождение", max_length=10, choices=MarkOrigin.choices, default=MarkOrigin.SCHOOL
    )
    credit_source = models.CharField("где получен результат", max_length=500, blank=True)
    credit_original = models.CharField("результат там", max_length=200, blank=True)
    credit_reference = models.CharField("основание зачёта", max_length=300, blank=True)
    # A gifted learner's achievement credited as this mark (000 §1.2, §3.3). RESTRICT, not
    # PROTECT: the archive keeps the source as long as the mark, and both go only together
    # with the learner.
    credit_achievement = models.ForeignKey(
        "achievements.Achievement",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="credited_marks",
        verbose_name="зачтённое достижение",
    )
    version = models.PositiveIntegerField("версия", default=1)
    updated_at = models.DateTimeField("изменено", auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="кем"
    )

    class Meta:
        verbose_name = "отметка промежуточной (итоговой) аттестации"
        verbose_name_plural = "отметки аттестации"
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "subject", "period"],
                condition=Q(kind="period"),
                name="period_mark_unique",
            ),
            models.UniqueConstraint(
                fields=["learner", "subject", "year", "kind"],
                condition=~Q(kind="period"),
                name="year_mark_unique",
            ),
            models.CheckConstraint(
                condition=Q(kind="period", period__isnull=False)
                | (~Q(kind="period") & Q(period__isnull=True)),
                name="period_mark_has_period",
            ),
            models.CheckConstraint(
                condition=Q(origin="school") | ~Q(credit_source=""),
                name="period_mark_credit_has_source",
                violation_error_message="У зачтённой отметки должна быть указана организация.",
            ),
        ]

    def __str__(self):
        return f"{self.learner}: {self.subject} — {self.value}"

    @property
    def is_credited(self):
        return self.origin == MarkOrigin.CREDITED

    @property
    def credit_note(self) -> str:
        """What a person sees when pointing at a credited mark."""
        if not self.is_credited:
            return ""
        if self.credit_achievement_id is not None:
            parts = [f"Зачтено индивидуальное достижение: {self.credit_source}"]
            if self.credit_original:
                parts.append(self.credit_original.lower())
        else:
            parts = [f"Зачтено из другой организации: {self.credit_source}"]
            if self.credit_original:
                parts.append(f"результат там: {self.credit_original}")
        if self.credit_reference:
            parts.append(self.credit_reference)
        return "; ".join(parts)


class PeriodMarkChange(HistoryRow):
    mark = models.ForeignKey(
        PeriodMark, on_delete=models.PROTECT, related_name="changes", verbose_name="отметка"
    )
    old_value = models.CharField("было", max_length=10, blank=True)
    new_value = models.CharField("стало", max_length=10, blank=True)
    proposed = models.CharField("предложено", max_length=10, blank=True)
    reason = models.CharField("причина", max_length=500, blank=True)

    class Meta:
        verbose_name = "изменение отметки аттестации"
        verbose_name_plural = "история отметок аттестации"
        ordering = ["-changed_at", "-pk"]
        indexes = [
            models.Index(fields=["-changed_at", "-id"], name="period_mark_change_recent_idx")
        ]

    def __str__(self):
        return f"{self.old_value or '—'} → {self.new_value or '—'}"


class PeriodClosureQuerySet(models.QuerySet):
    def in_force(self):
        """Closures not reopened: a period is closed while it has one of these."""
        return self.filter(reopened_at__isnull=True)

    def covering(self, *, period, group):
        """Closures in force that close ``period`` for ``group`` (theirs or the whole
        organisation's). Both may be model instances, ids or OuterRef expressions."""
        return self.in_force().filter(period=period).filter(Q(group__isnull=True) | Q(group=group))


class PeriodClosure(models.Model):
    """A closed study period (R-JRN-5), for one group or (group empty) for the whole
    organisation. Closed marks change only by the deputy, with a written reason.
    Reopening keeps the row — who reopened it, when and why stay beside who closed
    it — and the period can be closed again later with a new row."""

    period = models.ForeignKey(
        StudyPeriod, on_delete=models.CASCADE, related_name="closures", verbose_name="период"
    )
    group = models.ForeignKey(
        StudyGroup,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closures",
        verbose_name="класс (пусто — вся организация)",
    )
    closed_at = models.DateTimeField("закрыт", auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="кем"
    )
    reopened_at = models.DateTimeField("открыт снова", null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="кем открыт",
    )
    reopen_reason = models.CharField("причина открытия", max_length=500, blank=True)

    objects = PeriodClosureQuerySet.as_manager()

    class Meta:
        verbose_name = "закрытие периода"
        verbose_name_plural = "закрытые периоды"
        ordering = ["-closed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "group"],
                condition=Q(reopened_at__isnull=True),
                name="period_closure_unique_group_in_force",
                violation_error_message="Этот период уже закрыт.",
            ),
            models.UniqueConstraint(
                fields=["period"],
                condition=Q(group__isnull=True, reopened_at__isnull=True),
                name="period_closure_unique_whole_in_force",
                violation_error_message="Этот период уже закрыт.",
            ),
            models.CheckConstraint(
                condition=Q(reopened_at__isnull=True, reopened_by__isnull=True, reopen_reason="")
                | (Q(reopened_at__isnull=False, reopened_by__isnull=False) & ~Q(reopen_reason="")),
                name="period_closure_reopen_complete",
                violation_error_message="Открытие периода записывается с тем, кто, когда и "
                "почему его открыл.",
            ),
        ]

    def __str__(self):
        return f"{self.period} — {self.group or 'вся организация'}"

    @property
    def in_force(self) -> bool:
        return self.reopened_at is None


class Exemption(models.Model):
    """A learner exempt from a subject's lessons (credited from another organisation,
    000 §5.4–5.6) from ``starts_on`` until ``ends_on``; their journal cells refuse
    marks and show as exempt. Ending an exemption keeps the row: who ended it, when
    and why stay beside who started it."""

    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="exemptions", verbose_name="обучающийся"
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, verbose_name="предмет")
    starts_on = models.DateField("с")
    ends_on = models.DateField("по", null=True, blank=True)
    order_reference = models.CharField("приказ (номер, дата)", max_length=100)
    source = models.CharField("основание", max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="внёс",
    )
    created_at = models.DateTimeField("внесено", auto_now_add=True, null=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="прекратил",
    )
    end_reason = models.CharField("причина прекращения", max_length=500, blank=True)

    class Meta:
        verbose_name = "освобождение от посещения уроков"
        verbose_name_plural = "освобождения от посещения уроков"
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="exemption_ends_after_start",
                violation_error_message="Освобождение не может закончиться раньше, чем началось.",
            ),
        ]

    def __str__(self):
        return f"{self.learner}: {self.subject} с {self.starts_on:%d.%m.%Y}"
