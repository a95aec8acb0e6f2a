"""People: the roles they hold, staff, learners (with the history of their status),
legal representatives, and the subjects a learner chose for the state exam."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from common.models import HistoryRow
from learners.models.programmes import Subject
from learners.models.years import AcademicYear


class Role(models.TextChoices):
    """Roles are Django groups named by these labels; scope comes from domain data."""

    TEACHER = "teacher", "Учитель"
    CLASS_TEACHER = "class_teacher", "Классный руководитель"
    DEPUTY = "deputy", "Заместитель директора"
    DIRECTOR = "director", "Директор"
    CLERK = "clerk", "Делопроизводитель"
    PARENT = "parent", "Родитель (законный представитель)"
    LEARNER = "learner", "Обучающийся"
    CUSTOMER = "customer", "Заказчик"
    ADMINISTRATOR = "administrator", "Администратор"


class Person(models.Model):
    last_name = models.CharField("фамилия", max_length=100)
    first_name = models.CharField("имя", max_length=100)
    patronymic = models.CharField("отчество", max_length=100, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def short_name(self):
        initials = "".join(f"{p[0]}." for p in (self.first_name, self.patronymic) if p)
        return f"{self.last_name} {initials}"


class Staff(Person):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="staff",
        verbose_name="учётная запись",
    )
    position = models.CharField("должность", max_length=200)
    is_active = models.BooleanField("работает", default=True)

    class Meta:
        verbose_name = "сотрудник"
        verbose_name_plural = "сотрудники"
        ordering = ["last_name", "first_name"]


class LearnerStatus(models.TextChoices):
    STUDYING = "studying", "Обучается"
    TRANSFERRED = "transferred", "Переведён в другую организацию"
    EXPELLED = "expelled", "Отчислен"
    GRADUATED = "graduated", "Завершил обучение"
    ON_LEAVE = "on_leave", "Академический отпуск"


class Sex(models.TextChoices):
    MALE = "m", "Мужской"
    FEMALE = "f", "Женский"


class Learner(Person):
    birth_date = models.DateField("дата рождения")
    sex = models.CharField("пол", max_length=1, choices=Sex.choices)
    personal_file_number = models.CharField("номер личного дела", max_length=30, unique=True)
    status = models.CharField(
        "статус", max_length=20, choices=LearnerStatus.choices, default=LearnerStatus.STUDYING
    )
    is_gifted_registered = models.BooleanField(
        "в ГИР о детях, проявивших выдающиеся способности",
        default=False,
        help_text="Может получить особые условия аттестации (Положение, пп. 1.2, 3.3).",
    )
    needs_special_conditions = models.BooleanField(
        "нуждается в специальных условиях (ОВЗ)", default=False
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="learner",
        verbose_name="учётная запись",
    )

    class Meta:
        verbose_name = "обучающийся"
        verbose_name_plural = "обучающиеся"
        ordering = ["last_name", "first_name", "patronymic"]
        indexes = [models.Index(fields=["last_name", "first_name"], name="learner_name_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_date__gt=date(1900, 1, 1)),
                name="learner_birth_date_plausible",
                violation_error_message="Проверьте дату рождения.",
            ),
        ]


class LearnerStatusChange(HistoryRow):
    """One change of a learner's status. Whether a learner still studies decides what
    may be entered for them, so the change is kept with its grounds; only
    learners.services.learner_status_change writes it, in the change's transaction."""

    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="status_changes", verbose_name="обучающийся"
    )
    old_status = models.CharField("было", max_length=20, choices=LearnerStatus.choices)
    new_status = models.CharField("стало", max_length=20, choices=LearnerStatus.choices)
    reason = models.CharField("основание", max_length=300)

    class Meta(HistoryRow.Meta):
        verbose_name = "изменение статуса обучающегося"
        verbose_name_plural = "история статусов обучающихся"
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""), name="learner_status_change_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(old_status=F("new_status")), name="learner_status_change_changes"
            ),
        ]

    def __str__(self):
        return f"{self.learner}: {self.get_old_status_display()} → {self.get_new_status_display()}"


class Guardian(Person):
    """A legal representative; always a user account, so they can sign in (R-LRN-3)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="guardian",
        verbose_name="учётная запись",
    )
    phone = models.CharField("телефон", max_length=30, blank=True)
    learners = models.ManyToManyField(
        Learner, through="Guardianship", related_name="guardians", verbose_name="дети"
    )

    class Meta:
        verbose_name = "законный представитель"
        verbose_name_plural = "законные представители"
        ordering = ["last_name", "first_name"]


class Kinship(models.TextChoices):
    MOTHER = "mother", "Мать"
    FATHER = "father", "Отец"
    TRUSTEE = "trustee", "Опекун (попечитель)"
    OTHER = "other", "Иной законный представитель"


class Guardianship(models.Model):
    learner = models.ForeignKey(
        Learner, on_delete=models.CASCADE, related_name="guardianships", verbose_name="обучающийся"
    )
    guardian = models.ForeignKey(
        Guardian,
        on_delete=models.CASCADE,
        related_name="guardianships",
        verbose_name="законный представитель",
    )
    kinship = models.CharField("кем приходится", max_length=20, choices=Kinship.choices)

    class Meta:
        verbose_name = "законное представительство"
        verbose_name_plural = "законные представители"
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "guardian"],
                name="guardianship_unique",
                violation_error_message="Этот представитель уже связан с обучающимся.",
            ),
        ]

    def __str__(self):
        return f"{self.guardian} — {self.get_kinship_display().lower()} {self.learner}"


class StateExamChoice(models.Model):
    """A subject the learner chose for the state final exam (ГИА). Such a subject is
    not credited from another organisation (000 §4.6)."""

    learner = models.ForeignKey(
        Learner,
        on_delete=models.CASCADE,
        related_name="state_exam_choices",
        verbose_name="обучающийся",
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, verbose_name="предмет")
    year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, verbose_name="учебный год экзамена"
    )

    class Meta:
        verbose_name = "предмет, выбранный для ГИА"
        verbose_name_plural = "предметы, выбранные для ГИА"
        ordering = ["learner", "subject__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "subject", "year"],
                name="state_exam_choice_unique",
                violation_error_message="Этот предмет уже отмечен как выбранный для ГИА.",
            ),
        ]

    def __str__(self):
        return f"{self.learner}: {self.subject} ({self.year})"
