"""The organisation: its kind, the terms its documents use, its requisites."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q


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
