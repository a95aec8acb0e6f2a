"""Who learns, where and under which rules: the organisation, its years and periods,
programmes, subjects and curriculum, groups and enrollments, learners, guardians and
staff. Rules that span rows (a period inside its year, periods that do not overlap)
are enforced by database triggers, see migration 0002."""

from datetime import date

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q


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


class OrganisationKind(models.TextChoices):
    SCHOOL = "school", "Общеобразовательная организация"
    ADDITIONAL = "additional", "Организация дополнительного образования"
    TRAINING = "training", "Организация, осуществляющая обучение (ДПО, профобучение)"


# Terms the interface and documents use for each kind of organisation (R-ORG-6).
TERMS = {
    OrganisationKind.SCHOOL: {
        "learner": "обучающийся",
        "learners": "обучающиеся",
        "group": "класс",
        "groups": "классы",
        "document": "аттестат",
    },
    OrganisationKind.ADDITIONAL: {
        "learner": "учащийся",
        "learners": "учащиеся",
        "group": "объединение",
        "groups": "объединения",
        "document": "свидетельство",
    },
    OrganisationKind.TRAINING: {
        "learner": "слушатель",
        "learners": "слушатели",
        "group": "учебная группа",
        "groups": "учебные группы",
        "document": "удостоверение",
    },
}

digits = {
    10: RegexValidator(r"^\d{10}$", "ИНН организации — 10 цифр."),
    9: RegexValidator(r"^\d{9}$", "КПП — 9 цифр."),
    13: RegexValidator(r"^\d{13}$", "ОГРН — 13 цифр."),
}


class Organisation(models.Model):
    """Requisites printed on every document (R-ORG-1). One row per installation."""

    kind = models.CharField(
        "тип организации",
        max_length=20,
        choices=OrganisationKind.choices,
        default=OrganisationKind.SCHOOL,
    )
    full_name = models.CharField("полное наименование", max_length=500)
    short_name = models.CharField("сокращённое наименование", max_length=200)
    inn = models.CharField("ИНН", max_length=10, validators=[digits[10]])
    kpp = models.CharField("КПП", max_length=9, blank=True, validators=[digits[9]])
    ogrn = models.CharField("ОГРН", max_length=13, validators=[digits[13]])
    address = models.CharField("адрес", max_length=500)
    phone = models.CharField("телефон", max_length=50, blank=True)
    email = models.EmailField("электронная почта", blank=True)
    director_name = models.CharField("руководитель (ФИО)", max_length=200)
    director_title = models.CharField("должность руководителя", max_length=100, default="Директор")
    licence_number = models.CharField("номер лицензии", max_length=100)
    licence_date = models.DateField("дата лицензии")
    accreditation_number = models.CharField(
        "номер свидетельства об аккредитации", max_length=100, blank=True
    )
    accreditation_date = models.DateField("дата аккредитации", null=True, blank=True)
    logo = models.ImageField("логотип", upload_to="organisation/", blank=True)

    class Meta:
        verbose_name = "организация"
        verbose_name_plural = "организация"
        constraints = [
            models.CheckConstraint(
                condition=Q(accreditation_number="") | Q(accreditation_date__isnull=False),
                name="organisation_accreditation_dated",
                violation_error_message="Укажите дату свидетельства об аккредитации.",
            ),
        ]

    def __str__(self):
        return self.short_name

    @property
    def terms(self):
        return TERMS[OrganisationKind(self.kind)]


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


class ProgrammeLevel(models.TextChoices):
    PRIMARY = "noo", "Начальное общее образование (НОО)"
    BASIC = "ooo", "Основное общее образование (ООО)"
    SECONDARY = "soo", "Среднее общее образование (СОО)"
    ADDITIONAL_DEVELOPING = "dop_dev", "Дополнительная общеразвивающая программа"
    ADDITIONAL_PREPROFESSIONAL = "dop_pre", "Дополнительная предпрофессиональная программа"
    ADVANCED_TRAINING = "dpp_pk", "ДПП повышения квалификации"
    RETRAINING = "dpp_pp", "ДПП профессиональной переподготовки"
    PROFESSIONAL_TRAINING = "po", "Программа профессионального обучения"


class StudyForm(models.TextChoices):
    FULL_TIME = "full_time", "Очная"
    PART_TIME = "part_time", "Очно-заочная"
    EXTRAMURAL = "extramural", "Заочная"


class Programme(models.Model):
    name = models.CharField("наименование", max_length=300)
    level = models.CharField("вид программы", max_length=20, choices=ProgrammeLevel.choices)
    study_form = models.CharField(
        "форма обучения", max_length=20, choices=StudyForm.choices, default=StudyForm.FULL_TIME
    )
    is_network = models.BooleanField("сетевая форма реализации", default=False)
    uses_distance_learning = models.BooleanField(
        "с применением дистанционных технологий", default=False
    )
    first_grade = models.PositiveSmallIntegerField("первый год (класс) обучения", default=1)
    last_grade = models.PositiveSmallIntegerField("последний год (класс) обучения", default=1)
    total_hours = models.PositiveIntegerField("объём, часов", null=True, blank=True)

    class Meta:
        verbose_name = "образовательная программа"
        verbose_name_plural = "образовательные программы"
        ordering = ["first_grade", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "level"],
                name="programme_unique_name",
                violation_error_message="Программа с таким наименованием уже есть.",
            ),
            models.CheckConstraint(
                condition=Q(last_grade__gte=F("first_grade")),
                name="programme_grades_ordered",
                violation_error_message="Последний год обучения не может быть раньше первого.",
            ),
        ]

    def __str__(self):
        return self.name


class ScaleKind(models.TextChoices):
    FIVE_POINT = "five_point", "Пятибалльная"
    PASS_FAIL = "pass_fail", "Зачёт / незачёт"
    MASTERED = "mastered", "Освоено / не освоено"
    LEVELS = "levels", "Уровни (высокий, средний, низкий)"
    POINTS = "points", "Баллы (0–100)"


class GradingScale(models.Model):
    """A grading scale as data (R-ORG-4). Its allowed values are ScaleValue rows; a
    points scale also accepts any whole number between min_points and max_points."""

    code = models.SlugField("код", max_length=30, unique=True)
    name = models.CharField("наименование", max_length=100)
    kind = models.CharField("вид", max_length=20, choices=ScaleKind.choices)
    min_points = models.PositiveSmallIntegerField("минимум баллов", null=True, blank=True)
    max_points = models.PositiveSmallIntegerField("максимум баллов", null=True, blank=True)
    pass_points = models.PositiveSmallIntegerField("проходной балл", null=True, blank=True)

    class Meta:
        verbose_name = "шкала оценивания"
        verbose_name_plural = "шкалы оценивания"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=ScaleKind.POINTS)
                | Q(min_points__isnull=False, max_points__gt=F("min_points")),
                name="grading_scale_points_bounds",
                violation_error_message="Для шкалы баллов укажите минимум и максимум.",
            ),
        ]

    def __str__(self):
        return self.name


class ScaleValue(models.Model):
    """One mark a scale allows (e.g. «5», «зач»), or a special code (н/а, осв., зач.)
    that any scale accepts at attestation."""

    scale = models.ForeignKey(
        GradingScale, on_delete=models.CASCADE, related_name="values", verbose_name="шкала"
    )
    code = models.CharField("обозначение", max_length=10)
    label = models.CharField("расшифровка", max_length=100)
    numeric = models.DecimalField(
        "числовое значение", max_digits=5, decimal_places=2, null=True, blank=True
    )
    is_passing = models.BooleanField("положительный результат", default=True)
    is_special = models.BooleanField(
        "специальный код", default=False, help_text="н/а, осв., зач. — не отметка"
    )
    is_enabled = models.BooleanField("используется", default=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "значение шкалы"
        verbose_name_plural = "значения шкалы"
        ordering = ["scale", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "code"],
                name="scale_value_code_unique",
                violation_error_message="Такое обозначение в шкале уже есть.",
            ),
        ]

    def __str__(self):
        return self.code


class SubjectKind(models.TextChoices):
    SUBJECT = "subject", "Учебный предмет"
    COURSE = "course", "Курс"
    DISCIPLINE = "discipline", "Дисциплина"
    MODULE = "module", "Модуль"
    PRACTICE = "practice", "Практика"


class Subject(models.Model):
    name = models.CharField("наименование", max_length=200, unique=True)
    short_name = models.CharField("краткое наименование", max_length=50, blank=True)
    kind = models.CharField(
        "вид", max_length=20, choices=SubjectKind.choices, default=SubjectKind.SUBJECT
    )
    subject_area = models.CharField("предметная область", max_length=200, blank=True)
    grading_scale = models.ForeignKey(
        GradingScale, on_delete=models.PROTECT, verbose_name="шкала оценивания"
    )

    class Meta:
        verbose_name = "учебный предмет"
        verbose_name_plural = "учебные предметы"
        ordering = ["name"]

    def __str__(self):
        return self.name


class CurriculumLine(models.Model):
    """One line of the curriculum: subject × programme × year of study → hours."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="curriculum", verbose_name="программа"
    )
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, verbose_name="предмет")
    grade = models.PositiveSmallIntegerField("год (класс) обучения")
    hours = models.PositiveSmallIntegerField("часов в год")
    is_state_exam_mandatory = models.BooleanField(
        "обязательный для ГИА",
        default=False,
        help_text="Результаты по такому предмету не засчитываются (Положение, п. 4.6).",
    )

    class Meta:
        verbose_name = "строка учебного плана"
        verbose_name_plural = "учебный план"
        ordering = ["programme", "grade", "subject__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "subject", "grade"],
                name="curriculum_line_unique",
                violation_error_message="Этот предмет уже есть в учебном плане этого года.",
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0),
                name="curriculum_hours_positive",
                violation_error_message="Количество часов должно быть больше нуля.",
            ),
        ]

    def __str__(self):
        return f"{self.programme}: {self.subject}, {self.grade} год — {self.hours} ч"


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
        from django.core.exceptions import ValidationError

        if self.day and self.calendar_id and self.day.year != self.calendar.year:
            raise ValidationError({"day": f"Дата должна быть в {self.calendar.year} году."})


class PasswordResetRequest(models.Model):
    """One request for a password-reset letter. Kept for a day so that the letters an
    address, or a client, may ask for can be counted (learners.services)."""

    email = models.CharField("адрес", max_length=254, db_index=True)
    client = models.GenericIPAddressField("откуда", null=True, blank=True)
    requested_at = models.DateTimeField("когда", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "запрос на восстановление пароля"
        verbose_name_plural = "запросы на восстановление пароля"

    def __str__(self):
        return f"{self.email} {self.requested_at:%d.%m.%Y %H:%M}"
