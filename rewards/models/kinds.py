"""What a reward may be (R-RW-1), on what grounds (R-RW-2), and the organisation's own
criteria for proposing candidates (R-RW-4, R-RW-7): data and settings, not code."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q

__all__ = ["Ground", "Layout", "Nominators", "RewardKind", "RewardRule"]


class Ground(models.TextChoices):
    """The grounds of 273-FZ art. 34 as the seeds quote them (002 §3.3, 003 §2.2.10)."""

    STUDY = "study", "Успехи в учебной деятельности"
    PHYSICAL = "physical", "Успехи в физкультурной деятельности"
    SPORT = "sport", "Успехи в спортивной деятельности"
    SOCIAL = "social", "Успехи в общественной деятельности"
    SCIENTIFIC = "scientific", "Успехи в научной деятельности"
    TECHNICAL = "technical", "Успехи в научно-технической деятельности"
    CREATIVE = "creative", "Успехи в творческой деятельности"
    EXPERIMENTAL = "experimental", "Успехи в экспериментальной деятельности"
    INNOVATIVE = "innovative", "Успехи в инновационной деятельности"


class Nominators(models.TextChoices):
    """Who may put a learner forward for a kind of reward."""

    TEACHERS = "teachers", "Учитель, классный руководитель, администрация"
    CLASS_TEACHER = "class_teacher", "Классный руководитель, администрация"
    ADMINISTRATION = "administration", "Только администрация (заместитель директора, директор)"


class Layout(models.TextChoices):
    """The printed form of the certificate (templates/rewards/pdf/)."""

    CERTIFICATE = "certificate", "Грамота"
    GRATITUDE = "gratitude", "Благодарность"
    SHEET = "sheet", "Похвальный лист"
    DIPLOMA = "diploma", "Диплом"
    LETTER = "letter", "Благодарственное письмо родителям"
    NOTICE = "notice", "Выписка из приказа"


class RewardKind(models.Model):
    """A kind of reward (R-RW-1). The candidate rules find kinds by ``code``; the rest
    is the organisation's to change."""

    code = models.SlugField("код", max_length=40, unique=True)
    name = models.CharField("наименование", max_length=200, unique=True)
    nominators = models.CharField(
        "кто представляет", max_length=20, choices=Nominators.choices, default=Nominators.TEACHERS
    )
    needs_order = models.BooleanField(
        "нужен приказ директора",
        default=True,
        help_text="Без приказа поощрение утверждает заместитель директора или директор.",
    )
    layout = models.CharField(
        "форма бланка", max_length=20, choices=Layout.choices, default=Layout.CERTIFICATE
    )
    for_subject = models.BooleanField(
        "по учебному предмету", default=False, help_text="например, похвальная грамота"
    )
    to_parents = models.BooleanField("адресовано родителям", default=False)
    criteria = models.TextField(
        "критерии (по локальному акту организации)",
        blank=True,
        help_text="Печатается на странице кандидатов: по какому положению и за что.",
    )
    is_active = models.BooleanField("используется", default=True)
    order = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "вид поощрения"
        verbose_name_plural = "виды поощрений"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class RewardRule(models.Model):
    """The organisation's criteria for proposing candidates. One row; the deputy edits
    it. The medal thresholds default to the order of the Ministry of Enlightenment
    No. 730 of 29.09.2023; the rest to what the organisation's regulation says."""

    excellent_mark = models.CharField(
        "отметка «отлично»",
        max_length=10,
        default="5",
        help_text="Годовая (итоговая) отметка, которая считается «отлично».",
    )
    good_mark = models.CharField("отметка «хорошо»", max_length=10, default="4")
    excellence_grades = models.CharField(
        "классы для похвального листа",
        max_length=100,
        default="2,3,4,5,6,7,8,10",
        blank=True,
        validators=[
            RegexValidator(
                r"^\s*(\d{1,2}\s*(,\s*\d{1,2}\s*)*)?$",
                "Перечислите классы числами через запятую, например: 2,3,4,10.",
            )
        ],
        help_text="Годы (классы) обучения через запятую; пусто — во всех. Выпускникам 9 и "
        "11 классов вместо похвального листа выдаётся аттестат с отличием.",
    )
    subject_levels = models.CharField(
        "уровень олимпиады для похвальной грамоты",
        max_length=200,
        default="municipal,regional,interregional,all_russian,international",
        help_text="Уровни через запятую: municipal, regional, interregional, all_russian, "
        "international.",
    )
    certificate_levels = models.CharField(
        "уровень олимпиад и конкурсов для грамоты",
        max_length=200,
        default="municipal,regional,interregional,all_russian,international",
    )
    certificate_categories = models.CharField(
        "категории достижений для грамоты",
        max_length=300,
        default="olympiad,contest,professional",
        help_text="Коды категорий достижений через запятую: олимпиады и конкурсы.",
    )
    activity_min = models.PositiveSmallIntegerField(
        "подтверждённых записей о волонтёрстве и самоуправлении для благодарности",
        default=3,
    )
    activity_categories = models.CharField(
        "категории достижений для благодарности",
        max_length=300,
        default="volunteering,self_government",
        help_text="Коды категорий достижений через запятую.",
    )
    graduate_grade = models.PositiveSmallIntegerField("выпускной класс (медали)", default=11)
    medal1_russian = models.PositiveSmallIntegerField(
        "медаль I степени: баллов ЕГЭ по русскому языку, не менее", default=70
    )
    medal1_other = models.PositiveSmallIntegerField(
        "медаль I степени: баллов ЕГЭ по другому предмету, не менее", default=70
    )
    medal2_russian = models.PositiveSmallIntegerField(
        "медаль II степени: баллов ЕГЭ по русскому языку, не менее", default=60
    )
    medal2_other = models.PositiveSmallIntegerField(
        "медаль II степени: баллов ЕГЭ по другому предмету, не менее", default=60
    )
    medal2_max_good = models.PositiveSmallIntegerField(
        "медаль II степени: итоговых «хорошо», не более", default=2
    )
    basic_maths_mark = models.CharField(
        "отметка ЕГЭ по математике базового уровня", max_length=10, default="5"
    )
    russian_subject = models.CharField(
        "предмет «Русский язык» (начало наименования)", max_length=100, default="Русский язык"
    )
    maths_subject = models.CharField(
        "предмет «Математика» (начало наименования)", max_length=100, default="Математика"
    )

    class Meta:
        verbose_name = "критерии поощрений"
        verbose_name_plural = "критерии поощрений"
        constraints = [
            models.CheckConstraint(
                condition=Q(medal1_russian__lte=100) & Q(medal1_other__lte=100)
                & Q(medal2_russian__lte=100) & Q(medal2_other__lte=100),
                name="reward_rule_scores_possible",
                violation_error_message="Баллы ЕГЭ не бывают больше 100.",
            ),
        ]  # fmt: skip

    def __str__(self):
        return "Критерии поощрений"
