"""What is taught and how it is marked: programmes, grading scales, subjects and the
curriculum."""

from django.db import models
from django.db.models import F, Q


class ProgrammeLevel(models.TextChoices):
    PRIMARY = "noo", "Начальное общее образование (НОО)"
    BASIC = "ooo", "Основное общее образование (ООО)"
    SECONDARY = "soo", "Среднее общее образование (СОО)"
    ADDITIONAL_DEVELOPING = "dop_dev", "Дополнительная общеразвивающая программа"
    ADDITIONAL_PREPROFESSIONAL = "dop_pre", "Дополнительная предпрофессиональная программа"
    ADVANCED_TRAINING = "dpp_pk", "ДПП повышения квалификации"
    RETRAINING = "dpp_pp", "ДПП профессиональной переподготовки"
    PROFESSIONAL_TRAINING = "po", "Программа профессионального обучения"

    @classmethod
    def general(cls) -> frozenset["ProgrammeLevel"]:
        """The levels of general education: a learner's class (5А) is a group of one of
        them, a club or a course is not."""
        return frozenset({cls.PRIMARY, cls.BASIC, cls.SECONDARY})

    @classmethod
    def training(cls) -> frozenset["ProgrammeLevel"]:
        """The programmes of a training company (ДПП, профессиональное обучение): taught
        in modules, each with its own result, and ended by a commission (004 §2.3–2.4)."""
        return frozenset({cls.ADVANCED_TRAINING, cls.RETRAINING, cls.PROFESSIONAL_TRAINING})


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
    # A course of the plan of extracurricular activity (000 §3.2): journalled and
    # recorded like a subject, but kept out of subject averages and academic debts.
    EXTRACURRICULAR = "extracurricular", "Курс внеурочной деятельности"

    @classmethod
    def academic(cls, prefix: str = "subject__") -> Q:
        """The subjects whose results count as learning results proper (учебные
        достижения, 000 §3.2.1): progress and quality, means, debts and rewards count
        these; a course of extracurricular activity is recorded but not among them."""
        return ~Q(**{f"{prefix}kind": cls.EXTRACURRICULAR})


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
