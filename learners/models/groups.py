"""Groups and who is in them: classes and associations, customers who pay for
training, enrollments (with who opened and closed each) and teaching assignments."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from learners.models.people import Learner, Staff
from learners.models.programmes import Programme, StudyForm, Subject
from learners.models.years import AcademicYear


class StudyGroup(models.Model):
    """A class, an association (объединение) or a training group in one academic year."""

    year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="groups", verbose_name="учебный год"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="groups", verbose_name="программа"
    )
    grade = models.PositiveSmallIntegerField("год (класс) обучения")
    name = models.CharField("наименование", max_length=50, help_text="Например, 5А")
    class_teacher = models.ForeignKey(
        Staff,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="homeroom_groups",
        verbose_name="классный руководитель (куратор)",
    )

    class Meta:
        verbose_name = "класс (группа)"
        verbose_name_plural = "классы (группы)"
        ordering = ["year", "grade", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "name"],
                name="study_group_name_unique_in_year",
                violation_error_message="Класс с таким наименованием в этом году уже есть.",
            ),
        ]

    def __str__(self):
        return self.name


class Customer(models.Model):
    """An employer or other customer paying for training (004 §1.4); its users see the
    learners enrolled under its contracts."""

    name = models.CharField("наименование", max_length=300, unique=True)
    inn = models.CharField("ИНН", max_length=12, blank=True)
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="customers",
        blank=True,
        verbose_name="представители заказчика",
    )

    class Meta:
        verbose_name = "заказчик"
        verbose_name_plural = "заказчики"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Enrollment(models.Model):
    """A learner's stay in a group. A transfer ends one enrollment and opens another:
    history is kept, never overwritten, because it is a ground for credit transfer."""

    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="enrollments", verbose_name="обучающийся"
    )
    group = models.ForeignKey(
        StudyGroup,
        on_delete=models.PROTECT,
        related_name="enrollments",
        verbose_name="класс (группа)",
    )
    # Copied from the group so that "one active enrollment per programme" is a
    # database constraint rather than a hope.
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, verbose_name="программа")
    study_form = models.CharField(
        "форма обучения", max_length=20, choices=StudyForm.choices, default=StudyForm.FULL_TIME
    )
    customer = models.ForeignKey(
        Customer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrollments",
        verbose_name="заказчик",
    )
    started_on = models.DateField("зачислен")
    ended_on = models.DateField("выбыл", null=True, blank=True)
    order_reference = models.CharField("приказ (номер, дата)", max_length=100, blank=True)
    end_reason = models.CharField("причина выбытия", max_length=300, blank=True)
    # Who put the enrollment on record and who closed it, and when: set by the services
    # of learners.services. Empty on rows made before they were kept.
    opened_at = models.DateTimeField("зачисление оформлено", null=True, editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name="кто оформил зачисление",
    )
    closed_at = models.DateTimeField("выбытие оформлено", null=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        verbose_name="кто оформил выбытие",
    )

    class Meta:
        verbose_name = "зачисление"
        verbose_name_plural = "зачисления (история)"
        ordering = ["learner", "started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "programme"],
                condition=Q(ended_on__isnull=True),
                name="enrollment_one_active_per_programme",
                violation_error_message="Обучающийся уже зачислен на эту программу.",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="enrollment_ends_after_start",
                violation_error_message="Дата выбытия не может быть раньше даты зачисления.",
            ),
        ]

    def __str__(self):
        return f"{self.learner} — {self.group}"

    @property
    def is_active(self):
        return self.ended_on is None


class TeachingAssignment(models.Model):
    """Teacher × subject × group (the group carries the year): what a teacher may
    enter marks for."""

    teacher = models.ForeignKey(
        Staff, on_delete=models.PROTECT, related_name="assignments", verbose_name="учитель"
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, verbose_name="предмет")
    group = models.ForeignKey(
        StudyGroup,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name="класс (группа)",
    )

    class Meta:
        verbose_name = "педагогическая нагрузка"
        verbose_name_plural = "педагогическая нагрузка"
        ordering = ["group", "subject__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["teacher", "subject", "group"],
                name="teaching_assignment_unique",
                violation_error_message="Этот учитель уже ведёт этот предмет в этом классе.",
            ),
        ]

    def __str__(self):
        return f"{self.teacher.short_name}: {self.subject}, {self.group}"
